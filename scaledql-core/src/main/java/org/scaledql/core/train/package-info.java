/**
 * Training runs end to end: the trainer loop, checkpoints, metric logs and progress.
 *
 * <p>Contents:
 * <ul>
 *   <li>{@link org.scaledql.core.train.Trainer}: drives the training step over a sampler, with evaluation and checkpoints.</li>
 *   <li>{@link org.scaledql.core.train.Checkpoints}: atomic, checksummed checkpoints; the newest two are kept.</li>
 *   <li>{@link org.scaledql.core.train.MetricsLog}: CSV and JSON-lines metric files, truncated on resume.</li>
 *   <li>{@link org.scaledql.core.train.ProgressBar}: progress with rate and ETA on stderr.</li>
 * </ul>
 */
package org.scaledql.core.train;
