package org.scaledql.api.eval;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Objects;
import org.scaledql.api.metrics.ReferenceScores;

/**
 * The evaluation of one game: every episode's return, and its normalization anchors.
 *
 * @param game      the game's name
 * @param taskId    the head the network played it with (for a behaviour policy: its index in the list)
 * @param episodes  the finished episodes, in episode order; at least one
 * @param reference the normalization anchors of the game ({@code random}, {@code reference})
 */
public record GameEvaluation(String game, int taskId, List<EpisodeResult> episodes, ReferenceScores reference) {

    /**
     * Validates the fields and copies the list.
     *
     * @param game      the game's name
     * @param taskId    the head the network played it with (for a behaviour policy: its index in the list)
     * @param episodes  the finished episodes, in episode order; at least one
     * @param reference the normalization anchors of the game ({@code random}, {@code reference})
     */
    public GameEvaluation {
        Objects.requireNonNull(game, "game");
        Objects.requireNonNull(reference, "reference");
        checkArgument(episodes != null && !episodes.isEmpty(), "game %s needs at least one episode", game);
        episodes = ImmutableList.copyOf(episodes);
        for (int i = 0; i < episodes.size(); i++) {
            EpisodeResult e = episodes.get(i);
            checkArgument(e.game().equals(game) && e.episode() == i,
                    "episode %s of game %s must be that game's episode %s; got %s", i, game, i, e);
        }
    }

    /**
     * Raw returns of every episode, in episode order.
     *
     * @return the raw returns
     */
    public double[] returns() {
        return episodes.stream().mapToDouble(EpisodeResult::episodeReturn).toArray();
    }

    /**
     * Normalized returns {@code (return - random) / (reference - random)} of every episode.
     *
     * @return the normalized returns, in episode order
     */
    public double[] normalizedReturns() {
        return episodes.stream().mapToDouble(e -> reference.normalize(e.episodeReturn())).toArray();
    }

    /** {@return the mean raw return} */
    public double meanReturn() {
        return episodes.stream().mapToDouble(EpisodeResult::episodeReturn).average().orElseThrow();
    }

    /**
     * Standard error of the mean return (sample standard deviation / sqrt(M)); 0 for one episode.
     *
     * @return the standard error of the mean return
     */
    public double stdError() {
        int n = episodes.size();
        if (n < 2) {
            return 0;
        }
        double mean = meanReturn();
        double ss = 0;
        for (EpisodeResult e : episodes) {
            ss += (e.episodeReturn() - mean) * (e.episodeReturn() - mean);
        }
        return Math.sqrt(ss / (n - 1) / n);
    }

    /** {@return the normalized mean return: {@code (meanReturn - random) / (reference - random)}} */
    public double normalizedMean() {
        return reference.normalize(meanReturn());
    }

    /** {@return the mean episode length in steps} */
    public double meanLength() {
        return episodes.stream().mapToInt(EpisodeResult::steps).average().orElseThrow();
    }

    /** {@return how many episodes were cut at the step cap} */
    public int truncatedEpisodes() {
        return (int) episodes.stream().filter(EpisodeResult::truncated).count();
    }
}
