/**
 * The learner: {@link org.scaledql.core.learn.ScaledQlTrainStep} (the Scaled QL training step: a TD term, CQL,
 * optional DR3 and BC, Adam with clipping, per-group learning-rate scales and a learning-rate schedule, an explicit
 * target network), {@link org.scaledql.core.learn.DataParallelTrainStep} (one step's batch split across worker
 * threads), and the C51 {@link org.scaledql.core.learn.CategoricalProjection}. The loss terms' formulas are in
 * docs/learner.md.
 */
package org.scaledql.core.learn;
