package org.scaledql.api.env;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;

/**
 * Steps N copies of an environment together, writing observations as one {@code [N, C, H, W]} array. It
 * does not reset finished copies by itself: after {@link #step} the caller can still read each finished
 * copy's last observation (needed to bootstrap a truncated episode), then calls {@link #resetDone()}.
 *
 * <pre>{@code
 * VectorEnvironment vec = new VectorEnvironment(envs);
 * vec.resetAll();
 * vec.observe(obs);
 * vec.step(actions, rewards, terminals, truncateds);
 * vec.observe(nextObs);          // last frames, for the transitions
 * vec.resetDone();               // finished copies start new episodes
 * }</pre>
 */
public final class VectorEnvironment {

    private final Environment[] envs;
    private final int obsSize;

    /**
     * Wraps copies that share one observation shape.
     *
     * @param envs at least one environment; all with the same {@code [C, H, W]}
     */
    public VectorEnvironment(List<? extends Environment> envs) {
        checkArgument(!envs.isEmpty(), "a VectorEnvironment needs >= 1 environment; got none");
        this.envs = envs.toArray(new Environment[0]);
        this.obsSize = this.envs[0].spec().observationSize();
        for (Environment e : this.envs) {
            checkArgument(e.spec().observationSize() == obsSize,
                    "all copies need the same observation size; got %s for %s and %s for %s",
                    e.spec().observationSize(), e.spec().name(), obsSize, this.envs[0].spec().name());
        }
    }

    /**
     * N, the number of copies.
     *
     * @return {@code N}
     */
    public int size() {
        return envs.length;
    }

    /**
     * {@return copy {@code i}}
     *
     * @param i the index, in {@code [0, N)}
     */
    public Environment get(int i) {
        return envs[i];
    }

    /**
     * C * H * W of one copy.
     *
     * @return {@code C * H * W}
     */
    public int observationSize() {
        return obsSize;
    }

    /** Resets every copy. */
    public void resetAll() {
        for (Environment e : envs) {
            e.reset();
        }
    }

    /**
     * Resets the copies whose episode is over.
     *
     * @return how many were reset
     */
    public int resetDone() {
        int n = 0;
        for (Environment e : envs) {
            if (e.isDone()) {
                e.reset();
                n++;
            }
        }
        return n;
    }

    /**
     * Writes all observations into {@code dst[0 .. N*C*H*W)}, copy i at offset {@code i*C*H*W}.
     *
     * @param dst the destination, of at least {@code N*C*H*W} bytes
     */
    public void observe(float[] dst) {
        checkArgument(dst.length >= envs.length * obsSize, "observation buffer needs %s floats; got %s",
                envs.length * obsSize, dst.length);
        for (int i = 0; i < envs.length; i++) {
            envs[i].observe(dst, i * obsSize);
        }
    }

    /**
     * Writes all observations as uint8 into {@code dst[0 .. N*C*H*W)}.
     *
     * @param dst the destination, of at least {@code N*C*H*W} bytes
     */
    public void observe(byte[] dst) {
        checkArgument(dst.length >= envs.length * obsSize, "observation buffer needs %s bytes; got %s",
                envs.length * obsSize, dst.length);
        for (int i = 0; i < envs.length; i++) {
            envs[i].observe(dst, i * obsSize);
        }
    }

    /**
     * Steps every copy once. Copies that are already done must be reset first.
     *
     * @param actions    N actions
     * @param rewards    receives N rewards
     * @param terminals  receives N terminal flags
     * @param truncateds receives N truncated flags
     */
    public void step(int[] actions, float[] rewards, boolean[] terminals, boolean[] truncateds) {
        checkArgument(actions.length == envs.length && rewards.length == envs.length
                        && terminals.length == envs.length && truncateds.length == envs.length,
                "step needs arrays of length N=%s; got actions=%s rewards=%s terminals=%s truncateds=%s",
                envs.length, actions.length, rewards.length, terminals.length, truncateds.length);
        for (int i = 0; i < envs.length; i++) {
            StepOutcome o = envs[i].step(actions[i]);
            rewards[i] = o.reward();
            terminals[i] = o.terminal();
            truncateds[i] = o.truncated();
        }
    }
}
