package org.scaledql.api.env;

/**
 * What one {@link Environment#step(int)} produced.
 *
 * @param reward    the reward that followed the action
 * @param terminal  the episode ended by the game's own rules (game over): do not bootstrap
 * @param truncated the episode was cut at the step cap without a game over: bootstrap from the last
 *                  observation. Never true together with {@code terminal}.
 */
public record StepOutcome(float reward, boolean terminal, boolean truncated) {

    private static final StepOutcome[] COMMON = {
        new StepOutcome(0f, false, false), new StepOutcome(0f, true, false), new StepOutcome(0f, false, true),
        new StepOutcome(1f, false, false), new StepOutcome(1f, true, false), new StepOutcome(1f, false, true),
    };

    /**
     * Checks that terminal and truncated are not both set.
     *
     * @param reward    the reward that followed the action
     * @param terminal  the episode ended by the game's own rules (game over): do not bootstrap
     * @param truncated the episode was cut at the step cap without a game over: bootstrap from the last observation.
     *                  Never true together with {@code terminal}.
     */
    public StepOutcome {
        if (terminal && truncated) {
            throw new IllegalArgumentException(
                    "a step is either terminal or truncated, not both; got terminal=true, truncated=true");
        }
    }

    /**
     * {@return an outcome, sharing instances for the frequent rewards 0 and 1 so the hot loop allocates nothing}
     *
     * @param reward    the reward that followed the action
     * @param terminal  the episode ended by the game's own rules (game over): do not bootstrap
     * @param truncated the episode was cut at the step cap without a game over: bootstrap from the last observation.
     *                  Never true together with {@code terminal}.
     */
    public static StepOutcome of(float reward, boolean terminal, boolean truncated) {
        int kind = terminal ? 1 : truncated ? 2 : 0;
        if (reward == 0f) {
            return COMMON[kind];
        }
        if (reward == 1f) {
            return COMMON[3 + kind];
        }
        return new StepOutcome(reward, terminal, truncated);
    }

    /** {@return whether the episode is over, for either reason; call {@link Environment#reset()} next} */
    public boolean done() {
        return terminal || truncated;
    }
}
