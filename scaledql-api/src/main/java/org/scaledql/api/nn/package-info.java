/**
 * The multi-game Q-network's configuration and interface.
 *
 * <p>Contents:
 * <ul>
 *   <li>{@link org.scaledql.api.nn.NetworkConfig}: the whole network, with a builder of documented defaults.</li>
 *   <li>{@link org.scaledql.api.nn.EncoderConfig}: {@link org.scaledql.api.nn.NatureCnnConfig},
 *       {@link org.scaledql.api.nn.ImpalaConfig}, {@link org.scaledql.api.nn.ResNetConfig}.</li>
 *   <li>{@link org.scaledql.api.nn.FeatureReduction}: spatial embedding or flatten.</li>
 *   <li>{@link org.scaledql.api.nn.HeadConfig}: C51 or scalar per-game heads; {@link org.scaledql.api.nn.Support}.</li>
 *   <li>{@link org.scaledql.api.nn.QNetwork}: the built network.</li>
 * </ul>
 */
package org.scaledql.api.nn;
