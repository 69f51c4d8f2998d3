/**
 * The multi-game Decision Transformer (Chen et al. 2021; Lee et al. 2022), the paper's main baseline: a
 * return-conditioned sequence model trained by supervised learning on the same offline data as Scaled QL.
 *
 * <p>Contents:
 * <ul>
 *   <li>{@link org.scaledql.api.dt.DecisionTransformerConfig}: architecture (observation encoder, context, width,
 *       depth, heads, return bins) and training settings.</li>
 *   <li>{@link org.scaledql.api.dt.ReturnConditioning}: how a policy sets its return tokens (Chen et al.'s target
 *       return or Lee et al.'s expert-return prompting).</li>
 * </ul>
 */
package org.scaledql.api.dt;
