/**
 * The Q-network on SameDiff: stateless layers, modules that own weights, and the assembled multi-game network.
 *
 * <p>Contents:
 * <ul>
 *   <li>{@link org.scaledql.core.nn.Layers}: group norm, spatial embedding, feature normalization, conv, dense, task selection.</li>
 *   <li>{@link org.scaledql.core.nn.Encoders}: Nature CNN, IMPALA CNN, ResNet with group norm, as {@link org.scaledql.core.nn.Encoder} modules.</li>
 *   <li>{@link org.scaledql.core.nn.EncoderFactory}: the hook for an encoder of your own inside the library's network, built from {@link org.scaledql.core.nn.Blocks} (convolution, group norm, IMPALA residual block) and {@link org.scaledql.core.nn.Layers}.</li>
 *   <li>{@link org.scaledql.core.nn.MultiGameHead}: one linear projection per game.</li>
 *   <li>{@link org.scaledql.core.nn.SameDiffQNetwork}: the whole network, implementing {@link org.scaledql.api.nn.QNetwork}.</li>
 *   <li>{@link org.scaledql.core.nn.ParameterFactory}: deterministic, backend-independent initialisation.</li>
 * </ul>
 */
package org.scaledql.core.nn;
