/**
 * Offline data as the learner sees it: batches of transitions from many games, and the samplers that
 * produce them.
 *
 * <p>Contents:
 * <ul>
 *   <li>{@link org.scaledql.api.data.TransitionBatch}: one minibatch, shaped for the training step.</li>
 *   <li>{@link org.scaledql.api.data.TransitionSink}: where logged experience is written, step by step.</li>
 *   <li>{@link org.scaledql.api.data.TransitionStore}, {@link org.scaledql.api.data.GameRecords},
 *       {@link org.scaledql.api.data.GameMetadata}: read access to stored experience, one game at a time.</li>
 *   <li>{@link org.scaledql.api.data.GameOrigin}: the environment, variant and observation format a game's rows
 *       were logged in.</li>
 *   <li>{@link org.scaledql.api.data.Sampler}, {@link org.scaledql.api.data.SamplerConfig},
 *       {@link org.scaledql.api.data.GameWeighting}, {@link org.scaledql.api.data.SamplerState}: seeded,
 *       resumable minibatch sampling.</li>
 *   <li>{@link org.scaledql.api.data.ObservationFormat}: float or raw uint8 observations in a batch.</li>
 * </ul>
 */
package org.scaledql.api.data;
