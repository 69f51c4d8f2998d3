package org.scaledql.api.eval;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;

/**
 * One finished evaluation episode.
 *
 * @param game          the game's name
 * @param taskId        the head it was played with (for a behaviour policy: the game's index in the list)
 * @param episode       the episode's index within its game, from 0
 * @param episodeReturn the undiscounted sum of rewards
 * @param steps         the episode's length in steps
 * @param truncated     whether the episode was cut at the step cap instead of ending by the game's rules
 */
public record EpisodeResult(String game, int taskId, int episode, double episodeReturn, int steps,
        boolean truncated) {

    /**
     * Validates the fields.
     *
     * @param game          the game's name
     * @param taskId        the head it was played with (for a behaviour policy: the game's index in the list)
     * @param episode       the episode's index within its game, from 0
     * @param episodeReturn the undiscounted sum of rewards
     * @param steps         the episode's length in steps
     * @param truncated     whether the episode was cut at the step cap instead of ending by the game's rules
     */
    public EpisodeResult {
        Objects.requireNonNull(game, "game");
        checkArgument(episode >= 0, "episode index must be >= 0; got %s", episode);
        checkArgument(steps >= 0, "steps must be >= 0; got %s", steps);
        checkArgument(Double.isFinite(episodeReturn), "episode return must be finite; got %s", episodeReturn);
    }
}
