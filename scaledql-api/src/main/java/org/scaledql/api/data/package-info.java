/**
 * Offline data as the learner sees it: batches of transitions from many games, and the samplers that
 * produce them.
 *
 * <p>Contents:
 * <ul>
 *   <li>{@link org.scaledql.api.data.TransitionBatch}: one minibatch, shaped for the training step.</li>
 *   <li>{@link org.scaledql.api.data.TransitionSink}: where logged experience is written, step by step.</li>
 * </ul>
 */
package org.scaledql.api.data;
