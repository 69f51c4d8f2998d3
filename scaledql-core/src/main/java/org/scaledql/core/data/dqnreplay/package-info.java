/**
 * DQN-Replay (google-research/batch_rl) on local disk: import into any
 * {@link org.scaledql.api.data.TransitionSink}, and write data in the same layout.
 *
 * <p>Contents:
 * <ul>
 *   <li>{@link org.scaledql.core.data.dqnreplay.DqnReplayImporter}: streams checkpoints into a sink, rebuilding
 *       the chronological order, dropping padding, validating every file.</li>
 *   <li>{@link org.scaledql.core.data.dqnreplay.DqnReplayImportConfig}: games, runs, checkpoints, fraction.</li>
 *   <li>{@link org.scaledql.core.data.dqnreplay.DqnReplayWriter}: a sink that writes the real layout.</li>
 *   <li>{@link org.scaledql.core.data.dqnreplay.DqnReplayFiles}: file names.</li>
 *   <li>{@link org.scaledql.core.data.dqnreplay.AtariActionSets}: minimal action-set sizes.</li>
 * </ul>
 */
package org.scaledql.core.data.dqnreplay;
