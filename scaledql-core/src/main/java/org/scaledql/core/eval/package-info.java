/**
 * Evaluation of networks and behaviour policies on the testbed games, batched over games and episodes.
 *
 * <p>Contents:
 * <ul>
 *   <li>{@link org.scaledql.core.eval.TestbedEvaluator}: the {@link org.scaledql.api.eval.Evaluator} of the
 *       testbed (one network forward per step for all running episodes; normalized IQM with a stratified
 *       bootstrap over episodes).</li>
 *   <li>{@link org.scaledql.core.eval.TestbedEvaluationPlan}: the environment and taskIds a network trained on
 *       stored games is evaluated with, from the games' recorded origins, or why it cannot be.</li>
 *   <li>{@link org.scaledql.core.eval.Evaluators}: factories, and an SLF4J progress listener.</li>
 *   <li>{@link org.scaledql.core.eval.EvaluationSeeds}: how every episode's seeds derive from one seed.</li>
 * </ul>
 */
package org.scaledql.core.eval;
