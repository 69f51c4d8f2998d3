package org.scaledql.core.data.dqnreplay;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What to import from a local DQN-Replay copy.
 *
 * @param input            folder holding {@code <Game>/<run>/replay_logs/}
 * @param games            games to import, in this order; empty = every game folder, sorted by name
 * @param runs             runs to import per game; empty = every run folder, in numeric order
 * @param checkpoints      checkpoint suffixes to import, ascending; empty = every suffix present
 * @param fraction         share of each game's episodes to keep, in {@code (0, 1]} (see {@link DqnReplayImporter})
 * @param numActions       action-set sizes for games missing from the Atari minimal-action-set table
 * @param observationScale factor from stored uint8 to network input (1/255 for Atari)
 */
public record DqnReplayImportConfig(Path input, List<String> games, List<Integer> runs, List<Integer> checkpoints,
                                    double fraction, Map<String, Integer> numActions, float observationScale) {

    /**
     * Validates and copies every field.
     *
     * @param input            folder holding {@code <Game>/<run>/replay_logs/}
     * @param games            games to import, in this order; empty = every game folder, sorted by name
     * @param runs             runs to import per game; empty = every run folder, in numeric order
     * @param checkpoints      checkpoint suffixes to import, ascending; empty = every suffix present
     * @param fraction         share of each game's episodes to keep, in {@code (0, 1]} (see {@link
     *                         DqnReplayImporter})
     * @param numActions       action-set sizes for games missing from the Atari minimal-action-set table
     * @param observationScale factor from stored uint8 to network input (1/255 for Atari)
     */
    public DqnReplayImportConfig {
        Objects.requireNonNull(input, "input");
        games = ImmutableList.copyOf(games);
        runs = ImmutableList.copyOf(runs);
        checkpoints = ImmutableList.copyOf(new TreeSet<>(checkpoints));
        numActions = ImmutableMap.copyOf(numActions);
        checkArgument(fraction > 0 && fraction <= 1, "fraction must be in (0, 1] (0.01 for the 1 percent sets); got %s", fraction);
        checkArgument(runs.stream().allMatch(r -> r >= 1), "runs are numbered from 1; got %s", runs);
        checkArgument(checkpoints.stream().allMatch(c -> c >= 0), "checkpoints are numbered from 0; got %s", checkpoints);
        checkArgument(Float.isFinite(observationScale) && observationScale > 0,
                "observationScale must be finite and > 0; got %s", observationScale);
    }

    /**
     * Everything under {@code input}, all of it, Atari scaling.
     *
     * @param input folder holding {@code <Game>/<run>/replay_logs/}
     * @return the config
     */
    public static DqnReplayImportConfig all(Path input) {
        return new DqnReplayImportConfig(input, List.of(), List.of(), List.of(), 1.0, Map.of(), 1 / 255f);
    }

    /**
     * {@return a copy restricted to some games}
     *
     * @param g the game names
     */
    public DqnReplayImportConfig withGames(List<String> g) {
        return new DqnReplayImportConfig(input, g, runs, checkpoints, fraction, numActions, observationScale);
    }

    /**
     * {@return a copy restricted to some runs}
     *
     * @param r the run numbers
     */
    public DqnReplayImportConfig withRuns(List<Integer> r) {
        return new DqnReplayImportConfig(input, games, r, checkpoints, fraction, numActions, observationScale);
    }

    /**
     * {@return a copy restricted to some checkpoints}
     *
     * @param c the checkpoint numbers
     */
    public DqnReplayImportConfig withCheckpoints(List<Integer> c) {
        return new DqnReplayImportConfig(input, games, runs, c, fraction, numActions, observationScale);
    }

    /**
     * {@return a copy keeping a share of episodes}
     *
     * @param f the share of episodes kept, in (0, 1]
     */
    public DqnReplayImportConfig withFraction(double f) {
        return new DqnReplayImportConfig(input, games, runs, checkpoints, f, numActions, observationScale);
    }

    /**
     * {@return a copy with action-set sizes for games outside the Atari table}
     *
     * @param n game name to action-set size
     */
    public DqnReplayImportConfig withNumActions(Map<String, Integer> n) {
        return new DqnReplayImportConfig(input, games, runs, checkpoints, fraction, n, observationScale);
    }

    /**
     * {@return a copy with another observation scale}
     *
     * @param s the factor applied to stored uint8 values
     */
    public DqnReplayImportConfig withObservationScale(float s) {
        return new DqnReplayImportConfig(input, games, runs, checkpoints, fraction, numActions, s);
    }

    /**
     * Parses a checkpoint selection such as {@code 0-9}, {@code 3} or {@code 0-4,10,20-22}.
     *
     * @param spec the selection
     * @return the checkpoint numbers, ascending
     * @throws IllegalArgumentException naming the bad part
     */
    public static List<Integer> parseCheckpoints(String spec) {
        TreeSet<Integer> out = new TreeSet<>();
        for (String part : spec.split(",")) {
            String p = part.trim();
            try {
                int dash = p.indexOf('-');
                if (dash < 0) {
                    out.add(Integer.parseInt(p));
                } else {
                    int a = Integer.parseInt(p.substring(0, dash).trim());
                    int b = Integer.parseInt(p.substring(dash + 1).trim());
                    checkArgument(a >= 0 && a <= b && b - a < 100_000, "checkpoint range '%s' needs 0 <= first <= last", p);
                    for (int i = a; i <= b; i++) {
                        out.add(i);
                    }
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("checkpoint selection '" + spec + "' has a bad part '" + p
                        + "'; expected N or FIRST-LAST, comma separated (e.g. 0-9)", e);
            }
        }
        return List.copyOf(out);
    }
}
