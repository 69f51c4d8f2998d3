/**
 * Seeded, resumable samplers that turn a transition store into minibatches: frame stacks assembled at sample
 * time, n-step returns truncated at terminals, game weighting, an optional prefetch thread.
 *
 * <p>Contents:
 * <ul>
 *   <li>{@link org.scaledql.core.data.sampling.Samplers}: factories.</li>
 *   <li>{@link org.scaledql.core.data.sampling.StoreSampler}: the sampler over a
 *       {@link org.scaledql.api.data.TransitionStore}.</li>
 * </ul>
 */
package org.scaledql.core.data.sampling;
