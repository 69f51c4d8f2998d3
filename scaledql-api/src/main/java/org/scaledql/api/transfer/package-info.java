/**
 * Transfer of a pre-trained multi-game network to new games or game variants (Scaled QL, Section 5.2).
 *
 * <p>Contents:
 * <ul>
 *   <li>{@link org.scaledql.api.transfer.TransferConfig}: which pieces are copied, and whether the encoder is frozen.</li>
 *   <li>{@link org.scaledql.api.transfer.OnlineFineTuningConfig}: budget, exploration and objective of online
 *       fine-tuning on a game variant.</li>
 *   <li>{@link org.scaledql.api.transfer.MaeConfig}: masked-autoencoder pre-training, the paper's
 *       representation-learning baseline.</li>
 * </ul>
 */
package org.scaledql.api.transfer;
