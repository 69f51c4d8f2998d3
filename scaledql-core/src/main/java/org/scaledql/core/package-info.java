/**
 * Implementations of the {@code org.scaledql.api} interfaces on ND4J and SameDiff. Backend-free: which ND4J
 * backend (CPU or CUDA) runs the kernels is decided by the user's classpath.
 *
 * <p>Contents:
 * <ul>
 *   <li>{@link org.scaledql.core.nn}: the Q-network and its building blocks.</li>
 *   <li>{@link org.scaledql.core.io}: JSON configs, atomic writes, checksummed array files.</li>
 * </ul>
 */
package org.scaledql.core;
