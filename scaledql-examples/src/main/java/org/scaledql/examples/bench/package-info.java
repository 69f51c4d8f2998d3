/**
 * Training-speed benchmarks: times the full Scaled QL training step on standard networks, counts its FLOPs,
 * measures the machine's matrix-product peak and resident memory, and runs the PyTorch peer for comparison.
 *
 * <p>Contents:
 * <ul>
 *   <li>{@link org.scaledql.examples.bench.BenchRow}, {@link org.scaledql.examples.bench.BenchRows}: the
 *       benchmarked networks and batch sizes;</li>
 *   <li>{@link org.scaledql.examples.bench.StepFlops}: analytic FLOP count of one training step;</li>
 *   <li>{@link org.scaledql.examples.bench.StepTimer}, {@link org.scaledql.examples.bench.Timing}: warm-up,
 *       repetitions, median and percentiles;</li>
 *   <li>{@link org.scaledql.examples.bench.PeakFlops}: a large single-precision matrix product through ND4J;</li>
 *   <li>{@link org.scaledql.examples.bench.ResidentMemory}: VmRSS from {@code /proc/self/status};</li>
 *   <li>{@link org.scaledql.examples.bench.PytorchPeer}: runs {@code bench/pytorch_peer.py} and reads its JSON.</li>
 * </ul>
 */
package org.scaledql.examples.bench;
