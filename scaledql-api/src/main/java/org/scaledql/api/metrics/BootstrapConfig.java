package org.scaledql.api.metrics;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Settings of a stratified bootstrap (rliable's {@code get_interval_estimates}): runs are resampled with
 * replacement independently within each task, optionally tasks too, and the interval is read off the
 * percentiles of the resampled statistic.
 *
 * <p>Defaults ({@link #defaults(long)}) are rliable's: {@value #DEFAULT_REPS} reps, confidence
 * {@value #DEFAULT_CONFIDENCE}, no task resampling. There is no default seed: every bootstrap names its
 * seed, and the result is a deterministic function of it (independent of the thread count).
 *
 * @param reps          number of bootstrap resamples, {@code >= 2}
 * @param confidence    two-sided coverage of the percentile interval, in {@code (0, 1)}
 * @param seed          seed from which each rep's random stream is derived
 * @param taskBootstrap whether tasks are resampled too (rliable's {@code task_bootstrap})
 */
public record BootstrapConfig(int reps, double confidence, long seed, boolean taskBootstrap) {

    /** rliable's default number of reps for aggregate estimates (its README). */
    public static final int DEFAULT_REPS = 50_000;
    /** The most reps accepted: 10 million, 80 MB per aggregate's estimates (an unbounded count ran out of memory). */
    public static final int MAX_REPS = 10_000_000;
    /** rliable's default interval coverage. */
    public static final double DEFAULT_CONFIDENCE = 0.95;

    /**
     * Validates the ranges.
     *
     * @param reps          number of bootstrap resamples, {@code >= 2}
     * @param confidence    two-sided coverage of the percentile interval, in {@code (0, 1)}
     * @param seed          seed from which each rep's random stream is derived
     * @param taskBootstrap whether tasks are resampled too (rliable's {@code task_bootstrap})
     */
    public BootstrapConfig {
        checkArgument(reps >= 2 && reps <= MAX_REPS, "a bootstrap needs reps in [2, %s] (rliable uses %s; more "
                + "only shrinks the Monte Carlo error, and each rep keeps one double per aggregate); got reps=%s",
                MAX_REPS, DEFAULT_REPS, reps);
        checkArgument(confidence > 0 && confidence < 1,
                "confidence must be in (0, 1), e.g. 0.95; got confidence=%s", confidence);
    }

    /**
     * rliable's defaults (50,000 reps, 95%, runs-only resampling) with the given seed.
     *
     * @param seed seed from which each rep's random stream is derived
     * @return rliable's defaults with {@code seed}
     */
    public static BootstrapConfig defaults(long seed) {
        return new BootstrapConfig(DEFAULT_REPS, DEFAULT_CONFIDENCE, seed, false);
    }

    /**
     * {@return this config with another number of reps}
     *
     * @param newReps number of bootstrap resamples, {@code >= 2}
     */
    public BootstrapConfig withReps(int newReps) {
        return new BootstrapConfig(newReps, confidence, seed, taskBootstrap);
    }

    /**
     * {@return this config with another confidence}
     *
     * @param newConfidence two-sided coverage of the percentile interval, in {@code (0, 1)}
     */
    public BootstrapConfig withConfidence(double newConfidence) {
        return new BootstrapConfig(reps, newConfidence, seed, taskBootstrap);
    }

    /**
     * {@return this config with another seed}
     *
     * @param newSeed seed from which each rep's random stream is derived
     */
    public BootstrapConfig withSeed(long newSeed) {
        return new BootstrapConfig(reps, confidence, newSeed, taskBootstrap);
    }

    /**
     * {@return this config with task resampling switched on or off}
     *
     * @param newTaskBootstrap whether tasks are resampled too (rliable's {@code task_bootstrap})
     */
    public BootstrapConfig withTaskBootstrap(boolean newTaskBootstrap) {
        return new BootstrapConfig(reps, confidence, seed, newTaskBootstrap);
    }
}
