package org.scaledql.core.data.store;

import java.util.ArrayList;
import java.util.List;
import org.scaledql.api.data.GameRecords;

/**
 * Counts over one game's rows, as {@code ./scaledql inspect} prints them.
 *
 * @param name           the game
 * @param numActions     size of its action set
 * @param records        rows (padding is never stored)
 * @param episodes       completed episodes (each ending in a terminal)
 * @param sampleable     rows a sampler with 1-step returns can return: a terminal row, or a row whose next
 *                       frame is stored in the same episode (frame stacking never removes a row: frames before
 *                       an episode's start are zeros)
 * @param episodeLengths lengths of the completed episodes in chronological order (empty unless asked for)
 * @param episodeReturns undiscounted returns of the completed episodes (empty unless asked for)
 */
public record StoreSummary(String name, int numActions, long records, long episodes, long sampleable,
                           List<Long> episodeLengths, List<Double> episodeReturns) {

    /**
     * Computes the summary in one pass over the flags and (with {@code withEpisodes}) rewards.
     *
     * @param r            a game's rows
     * @param withEpisodes whether to compute episode statistics
     * @return the summary
     */
    public static StoreSummary of(GameRecords r, boolean withEpisodes) {
        long n = r.size();
        long episodes = 0;
        long sampleable = 0;
        List<Long> lengths = new ArrayList<>();
        List<Double> returns = new ArrayList<>();
        long len = 0;
        double ret = 0;
        for (long i = 0; i < n; i++) {
            if (r.episodeStart(i)) {
                len = 0;
                ret = 0;
            }
            len++;
            if (withEpisodes) {
                ret += r.reward(i);
            }
            boolean term = r.terminal(i);
            if (term || (!r.truncated(i) && i + 1 < n)) {
                sampleable++;
            }
            if (term) {
                episodes++;
                if (withEpisodes) {
                    lengths.add(len);
                    returns.add(ret);
                }
            }
        }
        return new StoreSummary(r.metadata().name(), r.metadata().numActions(), n, episodes, sampleable,
                List.copyOf(lengths), List.copyOf(returns));
    }
}
