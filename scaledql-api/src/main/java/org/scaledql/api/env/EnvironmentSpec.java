package org.scaledql.api.env;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;

/**
 * The shape of what a built {@link Environment} emits: the game it plays, the variant, and its observation
 * tensor {@code [C, H, W]}.
 *
 * @param game             the game's static description
 * @param mode             the selected mode (0 = default)
 * @param difficulty       the selected difficulty (0 = default)
 * @param format           the observation format
 * @param channels         C
 * @param height           H
 * @param width            W
 * @param observationScale factor that turns the uint8 observation ({@link Environment#observe(byte[], int)})
 *                         into the float one: 1 for binary grids, 1/255 for pixels
 * @param maxEpisodeSteps  the step cap after which an episode is truncated
 */
public record EnvironmentSpec(GameInfo game, int mode, int difficulty, ObservationFormat format,
        int channels, int height, int width, float observationScale, int maxEpisodeSteps) {

    /**
     * Validates the fields.
     *
     * @param game             the game's static description
     * @param mode             the selected mode (0 = default)
     * @param difficulty       the selected difficulty (0 = default)
     * @param format           the observation format
     * @param channels         C
     * @param height           H
     * @param width            W
     * @param observationScale factor that turns the uint8 observation ({@link Environment#observe(byte[], int)}) into
     *                         the float one: 1 for binary grids, 1/255 for pixels
     * @param maxEpisodeSteps  the step cap after which an episode is truncated
     */
    public EnvironmentSpec {
        Objects.requireNonNull(game, "game");
        Objects.requireNonNull(format, "format");
        checkArgument(channels > 0 && height > 0 && width > 0,
                "observation shape must be positive; got [%s, %s, %s]", channels, height, width);
        checkArgument(observationScale > 0, "observationScale must be > 0; got %s", observationScale);
        checkArgument(maxEpisodeSteps > 0, "maxEpisodeSteps must be > 0; got %s", maxEpisodeSteps);
    }

    /** {@return the observation shape {@code [C, H, W]} (a fresh array)} */
    public int[] observationShape() {
        return new int[] {channels, height, width};
    }

    /**
     * C * H * W: the length of the array {@link Environment#observe(float[], int)} fills.
     *
     * @return {@code C * H * W}
     */
    public int observationSize() {
        return channels * height * width;
    }

    /** {@return the number of actions} */
    public int numActions() {
        return game.numActions();
    }

    /** {@return the game's name} */
    public String name() {
        return game.name();
    }
}
