package org.scaledql.core.data.dqnreplay;

import java.nio.file.Path;
import java.util.List;

/** File names of the DQN-Replay layout ({@code <Game>/<run>/replay_logs/<file>}, literal {@code $}). */
public final class DqnReplayFiles {

    /** Folder under a run that holds the checkpoint files. */
    public static final String LOGS = "replay_logs";
    /**
     * scaledql's own file beside {@code replay_logs} in a run folder: the {@link org.scaledql.api.data.GameOrigin}
     * of testbed data, as JSON. Not part of the DQN-Replay layout; other readers ignore it.
     */
    public static final String ORIGIN = "scaledql-origin.json";
    /** Frame stack of the logging agent; the buffer inserts {@code STACK - 1} zero rows before each episode. */
    public static final int STACK = 4;

    private DqnReplayFiles() {
    }

    /** {@code $store$_observation_ckpt.N.gz}. */
    public static String observation(int n) {
        return "$store$_observation_ckpt." + n + ".gz";
    }

    /** {@code $store$_action_ckpt.N.gz}. */
    public static String action(int n) {
        return "$store$_action_ckpt." + n + ".gz";
    }

    /** {@code $store$_reward_ckpt.N.gz}. */
    public static String reward(int n) {
        return "$store$_reward_ckpt." + n + ".gz";
    }

    /** {@code $store$_terminal_ckpt.N.gz}. */
    public static String terminal(int n) {
        return "$store$_terminal_ckpt." + n + ".gz";
    }

    /** {@code add_count_ckpt.N.gz}. */
    public static String addCount(int n) {
        return "add_count_ckpt." + n + ".gz";
    }

    /** {@code invalid_range_ckpt.N.gz}. */
    public static String invalidRange(int n) {
        return "invalid_range_ckpt." + n + ".gz";
    }

    /** The six files of checkpoint {@code n}. */
    public static List<String> all(int n) {
        return List.of(observation(n), action(n), reward(n), terminal(n), addCount(n), invalidRange(n));
    }

    /** {@code root/<game>/<run>/replay_logs}. */
    public static Path logs(Path root, String game, int run) {
        return root.resolve(game).resolve(Integer.toString(run)).resolve(LOGS);
    }
}
