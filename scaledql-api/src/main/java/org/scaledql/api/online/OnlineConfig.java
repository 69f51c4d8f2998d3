package org.scaledql.api.online;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;

/**
 * Settings of the online Q-learning loop: budget, replay buffer, update cadence, exploration, seed. The loss,
 * optimizer and target-network period belong to the training step the loop drives, not to this record.
 *
 * <p>The loop takes {@code environmentSteps} epsilon-greedy actions. Each step's transition enters the replay
 * buffer; once at least {@code minReplayHistory} transitions have been stored, every {@code updatePeriod}-th
 * environment step runs one gradient step on a uniformly sampled batch (Dopamine's {@code _train_step}).
 *
 * @param environmentSteps actions taken in total (the budget), at least 1
 * @param replayCapacity   rows kept by the ring buffer (oldest overwritten first), at least 2; an episode cut
 *                         by the step cap takes one extra row for its final observation
 * @param minReplayHistory transitions stored before the first gradient step, at least 1
 * @param updatePeriod     environment steps per gradient step, at least 1
 * @param batchSize        transitions per gradient step, at least 1
 * @param nStep            rewards summed before bootstrapping, at least 1 (Dopamine C51: 1)
 * @param discount         per-step discount gamma in {@code [0, 1]}
 * @param epsilon          the exploration schedule (indexed by environment step)
 * @param epsilonEval      epsilon of evaluation episodes (Dopamine: 0.001), in {@code [0, 1]}
 * @param seed             seeds exploration and replay sampling (the environment and the network have their
 *                         own seeds)
 */
