package org.scaledql.api.train;

import static com.google.common.base.Preconditions.checkArgument;

import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Adam's hyperparameters and gradient clipping, as they appear in a JSON config. Turned into ND4J's own
 * {@link Adam} updater config by {@link #toUpdater()}.
 *
 * @param learningRate Adam step size
 * @param epsilon      Adam epsilon
 * @param beta1        first-moment decay (default 0.9)
 * @param beta2        second-moment decay (default 0.999)
 * @param maxGradNorm  global-norm clipping threshold; 0 disables it
 */
public record OptimizerConfig(double learningRate, double epsilon, double beta1, double beta2, double maxGradNorm) {

    /** Validates ranges. */
    public OptimizerConfig {
        checkArgument(learningRate > 0 && Double.isFinite(learningRate),
                "optimizer.learningRate must be > 0; got %s", learningRate);
        checkArgument(epsilon > 0 && Double.isFinite(epsilon), "optimizer.epsilon must be > 0; got %s", epsilon);
        checkArgument(beta1 >= 0 && beta1 < 1, "optimizer.beta1 must be in [0, 1); got %s", beta1);
        checkArgument(beta2 >= 0 && beta2 < 1, "optimizer.beta2 must be in [0, 1); got %s", beta2);
        checkArgument(maxGradNorm >= 0 && Double.isFinite(maxGradNorm),
                "optimizer.maxGradNorm must be >= 0 (0 = off); got %s", maxGradNorm);
    }

    /** Adam with the given step size and epsilon, default betas, no clipping. */
    public static OptimizerConfig adam(double learningRate, double epsilon) {
        return new OptimizerConfig(learningRate, epsilon, 0.9, 0.999, 0);
    }

    /** ND4J's Adam config with these values. */
    public IUpdater toUpdater() {
        return new Adam(learningRate, beta1, beta2, epsilon);
    }
}
