/**
 * Online Q-learning: the settings and results of an epsilon-greedy run that fills a replay buffer and trains
 * a Q-network as it plays.
 *
 * <p>Contents:
 * <ul>
 *   <li>{@link org.scaledql.api.online.OnlineConfig}: budget, replay, update cadence, exploration, seed (presets
 *       {@code dopamine} and {@code testbed}).</li>
 *   <li>{@link org.scaledql.api.online.EpsilonSchedule}: Dopamine's linear decay after a warm-up.</li>
 *   <li>{@link org.scaledql.api.online.OnlineListener}, {@link org.scaledql.api.online.EpisodeRecord},
 *       {@link org.scaledql.api.online.OnlineResult}: the learning curve as it happens and at the end.</li>
 * </ul>
 */
package org.scaledql.api.online;
