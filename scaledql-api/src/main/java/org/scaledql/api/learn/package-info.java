/**
 * The learner: objectives and the training step.
 *
 * <p>Contents:
 * <ul>
 *   <li>{@link org.scaledql.api.learn.LossConfig}: TD form, CQL alpha, DR3, BC (presets for Scaled QL, MSE, BC).</li>
 *   <li>{@link org.scaledql.api.learn.LossTerm}, {@link org.scaledql.api.learn.LossContext}: a term of your own
 *       in the step's graph, and what it can build on.</li>
 *   <li>{@link org.scaledql.api.learn.TrainStep}: one step, or its two halves; target sync; state snapshots.</li>
 *   <li>{@link org.scaledql.api.learn.StepResult}, {@link org.scaledql.api.learn.Gradients},
 *       {@link org.scaledql.api.learn.TrainingState}, {@link org.scaledql.api.learn.NonFinitePolicy}.</li>
 * </ul>
 */
package org.scaledql.api.learn;
