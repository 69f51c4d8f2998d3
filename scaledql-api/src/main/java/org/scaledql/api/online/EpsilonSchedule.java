package org.scaledql.api.online;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The exploration rate of epsilon-greedy acting as a function of the environment step: {@code initial} for the
 * first {@code warmupSteps} steps, then a straight line down to {@code end} over {@code decaySteps} steps, then
 * {@code end}. This is Dopamine's {@code linearly_decaying_epsilon(decay_period, step, warmup_steps, epsilon)}
 * (dqn_agent.py), generalised to a start value other than 1:
 *
 * <pre>
 * epsilon(t) = end + clip((initial - end) * (decaySteps + warmupSteps - t) / decaySteps, 0, initial - end)
 * </pre>
 *
 * @param initial     epsilon during the warm-up and at the start of the decay, in {@code [0, 1]} (Dopamine and
 *                    MinAtar: 1.0)
 * @param end         epsilon after the decay, in {@code [0, initial]} (Dopamine {@code epsilon_train}: 0.01;
 *                    MinAtar: 0.1)
 * @param decaySteps  length of the linear decay in environment steps, at least 1 (Dopamine
 *                    {@code epsilon_decay_period}: 250,000; MinAtar: 100,000)
 * @param warmupSteps steps at {@code initial} before the decay starts, at least 0 (Dopamine passes
 *                    {@code min_replay_history}: 20,000; MinAtar: 5,000)
 */
public record EpsilonSchedule(double initial, double end, long decaySteps, long warmupSteps) {

    /**
     * Validates the range of every field.
     *
     * @param initial     epsilon during the warm-up and at the start of the decay, in {@code [0, 1]} (Dopamine and
     *                    MinAtar: 1.0)
     * @param end         epsilon after the decay, in {@code [0, initial]} (Dopamine {@code epsilon_train}: 0.01;
     *                    MinAtar: 0.1)
     * @param decaySteps  length of the linear decay in environment steps, at least 1 (Dopamine {@code
     *                    epsilon_decay_period}: 250,000; MinAtar: 100,000)
     * @param warmupSteps steps at {@code initial} before the decay starts, at least 0 (Dopamine passes {@code
     *                    min_replay_history}: 20,000; MinAtar: 5,000)
     */
    public EpsilonSchedule {
        checkArgument(initial >= 0 && initial <= 1, "epsilon initial must be in [0, 1]; got initial=%s", initial);
        checkArgument(end >= 0 && end <= initial,
                "epsilon end must be in [0, initial=%s] (the schedule only decays); got end=%s", initial, end);
        checkArgument(decaySteps >= 1, "epsilon decaySteps must be >= 1 (use constant(e) for no decay); got %s",
                decaySteps);
        checkArgument(warmupSteps >= 0, "epsilon warmupSteps must be >= 0; got %s", warmupSteps);
    }

    /**
     * Dopamine's DQN/C51 schedule: 1.0 for 20,000 steps, then down to 0.01 over 250,000 steps.
     *
     * @return Dopamine's schedule
     */
    public static EpsilonSchedule dopamine() {
        return new EpsilonSchedule(1.0, 0.01, 250_000, 20_000);
    }

    /**
     * MinAtar's DQN schedule (examples/dqn.py): 1.0 for 5,000 steps, then down to 0.1 over 100,000 steps.
     *
     * @return MinAtar's schedule
     */
    public static EpsilonSchedule minAtar() {
        return new EpsilonSchedule(1.0, 0.1, 100_000, 5_000);
    }

    /**
     * {@return the same epsilon at every step}
     *
     * @param epsilon the probability of a random action, in [0, 1]
     */
    public static EpsilonSchedule constant(double epsilon) {
        return new EpsilonSchedule(epsilon, epsilon, 1, 0);
    }

    /**
     * Epsilon at environment step {@code step} (0-based: the first action is taken at step 0).
     *
     * @param step the environment step, from 0
     * @return epsilon at that step, in [0, 1]
     * @throws IllegalArgumentException if {@code step < 0}
     */
    public double value(long step) {
        checkArgument(step >= 0, "step must be >= 0; got %s", step);
        double stepsLeft = (double) decaySteps + warmupSteps - step;
        double bonus = (initial - end) * stepsLeft / decaySteps;
        if (bonus >= initial - end) {
            return initial; // exactly, without end + (initial - end) rounding
        }
        return bonus <= 0 ? end : end + bonus;
    }
}
