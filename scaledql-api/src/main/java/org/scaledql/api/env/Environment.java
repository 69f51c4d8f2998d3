package org.scaledql.api.env;

/**
 * One running copy of a game. The loop is: {@link #reset()}, then {@link #observe(float[], int)} into your
 * buffer and {@link #step(int)} until the outcome is {@link StepOutcome#done() done}, then reset again.
 *
 * <pre>{@code
 * Environment env = Games.create("breakout", 0, 0, 42);
 * float[] obs = new float[env.spec().observationSize()];
 * env.reset();
 * while (true) {
 *     env.observe(obs, 0);
 *     StepOutcome o = env.step(policy.act(env));
 *     if (o.done()) break;
 * }
 * }</pre>
 *
 * <p>Observations are {@code [C, H, W]} in C order and are written into the caller's array: the hot path
 * allocates nothing. All randomness (spawns, sticky actions) comes from the environment's
 * {@link RandomSource}, fixed at construction by an explicit seed. Not thread-safe: one copy per thread.
 */
public interface Environment {

    /** {@return the shape and variant of this environment} */
    EnvironmentSpec spec();

    /** Starts a new episode. Sticky actions' "previous action" carries over, as in MinAtar. */
    void reset();

    /**
     * Plays one frame.
     *
     * @param action the chosen action in {@code [0, numActions)}; with probability {@code stickyActionProbability}
     *               the previous executed action is played instead (see {@link #lastExecutedAction()})
     * @return reward, terminal and truncated
     * @throws IllegalStateException if the episode is over or was never started
     * @throws IllegalArgumentException if the action is out of range
     */
    StepOutcome step(int action);

    /**
     * Writes the current observation as floats (uint8 value times {@code observationScale}) into
     * {@code dst[offset .. offset + C*H*W)}.
     *
     * @param dst    the destination
     * @param offset where the observation starts in {@code dst}
     */
    void observe(float[] dst, int offset);

    /**
     * Writes the current observation as uint8 values into {@code dst[offset .. offset + C*H*W)}.
     *
     * @param dst    the destination
     * @param offset where the observation starts in {@code dst}
     */
    void observe(byte[] dst, int offset);

    /** {@return the action the game actually executed on the last step (after stickiness); 0 before any step} */
    int lastExecutedAction();

    /** {@return steps taken in the current episode} */
    int episodeSteps();

    /** {@return sum of rewards in the current episode} */
    double episodeReturn();

    /** {@return whether the current episode is over (or none was started)} */
    boolean isDone();
}
