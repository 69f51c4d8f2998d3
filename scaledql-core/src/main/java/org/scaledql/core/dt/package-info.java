/**
 * The multi-game Decision Transformer baseline (Chen et al. 2021; Lee et al. 2022): {@link
 * org.scaledql.core.dt.SequenceSampler} cuts windows of consecutive steps out of a store's episodes with their
 * returns-to-go, {@link org.scaledql.core.dt.DecisionTransformer} is the return-conditioned causal transformer and
 * its training step, {@link org.scaledql.core.dt.DecisionTransformerTrainer} trains one into a run directory (as
 * {@code ./scaledql train --preset dt-small} does), and {@link org.scaledql.core.dt.DecisionTransformerPolicy}
 * plays it through the library's {@code Evaluator}, its return tokens set by a {@code ReturnConditioning}.
 */
package org.scaledql.core.dt;
