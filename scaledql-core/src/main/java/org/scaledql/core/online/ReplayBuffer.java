package org.scaledql.core.online;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.scaledql.api.data.TransitionBatch;

/**
 * A fixed-capacity ring buffer of one game's experience for online learning, with uniform sampling of
 * (n-step) transitions. The transition store is append-only and unbounded, so online runs use this instead.
 *
 * <p>Rows are chronological; row t holds the observation the action was taken in, the action, the reward that
 * followed and whether the game ended. The next observation of a row is the following row's, so each frame is
 * stored once. An episode cut by the step cap gets one extra <em>final</em> row holding the observation it was
 * cut in ({@link #addFinal}): it is never sampled as a transition start, but the cut episode's last
 * transitions bootstrap from it. The frame is the environment's whole observation (frame stack 1; for the
 * pixel format that is its 4 stacked frames).
 *
 * <p>A sample starting at row t: {@code reward = sum_{k<n'} gamma^k r_{t+k}}, where the sum stops early at a
 * terminal ({@code discount = 0}) or at a final row ({@code discount = gamma^{k}}, bootstrapping from it);
 * otherwise {@code n' = n}, {@code discount = gamma^n} and the next observation is row t+n's. Rows whose
 * n-step window reaches past the newest row are not sampleable yet. Sampling is uniform over sampleable rows
 * (rejection) and seeded by the caller's generator. Not thread-safe.
 */
public final class ReplayBuffer {

    private static final byte TERMINAL = 1;
    private static final byte FINAL = 2;
    private static final int MAX_TRIES = 10_000;

    private final int capacity;
    private final int frameBytes;
    private final int[] frameShape;
    private final float observationScale;
    private final byte[] frames;
    private final int[] actions;
    private final float[] rewards;
    private final byte[] flags;
    private long added;

    /**
     * An empty buffer.
     *
     * @param capacity         rows kept, at least 2
     * @param frameShape       {@code [C, H, W]} of one observation
     * @param observationScale factor from stored uint8 values to network inputs
     */
    public ReplayBuffer(int capacity, int[] frameShape, float observationScale) {
        checkArgument(capacity >= 2, "replay capacity must be >= 2 rows; got %s", capacity);
        checkArgument(frameShape != null && frameShape.length == 3 && Arrays.stream(frameShape).allMatch(d -> d > 0),
                "frameShape must be [C, H, W] of positive sizes; got %s", Arrays.toString(frameShape));
        checkArgument(observationScale > 0 && Float.isFinite(observationScale),
                "observationScale must be finite and > 0; got %s", observationScale);
        this.capacity = capacity;
        this.frameShape = frameShape.clone();
        this.frameBytes = frameShape[0] * frameShape[1] * frameShape[2];
        this.observationScale = observationScale;
        this.frames = new byte[Math.multiplyExact(capacity, frameBytes)];
        this.actions = new int[capacity];
        this.rewards = new float[capacity];
        this.flags = new byte[capacity];
    }

    /**
     * Appends one transition's row.
     *
     * @param frame    the observation the action was taken in, {@code C*H*W} uint8 values
     * @param action   the action taken
     * @param reward   the reward that followed
     * @param terminal whether the game ended after it
     */
    public void add(byte[] frame, int action, float reward, boolean terminal) {
        put(frame, action, reward, terminal ? TERMINAL : 0);
    }

    /**
     * Appends the observation an episode was cut in (by the step cap): a bootstrap source, never a sample.
     *
     * @param frame the observation
     */
    public void addFinal(byte[] frame) {
        put(frame, 0, 0f, FINAL);
    }

    private void put(byte[] frame, int action, float reward, byte flag) {
        checkArgument(frame.length == frameBytes, "frame must have %s bytes; got %s", frameBytes, frame.length);
        int c = (int) (added % capacity);
        System.arraycopy(frame, 0, frames, c * frameBytes, frameBytes);
        actions[c] = action;
        rewards[c] = reward;
        flags[c] = flag;
        added++;
    }

    /** {@return rows held now, at most the capacity} */
    public int size() {
        return (int) Math.min(added, capacity);
    }

