package org.scaledql.api.transfer;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;
import org.scaledql.api.learn.LossConfig;
import org.scaledql.api.online.EpsilonSchedule;
import org.scaledql.api.online.OnlineConfig;
import org.scaledql.api.train.OptimizerConfig;

/**
 * Online fine-tuning of a (transferred or fresh) network on one game or game variant (Scaled QL Section 5.2,
 * scenario 2): the online loop's settings (budget in environment steps, replay, exploration) plus the training
 * step's objective, optimizer and target period.
 *
 * @param online             budget, replay, update cadence, epsilon schedule, seed of the online loop
 * @param loss               the objective; online, CQL's alpha is usually reduced (the data is no longer fixed)
 * @param optimizer          Adam and clipping
 * @param targetUpdatePeriod gradient steps between target-network syncs, at least 1
 */
public record OnlineFineTuningConfig(OnlineConfig online, LossConfig loss, OptimizerConfig optimizer,
        long targetUpdatePeriod) {

    /** CQL alpha of {@link #testbed}: a fifth of the offline 0.05. */
    public static final double DEFAULT_ONLINE_CQL_ALPHA = 0.01;

    /**
     * Validates.
     *
     * @param online             budget, replay, update cadence, epsilon schedule, seed of the online loop
     * @param loss               the objective; online, CQL's alpha is usually reduced (the data is no longer fixed)
     * @param optimizer          Adam and clipping
     * @param targetUpdatePeriod gradient steps between target-network syncs, at least 1
     */
    public OnlineFineTuningConfig {
        Objects.requireNonNull(online, "online");
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(optimizer, "optimizer");
        checkArgument(targetUpdatePeriod >= 1, "targetUpdatePeriod must be >= 1 gradient step; got %s",
                targetUpdatePeriod);
    }

    /**
     * Sized for small testbed budgets (thousands to tens of thousands of environment steps): C51 with CQL alpha
     * {@value #DEFAULT_ONLINE_CQL_ALPHA}, Adam lr 1e-3 (the small training preset's), a gradient step every 4
     * environment steps (Dopamine's and {@link OnlineConfig#testbed}'s) once {@code min(1000, steps / 10)}
     * transitions are stored, batch 32, gamma 0.99, epsilon 1.0
     * during that warm-up and then down to 0.05 over the first half of the budget, target sync every 100 gradient
     * steps. Pre-trained and scratch networks get the same schedule, so neither is favoured.
     *
     * @param environmentSteps the budget, at least 10
     * @param seed             seeds exploration and replay sampling
     * @return the settings
     */
    public static OnlineFineTuningConfig testbed(long environmentSteps, long seed) {
        checkArgument(environmentSteps >= 10, "the online budget must be >= 10 environment steps; got %s",
                environmentSteps);
        long warmup = Math.min(1000, environmentSteps / 10);
        OnlineConfig online = new OnlineConfig(environmentSteps, (int) Math.min(100_000, environmentSteps + 1), warmup,
                4, 32, 1, 0.99, new EpsilonSchedule(1.0, 0.05, Math.max(1, environmentSteps / 2), warmup), 0.001, seed);
        return new OnlineFineTuningConfig(online, LossConfig.scaledQl().withCqlAlpha(DEFAULT_ONLINE_CQL_ALPHA),
                OptimizerConfig.adam(1e-3, 3.125e-4), 100);
    }

    /**
     * {@return a copy with another CQL alpha (0 turns CQL off)}
     *
     * @param alpha the CQL weight
     */
    public OnlineFineTuningConfig withCqlAlpha(double alpha) {
        return new OnlineFineTuningConfig(online, loss.withCqlAlpha(alpha), optimizer, targetUpdatePeriod);
    }

    /**
     * {@return a copy with other online-loop settings}
     *
     * @param o the online-loop settings
     */
    public OnlineFineTuningConfig withOnline(OnlineConfig o) {
        return new OnlineFineTuningConfig(o, loss, optimizer, targetUpdatePeriod);
    }
}
