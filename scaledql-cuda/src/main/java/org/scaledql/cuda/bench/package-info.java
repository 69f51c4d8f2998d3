/**
 * Speed measurement on the selected backend: a C51-shaped training step built from plain SameDiff gradients,
 * and the benchmark program {@code scaledql-cuda/bin/gpu-check.sh} runs.
 *
 * <p>Contents:
 * <ul>
 *   <li>{@link org.scaledql.cuda.bench.CrossEntropyProbe}: cross-entropy loss, gradients, SGD and Adam steps</li>
 *   <li>{@link org.scaledql.cuda.bench.StepBenchmark}: forward and step timings, printed as a table</li>
 * </ul>
 */
package org.scaledql.cuda.bench;
