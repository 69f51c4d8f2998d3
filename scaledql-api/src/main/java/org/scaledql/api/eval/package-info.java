/**
 * Policy evaluation on the testbed: how a trained network (or a behaviour policy) is played and scored.
 *
 * <p>Contents:
 * <ul>
 *   <li>{@link org.scaledql.api.eval.Evaluator}: plays a network's epsilon-greedy policy, or any behaviour
 *       policy, for M episodes per game.</li>
 *   <li>{@link org.scaledql.api.eval.EvaluationConfig}: episodes, epsilon, environment, seed, batch width,
 *       bootstrap settings.</li>
 *   <li>{@link org.scaledql.api.eval.EvaluationReport}, {@link org.scaledql.api.eval.GameEvaluation},
 *       {@link org.scaledql.api.eval.EpisodeResult}: raw returns, normalized means, the IQM interval.</li>
 *   <li>{@link org.scaledql.api.eval.EvaluationListener}: progress, one call per finished episode.</li>
 * </ul>
 */
package org.scaledql.api.eval;
