/**
 * Training runs: the JSON-serialisable configuration of a whole run, with the paper's preset and a
 * 2-core preset.
 *
 * <p>Contents:
 * <ul>
 *   <li>{@link org.scaledql.api.train.TrainConfig}: steps, batch, periods, seed, and the pieces below.</li>
 *   <li>{@link org.scaledql.api.train.NetworkSpec}: the network without its data-given shapes.</li>
 *   <li>{@link org.scaledql.api.train.OptimizerConfig}: Adam and clipping.</li>
 * </ul>
 */
package org.scaledql.api.train;