public record OnlineConfig(
        long environmentSteps,
        int replayCapacity,
        long minReplayHistory,
        int updatePeriod,
        int batchSize,
        int nStep,
        double discount,
        EpsilonSchedule epsilon,
        double epsilonEval,
        long seed) {

    /**
     * Validates every field.
     *
     * @param environmentSteps actions taken in total (the budget), at least 1
     * @param replayCapacity   rows kept by the ring buffer (oldest overwritten first), at least 2; an episode cut by
     *                         the step cap takes one extra row for its final observation
     * @param minReplayHistory transitions stored before the first gradient step, at least 1
     * @param updatePeriod     environment steps per gradient step, at least 1
     * @param batchSize        transitions per gradient step, at least 1
     * @param nStep            rewards summed before bootstrapping, at least 1 (Dopamine C51: 1)
     * @param discount         per-step discount gamma in {@code [0, 1]}
     * @param epsilon          the exploration schedule (indexed by environment step)
     * @param epsilonEval      epsilon of evaluation episodes (Dopamine: 0.001), in {@code [0, 1]}
     * @param seed             seeds exploration and replay sampling (the environment and the network have their own
     *                         seeds)
     */
    public OnlineConfig {
        checkArgument(environmentSteps >= 1, "environmentSteps (the budget) must be >= 1; got %s", environmentSteps);
        checkArgument(replayCapacity >= 2, "replayCapacity must be >= 2 rows; got %s", replayCapacity);
        checkArgument(minReplayHistory >= 1, "minReplayHistory must be >= 1 transition; got %s", minReplayHistory);
        checkArgument(minReplayHistory <= replayCapacity,
                "minReplayHistory (%s) must be <= replayCapacity (%s), or training would never start",
                minReplayHistory, replayCapacity);
        checkArgument(updatePeriod >= 1, "updatePeriod must be >= 1 environment step; got %s", updatePeriod);
        checkArgument(batchSize >= 1, "batchSize must be >= 1; got %s", batchSize);
        checkArgument(nStep >= 1 && nStep < replayCapacity, "nStep must be in [1, replayCapacity); got %s", nStep);
        checkArgument(discount >= 0 && discount <= 1, "discount must be in [0, 1]; got %s", discount);
        Objects.requireNonNull(epsilon, "epsilon");
        checkArgument(epsilonEval >= 0 && epsilonEval <= 1, "epsilonEval must be in [0, 1]; got %s", epsilonEval);
    }

    /**
     * Dopamine's C51 / batch_rl data-collection values (dqn.gin, c51.gin): replay 1,000,000, min replay history
     * 20,000, update period 4, batch 32, 1-step returns, gamma 0.99, epsilon 1.0 to 0.01 over 250,000 steps
     * after the 20,000-step warm-up, evaluation epsilon 0.001. Pair it with a training step whose
     * {@code targetUpdatePeriod} is 2,000 gradient steps (Dopamine's 8,000 counts environment steps).
     *
     * @param environmentSteps actions taken in total (the budget), at least 1
     * @param seed             seeds exploration and replay sampling (the environment and the network have their own
     *                         seeds)
     * @return Dopamine's settings
     */
    public static OnlineConfig dopamine(long environmentSteps, long seed) {
        return new OnlineConfig(environmentSteps, 1_000_000, 20_000, 4, 32, 1, 0.99, EpsilonSchedule.dopamine(),
                0.001, seed);
    }

    /**
     * Testbed-sized defaults, after MinAtar's DQN (examples/dqn.py, whose published returns are the testbed's
     * reference scores): replay 100,000, 5,000 stored transitions before learning, batch 32, gamma 0.99,
     * epsilon 1.0 to 0.1 over 100,000 steps after a 5,000-step warm-up, evaluation epsilon 0.001 (Dopamine).
     * One deviation: a gradient step every 4 environment steps (Dopamine) rather than every step (MinAtar),
     * because here a gradient step costs far more than a game step. Pair it with a {@code targetUpdatePeriod}
     * of 250 gradient steps (MinAtar's 1,000 environment steps).
     *
     * @param environmentSteps actions taken in total (the budget), at least 1
     * @param seed             seeds exploration and replay sampling (the environment and the network have their own
     *                         seeds)
     * @return the testbed-sized settings
     */
    public static OnlineConfig testbed(long environmentSteps, long seed) {
        return new OnlineConfig(environmentSteps, 100_000, 5_000, 4, 32, 1, 0.99, EpsilonSchedule.minAtar(),
                0.001, seed);
    }

    /**
     * {@return a copy with another budget}
     *
     * @param steps actions taken in total, at least 1
     */
    public OnlineConfig withEnvironmentSteps(long steps) {
        return new OnlineConfig(steps, replayCapacity, minReplayHistory, updatePeriod, batchSize, nStep, discount,
                epsilon, epsilonEval, seed);
    }

    /**
     * {@return a copy with another replay capacity and minimum history}
     *
     * @param capacity   transitions the replay holds
     * @param minHistory transitions stored before learning starts
     */
    public OnlineConfig withReplay(int capacity, long minHistory) {
        return new OnlineConfig(environmentSteps, capacity, minHistory, updatePeriod, batchSize, nStep, discount,
                epsilon, epsilonEval, seed);
    }

    /**
     * {@return a copy with another update period}
     *
     * @param period environment steps per gradient step, at least 1
     */
    public OnlineConfig withUpdatePeriod(int period) {
        return new OnlineConfig(environmentSteps, replayCapacity, minReplayHistory, period, batchSize, nStep,
                discount, epsilon, epsilonEval, seed);
    }

    /**
     * {@return a copy with another batch size}
     *
     * @param size samples per gradient step, at least 1
     */
    public OnlineConfig withBatchSize(int size) {
        return new OnlineConfig(environmentSteps, replayCapacity, minReplayHistory, updatePeriod, size, nStep,
                discount, epsilon, epsilonEval, seed);
    }

    /**
     * {@return a copy with another n-step horizon and discount}
     *
     * @param n     the n-step horizon, at least 1
     * @param gamma the discount, in [0, 1]
     */
    public OnlineConfig withNStep(int n, double gamma) {
        return new OnlineConfig(environmentSteps, replayCapacity, minReplayHistory, updatePeriod, batchSize, n,
                gamma, epsilon, epsilonEval, seed);
    }

    /**
     * {@return a copy with another exploration schedule}
     *
     * @param schedule the exploration schedule
     */
    public OnlineConfig withEpsilon(EpsilonSchedule schedule) {
        return new OnlineConfig(environmentSteps, replayCapacity, minReplayHistory, updatePeriod, batchSize, nStep,
                discount, schedule, epsilonEval, seed);
    }

    /**
     * {@return a copy with another seed}
     *
     * @param newSeed seeds exploration and replay sampling (the environment and the network have their own seeds)
     */
    public OnlineConfig withSeed(long newSeed) {
        return new OnlineConfig(environmentSteps, replayCapacity, minReplayHistory, updatePeriod, batchSize, nStep,
                discount, epsilon, epsilonEval, newSeed);
    }
}
