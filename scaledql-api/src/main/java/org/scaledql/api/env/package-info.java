/**
 * The environment API of the testbed: reset, observe into a caller's array, step.
 *
 * <p>Contents:
 * <ul>
 *   <li>{@link org.scaledql.api.env.Environment}: one running game; {@link org.scaledql.api.env.StepOutcome} the
 *       result of a step (reward, terminal, truncated).</li>
 *   <li>{@link org.scaledql.api.env.VectorEnvironment}: many copies stepped together into {@code [N, C, H, W]}.</li>
 *   <li>{@link org.scaledql.api.env.GameInfo}, {@link org.scaledql.api.env.GameMode},
 *       {@link org.scaledql.api.env.EnvironmentSpec}: static descriptions of a game, its variants and shapes.</li>
 *   <li>{@link org.scaledql.api.env.EnvironmentConfig}, {@link org.scaledql.api.env.ObservationFormat}: how to
 *       build one.</li>
 *   <li>{@link org.scaledql.api.env.RandomSource}: the injectable source of all randomness.</li>
 *   <li>{@link org.scaledql.api.env.BehaviorPolicy}: anything that picks actions.</li>
 * </ul>
 */
package org.scaledql.api.env;
