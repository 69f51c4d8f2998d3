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
        // Two backward passes over the flags, counting then filling, so the only array is the result (4 bytes a
        // valid row): a temporary copy doubled the index's peak memory, 1.6 GB more at 400M rows.
        valid = new int[scan(records, n, nStep, null)];
        scan(records, n, nStep, valid);
    }

    /**
     * One backward pass: counts the valid rows and, when {@code out} is given, writes them into it in ascending
     * order (the k-th valid row from the end goes to {@code out[out.length - 1 - k]}).
     */
    private static int scan(GameRecords records, int n, int nStep, int[] out) {
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
                if (out != null) {
                    out[out.length - 1 - count] = i;
                }
                count++;
            }
        }
        return count;
    }
}
