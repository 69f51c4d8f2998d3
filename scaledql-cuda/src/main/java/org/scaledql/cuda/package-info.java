/**
 * Runs scaledql on NVIDIA GPUs through ND4J's CUDA backend: decides CPU or CUDA before ND4J starts, reports
 * the devices ND4J sees, and applies GPU defaults. See {@code docs/cuda.md}, including what is verified.
 *
 * <p>Contents:
 * <ul>
 *   <li>{@link org.scaledql.cuda.BackendRequest}, {@link org.scaledql.cuda.BackendSelection} (pure rules),
 *       {@link org.scaledql.cuda.BackendDecision}, {@link org.scaledql.cuda.HostFacts},
 *       {@link org.scaledql.cuda.GpuVisibility}: backend selection</li>
 *   <li>{@link org.scaledql.cuda.Backends}: selection, verification and reporting in a running process</li>
 *   <li>{@link org.scaledql.cuda.BackendReport}, {@link org.scaledql.cuda.GpuDevice}: what ND4J reports</li>
 *   <li>{@link org.scaledql.cuda.CudaDefaults}: GPU memory settings</li>
 *   <li>{@link org.scaledql.cuda.Backend}: the two backends and their ND4J priority variables</li>
 * </ul>
 */
package org.scaledql.cuda;
