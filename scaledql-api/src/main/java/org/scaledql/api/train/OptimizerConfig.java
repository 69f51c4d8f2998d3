package org.scaledql.api.train;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * Adam's hyperparameters and gradient clipping, as they appear in a JSON config. Turned into ND4J's own
 * {@link Adam} updater config by {@link #toUpdater(long)}.
 *
 * @param learningRate Adam step size
 * @param epsilon      Adam epsilon
 * @param beta1        first-moment decay (default 0.9)
 * @param beta2        second-moment decay (default 0.999)
 * @param maxGradNorm  global-norm clipping threshold; 0 disables it
 * @param headLearningRateScale multiplies the learning rate of the per-game heads (parameters named
 *                     {@code heads/...}); 1 trains every parameter at {@code learningRate}. The heads read
 *                     unit-norm features when feature normalization is on, so their logits move only as fast as
 *                     Adam grows their weights; a larger head rate lets a short run leave the initial,
 *                     near-uniform value distributions (docs/demo.md measures this)
 * @param schedule     how the learning rate changes over the run: {@link Schedule#CONSTANT} or
 *                     {@link Schedule#COSINE} decay to 0 at the run's last step
 */
public record OptimizerConfig(double learningRate, double epsilon, double beta1, double beta2, double maxGradNorm,
        double headLearningRateScale, Schedule schedule) {

    /** Learning-rate schedules. */
    public enum Schedule {
        /** The same rate at every step. */
        CONSTANT,
        /**
         * {@code lr * (1 + cos(pi * t / T)) / 2} at step {@code t} of {@code T} (Loshchilov and Hutter 2017,
         * without restarts): full rate at the start, 0 at the end, so a short run ends on small, stable updates.
         */
        COSINE
    }

    /**
     * Validates ranges.
     *
     * @param learningRate          Adam step size
     * @param epsilon               Adam epsilon
     * @param beta1                 first-moment decay (default 0.9)
     * @param beta2                 second-moment decay (default 0.999)
     * @param maxGradNorm           global-norm clipping threshold; 0 disables it
     * @param headLearningRateScale multiplies the learning rate of the per-game heads (parameters named {@code
     *                              heads/...}); 1 trains every parameter at {@code learningRate}. The heads read
     *                              unit-norm features when feature normalization is on, so their logits move only as
     *                              fast as Adam grows their weights; a larger head rate lets a short run leave the
     *                              initial, near-uniform value distributions (docs/demo.md measures this)
     * @param schedule              how the learning rate changes over the run: {@link Schedule#CONSTANT} or {@link
     *                              Schedule#COSINE} decay to 0 at the run's last step
     */
    public OptimizerConfig {
        checkArgument(learningRate > 0 && Double.isFinite(learningRate),
                "optimizer.learningRate must be > 0; got %s", learningRate);
        checkArgument(epsilon > 0 && Double.isFinite(epsilon), "optimizer.epsilon must be > 0; got %s", epsilon);
        checkArgument(beta1 >= 0 && beta1 < 1, "optimizer.beta1 must be in [0, 1); got %s", beta1);
        checkArgument(beta2 >= 0 && beta2 < 1, "optimizer.beta2 must be in [0, 1); got %s", beta2);
        checkArgument(maxGradNorm >= 0 && Double.isFinite(maxGradNorm),
                "optimizer.maxGradNorm must be >= 0 (0 = off); got %s", maxGradNorm);
        checkArgument(headLearningRateScale > 0 && Double.isFinite(headLearningRateScale),
                "optimizer.headLearningRateScale must be > 0 (1 = the same rate as the rest); got %s",
                headLearningRateScale);
        Objects.requireNonNull(schedule, "optimizer.schedule must be CONSTANT or COSINE; got null");
    }

    /**
     * Adam with the given step size and epsilon, default betas, no clipping, one rate for all parameters.
     *
     * @param learningRate Adam step size
     * @param epsilon      Adam epsilon
     * @return the config
     */
    public static OptimizerConfig adam(double learningRate, double epsilon) {
        return new OptimizerConfig(learningRate, epsilon, 0.9, 0.999, 0, 1, Schedule.CONSTANT);
    }

    /**
     * {@return this config with another head learning-rate scale}
     *
     * @param scale the heads' learning-rate multiplier, positive
     */
    public OptimizerConfig withHeadLearningRateScale(double scale) {
        return new OptimizerConfig(learningRate, epsilon, beta1, beta2, maxGradNorm, scale, schedule);
    }

    /**
     * {@return this config with another learning-rate schedule}
     *
     * @param s the schedule
     */
    public OptimizerConfig withSchedule(Schedule s) {
        return new OptimizerConfig(learningRate, epsilon, beta1, beta2, maxGradNorm, headLearningRateScale, s);
    }

    /**
     * ND4J's Adam config with these values, its learning rate following {@link #schedule} over a run of
     * {@code totalSteps} steps (the schedule reads the step count, so a resumed run continues it exactly).
     *
     * @param totalSteps the run's step count ({@link Schedule#COSINE} reaches 0 there); at least 1
     * @return the updater
     */
    public IUpdater toUpdater(long totalSteps) {
        checkArgument(totalSteps >= 1, "totalSteps must be >= 1; got %s", totalSteps);
        return switch (schedule) {
            case CONSTANT -> new Adam(learningRate, beta1, beta2, epsilon);
            case COSINE -> Adam.builder().learningRateSchedule(new CosineSchedule(learningRate, totalSteps))
                    .beta1(beta1).beta2(beta2).epsilon(epsilon).build();
        };
    }

    /**
     * Cosine decay from {@code initial} to 0 over {@code steps} iterations, then 0.
     *
     * @param initial the rate at iteration 0
     * @param steps   iterations to reach 0
     * @serial exclude
     */
    public record CosineSchedule(double initial, long steps) implements ISchedule {

        @Override
        public double valueAt(int iteration, int epoch) {
            double t = Math.min(1.0, Math.max(0, iteration) / (double) steps);
            return initial * 0.5 * (1 + Math.cos(Math.PI * t));
        }

        @Override
        public ISchedule clone() {
            return new CosineSchedule(initial, steps);
        }
    }
}
