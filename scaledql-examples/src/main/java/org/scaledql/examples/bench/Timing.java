package org.scaledql.examples.bench;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;

/**
 * Measured step times of one row, in milliseconds, after warm-up.
 *
 * @param warmupSteps steps run before measuring
 * @param stepMs      every measured step's wall time, in order
 */
public record Timing(int warmupSteps, double[] stepMs) {

    /** Needs at least one measured step. */
    public Timing {
        checkArgument(stepMs != null && stepMs.length >= 1, "a timing needs at least one measured step");
        stepMs = stepMs.clone();
    }

    @Override
    public double[] stepMs() {
        return stepMs.clone();
    }

    /** Median step time (linear interpolation between order statistics, as numpy's default). */
    public double medianMs() {
        return percentile(50);
    }

    /** 10th percentile. */
    public double p10Ms() {
        return percentile(10);
    }

    /** 90th percentile. */
    public double p90Ms() {
        return percentile(90);
    }

    /**
     * The {@code q}-th percentile, {@code 0 <= q <= 100}, interpolating linearly between the sorted values at
     * rank {@code q / 100 * (n - 1)} (numpy's default method, which the PyTorch peer uses too).
     */
    public double percentile(double q) {
        checkArgument(q >= 0 && q <= 100, "percentile needs 0 <= q <= 100; got %s", q);
        double[] s = stepMs.clone();
        Arrays.sort(s);
        double rank = q / 100 * (s.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = (int) Math.ceil(rank);
        return s[lo] + (s[hi] - s[lo]) * (rank - lo);
    }
}
