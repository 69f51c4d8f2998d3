/**
 * The built-in multi-game testbed: environments, behaviour policies, reference scores and dataset generation.
 *
 * <p>Contents:
 * <ul>
 *   <li>{@link org.scaledql.core.env.Games}: the registry and factory ({@code Games.create(name, mode, difficulty, seed)}).</li>
 *   <li>{@link org.scaledql.core.env.GridEnvironment}, {@link org.scaledql.core.env.GridGame},
 *       {@link org.scaledql.core.env.AbstractGridGame}: the environment around a game's rules.</li>
 *   <li>{@link org.scaledql.core.env.CommonLayout}: the shared 10-channel observation layout.</li>
 *   <li>{@link org.scaledql.core.env.BehaviorPolicies}: random, scripted expert, noisy expert.</li>
 *   <li>{@link org.scaledql.core.env.TestbedScores}, {@link org.scaledql.core.env.EpisodeStats}: reference
 *       scores for normalization and how they are measured.</li>
 *   <li>{@link org.scaledql.core.env.DatasetGenerator}, {@link org.scaledql.core.env.TransitionRecorder}:
 *       writing experience to a {@link org.scaledql.api.data.TransitionSink}.</li>
 *   <li>{@link org.scaledql.core.env.RandomSources}, {@link org.scaledql.core.env.FrameRenderer},
 *       {@link org.scaledql.core.env.StepBenchmark}: seeded randomness, GIF frames, the stepping benchmark.</li>
 * </ul>
 */
package org.scaledql.core.env;
