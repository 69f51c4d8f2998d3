package org.scaledql.core.data.sampling;

import static com.google.common.base.Preconditions.checkArgument;

import org.scaledql.api.data.GameRecords;

/**
 * The rows of one game a sampler may return for a given n: row {@code i} is valid when an episode's terminal
 * comes within {@code i .. i+n-1} (the return is truncated there and the discount is 0), or when rows
 * {@code i+1 .. i+n} follow in the same episode with no truncation among {@code i .. i+n-1}.
 */
final class GameIndex {

    final GameRecords records;
    final int[] valid;

    GameIndex(GameRecords records, int nStep) {
        this.records = records;
        long size = records.size();
        checkArgument(size < Integer.MAX_VALUE, "game %s has %s rows; the sampler indexes at most %s per game",
                records.metadata().name(), size, Integer.MAX_VALUE - 1);
        int n = (int) size;
        // stepsLeft[i]: 0 if row i is terminal; else rows i+1.. exist in the episode: distance to the episode's
        // end, counted so that validity is one comparison. Computed backwards in one pass.
        int[] tmp = new int[n];
        int count = 0;
        // reach[i] = number of following rows in the same episode that are usable as bootstrap targets, capped at nStep;
        // term[i] = a terminal lies within i..i+nStep-1.
        int nextReach = 0;
        int termDist = Integer.MAX_VALUE; // distance from i to the next terminal in the same episode chain
        for (int i = n - 1; i >= 0; i--) {
            boolean terminal = records.terminal(i);
            boolean truncated = records.truncated(i);
            boolean nextStartsEpisode = i + 1 < n && records.episodeStart(i + 1);
            int reach;
            if (terminal || truncated || i + 1 >= n || nextStartsEpisode) {
                reach = 0;
                termDist = terminal ? 0 : Integer.MAX_VALUE;
            } else {
                reach = Math.min(nStep, nextReach + 1);
                termDist = termDist == Integer.MAX_VALUE ? termDist : termDist + 1;
            }
            nextReach = reach;
            boolean ok = termDist < nStep || reach >= nStep;
            if (ok) {
                tmp[count++] = i;
            }
        }
        valid = new int[count];
        for (int k = 0; k < count; k++) {
            valid[k] = tmp[count - 1 - k];
        }
    }
}
