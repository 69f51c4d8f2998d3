package org.scaledql.core.env;

import org.scaledql.api.env.GameInfo;

/**
 * The rules of one 10x10 game, without the environment plumbing (sticky actions, step cap, observation
 * formats, which {@link GridEnvironment} adds). A game draws all its randomness from the
 * {@link org.scaledql.api.env.RandomSource} it was built with, in the order its rules document.
 *
 * <p>Actions are the MinAtar six: 0 {@code n} (no-op), 1 {@code l}, 2 {@code u}, 3 {@code r}, 4 {@code d},
 * 5 {@code f} (fire); a game ignores the ones it does not use.
 */
public interface GridGame {

    /** Grid side: every game is 10x10. */
    int SIZE = 10;

    /** The MinAtar action indices. */
    int NOOP = 0, LEFT = 1, UP = 2, RIGHT = 3, DOWN = 4, FIRE = 5;

    /** {@return the game's static description} */
    GameInfo info();

    /** Starts a new episode (may draw from the random source). */
    void reset();

    /**
     * Executes one action (already resolved for stickiness).
     *
     * @param action the action, in {@code [0, numActions)}
     * @return the reward
     */
    float act(int action);

    /** {@return whether the game is over} */
    boolean isTerminal();

    /**
     * Sets the game's own channels in {@code obs}, laid out {@code [C_game, 10, 10]}; the caller zeroes it.
     * Index of cell (channel c, row y, column x) is {@code c * 100 + y * 10 + x}.
     *
     * @param obs the zeroed {@code [C_game, 10, 10]} buffer
     */
    void render(byte[] obs);

    /**
     * For each native channel, the common-layout channel it is drawn into ({@link CommonLayout}), or -1 to
     * leave it out.
     *
     * @return one common-layout channel (or -1) per native channel
     */
    int[] commonChannels();

    /** {@return the action a scripted expert reading the full game state would take now} */
    int expertAction();
}
