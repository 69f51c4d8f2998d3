/**
 * Running SameDiff graphs fast, for any graph (not only the Q-network): compiled execution without SameDiff's per-op
 * bookkeeping, the gradient kernels it substitutes, and the native thread setting.
 *
 * <p>Contents:
 * <ul>
 *   <li>{@link org.scaledql.core.runtime.CompiledGraph}: a SameDiff function compiled to a flat list of native
 *       calls for one set of input shapes.</li>
 *   <li>{@link org.scaledql.core.runtime.GraphRunner}: runs a graph through compiled plans, one per input shape,
 *       with SameDiff as the fallback.</li>
 *   <li>{@link org.scaledql.core.runtime.NativeThreads}: the OpenMP thread count, per Java thread.</li>
 *   <li>{@link org.scaledql.core.runtime.Quiet}: keeps SameDiff's gradient-building noise off stdout.</li>
 * </ul>
 * This package depends on no other scaledql package (checked by {@code LayeringTest}).
 */
package org.scaledql.core.runtime;