    /** {@return rows ever added (transitions plus final rows)} */
    public long addCount() {
        return added;
    }

    /** {@return the capacity in rows} */
    public int capacity() {
        return capacity;
    }

    /**
     * Samples a batch of transitions uniformly over the sampleable rows.
     *
     * @param batchSize B
     * @param nStep     n, at least 1
     * @param discount  gamma
     * @param taskId    the game index every sample carries
     * @param rng       the source of the row choices
     * @return observations {@code [B, C, H, W]} raw uint8 with this buffer's observation scale (the training
     *         step scales them), actions, n-step rewards, discounts, next observations and task ids
     * @throws IllegalStateException if no row is sampleable
     */
    public TransitionBatch sample(int batchSize, int nStep, double discount, int taskId, SplittableRandom rng) {
        checkArgument(batchSize >= 1 && nStep >= 1, "batchSize and nStep must be >= 1; got %s and %s", batchSize, nStep);
        long lo = Math.max(0, added - capacity);
        checkState(added > lo, "the replay buffer is empty");
        int c = frameShape[0];
        int h = frameShape[1];
        int w = frameShape[2];
        byte[] obs = new byte[batchSize * frameBytes];
        byte[] next = new byte[batchSize * frameBytes];
        int[] act = new int[batchSize];
        float[] rew = new float[batchSize];
        float[] disc = new float[batchSize];
        int[] tasks = new int[batchSize];
        Arrays.fill(tasks, taskId);
        long[] out = new long[1];
        double[] rd = new double[2];
        for (int b = 0; b < batchSize; b++) {
            int tries = 0;
            long t;
            do {
                checkState(++tries <= MAX_TRIES, "no sampleable transition in the replay buffer after %s tries"
                        + " (%s rows held; a row needs its next %s rows stored unless its episode ends)", MAX_TRIES,
                        size(), nStep);
                t = lo + rng.nextLong(added - lo);
            } while (!transition(t, nStep, discount, out, rd));
            int row = (int) (t % capacity);
            copyFrame(row, obs, b * frameBytes);
            copyFrame((int) (out[0] % capacity), next, b * frameBytes);
            act[b] = actions[row];
            rew[b] = (float) rd[0];
            disc[b] = (float) rd[1];
        }
        return new TransitionBatch(uint8(obs, batchSize, c, h, w), Nd4j.createFromArray(act),
                Nd4j.createFromArray(rew), Nd4j.createFromArray(disc), uint8(next, batchSize, c, h, w),
                Nd4j.createFromArray(tasks), observationScale);
    }

    /** A {@code [B, C, H, W]} uint8 array holding {@code values} in C order. */
    private static INDArray uint8(byte[] values, long... shape) {
        INDArray a = Nd4j.createUninitialized(DataType.UBYTE, shape);
        a.data().asNio().put(0, values);
        return a;
    }

    /**
     * Whether absolute row {@code t} starts a sampleable transition; if so, {@code next[0]} gets the bootstrap
     * row and {@code rd} the n-step reward and discount.
     */
    boolean transition(long t, int nStep, double discount, long[] next, double[] rd) {
        if ((flags[(int) (t % capacity)] & FINAL) != 0) {
            return false;
        }
        double r = 0;
        double g = 1;
        for (int k = 0; k < nStep; k++) {
            int row = (int) ((t + k) % capacity);
            r += g * rewards[row];
            g *= discount;
            if ((flags[row] & TERMINAL) != 0) {
                next[0] = t + k; // never read through: discount 0
                rd[0] = r;
                rd[1] = 0;
                return true;
            }
            long following = t + k + 1;
            if (following >= added) {
                return false; // its next observation is not stored yet
            }
            if ((flags[(int) (following % capacity)] & FINAL) != 0 || k == nStep - 1) {
                next[0] = following;
                rd[0] = r;
                rd[1] = g;
                return true;
            }
        }
        throw new AssertionError("unreachable");
    }

    private void copyFrame(int row, byte[] dst, int offset) {
        System.arraycopy(frames, row * frameBytes, dst, offset, frameBytes);
    }
}
