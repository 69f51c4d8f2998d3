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

    /**
     * {@return {@code $store$_observation_ckpt.N.gz}}
     *
     * @param n the checkpoint number
     */
    public static String observation(int n) {
        return "$store$_observation_ckpt." + n + ".gz";
    }

    /**
     * {@return {@code $store$_action_ckpt.N.gz}}
     *
     * @param n the checkpoint number
     */
    public static String action(int n) {
        return "$store$_action_ckpt." + n + ".gz";
    }

    /**
     * {@return {@code $store$_reward_ckpt.N.gz}}
     *
     * @param n the checkpoint number
     */
    public static String reward(int n) {
        return "$store$_reward_ckpt." + n + ".gz";
    }

    /**
     * {@return {@code $store$_terminal_ckpt.N.gz}}
     *
     * @param n the checkpoint number
     */
    public static String terminal(int n) {
        return "$store$_terminal_ckpt." + n + ".gz";
    }

    /**
     * {@return {@code add_count_ckpt.N.gz}}
     *
     * @param n the checkpoint number
     */
    public static String addCount(int n) {
        return "add_count_ckpt." + n + ".gz";
    }

    /**
     * {@return {@code invalid_range_ckpt.N.gz}}
     *
     * @param n the checkpoint number
     */
    public static String invalidRange(int n) {
        return "invalid_range_ckpt." + n + ".gz";
    }

    /**
     * {@return the six files of checkpoint {@code n}}
     *
     * @param n the checkpoint number
     */
    public static List<String> all(int n) {
        return List.of(observation(n), action(n), reward(n), terminal(n), addCount(n), invalidRange(n));
    }

    /**
     * {@return {@code root/<game>/<run>/replay_logs}}
     *
     * @param root the DQN-Replay root
     * @param game the game
     * @param run  the run number
     */
    public static Path logs(Path root, String game, int run) {
        return root.resolve(game).resolve(Integer.toString(run)).resolve(LOGS);
    }
}
