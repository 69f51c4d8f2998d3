/**
 * Transfer of a pre-trained multi-game network to held-out games (offline) and game variants (online),
 * Scaled QL Section 5.2.
 *
 * <p>Contents:
 * <ul>
 *   <li>{@link org.scaledql.core.transfer.Pretrained}: a pre-trained network read from a run directory or file.</li>
 *   <li>{@link org.scaledql.core.transfer.NetworkTransfer}: copies the encoder (and optionally more) into a new
 *       network with fresh heads; the frozen-parameter predicate.</li>
 *   <li>{@link org.scaledql.core.transfer.FineTuning}: offline fine-tuning runs on new games' data (the trainer) and
 *       online fine-tuning on game variants (the online loop).</li>
 * </ul>
 */
package org.scaledql.core.transfer;
