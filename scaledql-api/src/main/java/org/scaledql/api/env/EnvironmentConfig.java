package org.scaledql.api.env;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;

/**
 * How to build an environment: variant, stochasticity, episode cap and observation format.
 *
 * @param mode                    the game mode (0 = default game)
 * @param difficulty              the difficulty (0 = default)
 * @param stickyActionProbability probability that the previous executed action repeats instead of the chosen
 *                                one, in {@code [0, 1)}; MinAtar's default is 0.1 (Young and Tian 2019)
 * @param maxEpisodeSteps         episodes still running after this many steps are truncated
 * @param format                  the observation format
 */
public record EnvironmentConfig(int mode, int difficulty, double stickyActionProbability, int maxEpisodeSteps,
        ObservationFormat format) {

    /** MinAtar's sticky-action probability. */
    public static final double DEFAULT_STICKY_ACTION_PROBABILITY = 0.1;

    /**
     * The testbed's episode cap: long enough that no MinAtar random or reference episode is cut (Freeway's
     * own timer ends at 2,501 steps), short enough to bound a scripted expert that never loses.
     */
    public static final int DEFAULT_MAX_EPISODE_STEPS = 5_000;

    /**
     * Validates the fields.
     *
     * @param mode                    the game mode (0 = default game)
     * @param difficulty              the difficulty (0 = default)
     * @param stickyActionProbability probability that the previous executed action repeats instead of the chosen one,
     *                                in {@code [0, 1)}; MinAtar's default is 0.1 (Young and Tian 2019)
     * @param maxEpisodeSteps         episodes still running after this many steps are truncated
     * @param format                  the observation format
     */
    public EnvironmentConfig {
        checkArgument(mode >= 0, "mode must be >= 0; got %s", mode);
        checkArgument(difficulty >= 0, "difficulty must be >= 0; got %s", difficulty);
        checkArgument(stickyActionProbability >= 0 && stickyActionProbability < 1,
                "stickyActionProbability must be in [0, 1); got %s (MinAtar uses 0.1)", stickyActionProbability);
        checkArgument(maxEpisodeSteps > 0, "maxEpisodeSteps must be > 0; got %s", maxEpisodeSteps);
        Objects.requireNonNull(format, "format");
    }

    /**
     * Mode 0, difficulty 0, sticky 0.1, cap 5,000 steps, common observation layout.
     *
     * @return the defaults
     */
    public static EnvironmentConfig defaults() {
        return new EnvironmentConfig(0, 0, DEFAULT_STICKY_ACTION_PROBABILITY, DEFAULT_MAX_EPISODE_STEPS,
                ObservationFormat.COMMON);
    }

    /**
     * {@return a copy with another mode and difficulty}
     *
     * @param newMode       the game mode (0 = default game)
     * @param newDifficulty the difficulty (0 = default)
     */
    public EnvironmentConfig withVariant(int newMode, int newDifficulty) {
        return new EnvironmentConfig(newMode, newDifficulty, stickyActionProbability, maxEpisodeSteps, format);
    }

    /**
     * {@return a copy with another observation format}
     *
     * @param newFormat the observation format
     */
    public EnvironmentConfig withFormat(ObservationFormat newFormat) {
        return new EnvironmentConfig(mode, difficulty, stickyActionProbability, maxEpisodeSteps, newFormat);
    }

    /**
     * {@return a copy with another sticky-action probability}
     *
     * @param p the probability of repeating the last action, in [0, 1)
     */
    public EnvironmentConfig withStickyActionProbability(double p) {
        return new EnvironmentConfig(mode, difficulty, p, maxEpisodeSteps, format);
    }

    /**
     * {@return a copy with another episode cap}
     *
     * @param steps the episode step cap, at least 1
     */
    public EnvironmentConfig withMaxEpisodeSteps(int steps) {
        return new EnvironmentConfig(mode, difficulty, stickyActionProbability, steps, format);
    }
}
