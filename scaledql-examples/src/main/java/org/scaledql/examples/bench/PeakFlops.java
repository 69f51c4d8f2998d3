package org.scaledql.examples.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The machine's practical single-precision peak: the best of several {@code n x n} by {@code n x n} float
 * matrix products through ND4J's BLAS ({@code 2 n^3} FLOPs each), with the thread settings in force.
 */
public final class PeakFlops {

    private PeakFlops() {
    }

    /**
     * Measures the peak in GFLOP/s.
     *
     * @param n    matrix size (2048 by default in the CLI; 512 for a quick run)
     * @param reps timed products after two untimed ones
     */
    public static double measureGflops(int n, int reps) {
        Nd4j.getRandom().setSeed(1);
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.create(DataType.FLOAT, n, n);
        double best = Double.MAX_VALUE;
        for (int i = 0; i < reps + 2; i++) {
            long t0 = System.nanoTime();
            a.mmuli(b, c);
            double s = (System.nanoTime() - t0) / 1e9;
            if (i >= 2) {
                best = Math.min(best, s);
            }
        }
        return 2.0 * n * n * n / best / 1e9;
    }
}
