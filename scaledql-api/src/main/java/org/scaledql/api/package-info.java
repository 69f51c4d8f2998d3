/**
 * The public surface of scaledql: interfaces and validated configuration records. This module names no
 * implementation and no ND4J backend, so user code written against it runs unchanged on the CPU and CUDA
 * backends.
 *
 * <p>Contents:
 * <ul>
 *   <li>{@link org.scaledql.api.data}: batches of transitions and the samplers that produce them.</li>
 *   <li>{@link org.scaledql.api.nn}: the multi-game Q-network configuration and interface.</li>
 * </ul>
 */
package org.scaledql.api;
