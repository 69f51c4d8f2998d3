package org.scaledql.api.data;

import java.io.Closeable;
import java.io.IOException;

/**
 * Receives logged experience one step at a time, in chronological order within each game, the way
 * DQN-Replay logged it: row t holds the frame the action was taken in, the action, the reward that followed
 * and whether the episode ended (game over) right after it. The frame reached after an episode's last action
 * is never stored.
 *
 * <p>Games may interleave; each game's rows must be chronological. Implementations: the on-disk transition
 * store's writer, the DQN-Replay layout writer, in-memory buffers in tests. Nothing is visible to readers
 * until {@link #close()} returns normally (writers write to a temporary location and rename).
 */
public interface TransitionSink extends Closeable {

    /**
     * Declares a game before its first row.
     *
     * @param game             the game's name, unique within the sink
     * @param numActions       size of the game's action set; every logged action is in {@code [0, numActions)}
     * @param frameShape       shape of one frame, {@code [C, H, W]} (one stacked channel group)
     * @param observationScale factor that turns stored uint8 values into network inputs (1/255 for Atari
     *                         pixels, 1 for the testbed's binary channels)
     * @throws IllegalArgumentException if the game was already declared or a value is out of range
     * @throws IOException if reading or writing fails
     */
    void declareGame(String game, int numActions, int[] frameShape, float observationScale) throws IOException;

    /**
     * Records where a declared game's rows come from, so that a network trained on them can be evaluated in the
     * same environment and observation format. Call it after {@link #declareGame} and before {@link #close()}.
     * The default ignores it, which suits sinks that cannot record it; the store writers keep it in the store's
     * manifest and the DQN-Replay writer in a file beside each run's logs.
     *
     * @param game   a declared game
     * @param origin its environment, game, variant and observation format
     * @throws IllegalArgumentException if the game was not declared or already has another origin
     * @throws IOException              if the sink cannot record it
     */
    default void declareOrigin(String game, GameOrigin origin) throws IOException {
    }

    /**
     * Appends one step of {@code game}.
     *
     * @param game     a declared game
     * @param frame    the frame the action was taken in, uint8 values in C order over {@code [C, H, W]}
     * @param action   the action taken
     * @param reward   the reward that followed (finite)
     * @param terminal whether the episode ended (game over) after this action
     * @throws IllegalArgumentException if the game is undeclared, or the frame length, action or reward is invalid
     * @throws IOException if reading or writing fails
     */
    void append(String game, byte[] frame, int action, float reward, boolean terminal) throws IOException;

    /**
     * Marks that {@code game}'s current episode was cut off (for example at a step cap) after its last
     * appended row without reaching a terminal: the next row starts a new episode, and the cut row is never
     * used as a transition since its next frame was not stored. Does nothing right after a terminal.
     *
     * @param game a declared game
     * @throws IOException if reading or writing fails
     */
    void truncateEpisode(String game) throws IOException;

    /**
     * Abandons the sink after a failure: nothing written so far becomes visible, staged files are deleted,
     * and {@link #close()} must not be called afterwards. The default does nothing, which suits sinks that
     * stage nothing outside memory.
     *
     * @throws IOException if reading or writing fails
     */
    default void abort() throws IOException {
    }
}
