package org.scaledql.core.data.sampling;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.collect.ImmutableList;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.scaledql.api.data.GameMetadata;
import org.scaledql.api.data.GameRecords;
import org.scaledql.api.data.ObservationFormat;
import org.scaledql.api.data.Sampler;
import org.scaledql.api.data.SamplerConfig;
import org.scaledql.api.data.SamplerState;
import org.scaledql.api.data.TransitionBatch;
import org.scaledql.api.data.TransitionStore;

/**
 * Samples stacked, n-step transitions from a {@link TransitionStore}.
 *
 * <p>Batch {@code b} is drawn from a random stream seeded by {@code (seed, b)} alone, so the sequence does
 * not depend on the prefetch thread, and {@link #state()} is just the batch counter. Per sample: a game by
 * the configured weighting, then a row uniformly among that game's valid rows ({@link GameIndex}). The
 * observation stacks the frames of rows {@code i-k+1 .. i} (oldest first, frames before the episode's first
 * row are zeros, as Dopamine does); the next observation is the stack at {@code i+n}, or at the terminal row
 * when the episode ends within the n steps (its discount is then 0, so it is never used).
 *
 * <p><b>Observation format.</b> {@link ObservationFormat#UINT8} batches hold the stored frame values and the
 * store's observation scale; {@link ObservationFormat#FLOAT} batches hold those values times the scale in
 * float32. Both are assembled by the same code (frames are bulk-copied from the store into uint8 off-heap
 * memory; the float format then converts with two native ops), so they hold the same network inputs, and the
 * format is not part of {@link #state()}: a state restores onto a sampler of either format.
 *
 * <p><b>Buffer reuse.</b> Batches are written into a small ring of preallocated arrays (allocating 7 MB of
 * off-heap memory per Atari batch costs more than filling it): a returned batch stays valid until
 * {@link #next()} has been called twice more. Call {@code dup()} on arrays you keep longer.
 */
public final class StoreSampler implements Sampler {

    private final SamplerConfig config;
    private final ImmutableList<GameIndex> games;
    private final double[] cumulative;
    private final int[] frameShape;
    private final int frameBytes;
    private final float scale;
    private final long fingerprint;
    private final Assembler inline;
    private long counter;
    private BlockingQueue<Object> queue;
    private Thread worker;

    StoreSampler(TransitionStore store, List<String> gameOrder, SamplerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        Objects.requireNonNull(gameOrder, "gameOrder");
        checkArgument(!gameOrder.isEmpty(), "the sampler needs at least one game; got an empty game list");
        checkArgument(gameOrder.stream().distinct().count() == gameOrder.size(), "game list has duplicates: %s", gameOrder);
        ImmutableList.Builder<GameIndex> b = ImmutableList.builder();
        GameMetadata first = null;
        long fp = 1125899906842597L;
        for (String g : gameOrder) {
            GameRecords r = store.records(g);
            GameMetadata m = r.metadata();
            if (first == null) {
                first = m;
            }
            checkArgument(m.frameShape().equals(first.frameShape()) && m.observationScale() == first.observationScale(),
                    "all games in one batch need the same frame shape and observation scale; %s has %s x %s but %s has %s x %s",
                    m.name(), m.frameShape(), m.observationScale(), first.name(), first.frameShape(), first.observationScale());
            GameIndex idx = new GameIndex(r, config.nStep());
            b.add(idx);
            fp = 31 * fp + g.hashCode();
            fp = 31 * fp + r.size();
            fp = 31 * fp + idx.valid.length;
        }
        games = b.build();
        fp = 31 * fp + config.batchSize();
        fp = 31 * fp + config.frameStack();
        fp = 31 * fp + config.nStep();
        fp = 31 * fp + Double.hashCode(config.discount());
        // Enum hash codes are identity hashes that differ between JVMs; a checkpoint must restore in another.
        fp = 31 * fp + config.weighting().kind().name().hashCode();
        fp = 31 * fp + config.weighting().weights().hashCode();
        // The observation format is left out on purpose: both formats carry the same inputs (class comment).
        fingerprint = fp;
        cumulative = weights(config, games, gameOrder);
        frameShape = first.frameShapeArray();
        frameBytes = first.frameBytes();
        scale = first.observationScale();
        inline = new Assembler();
        startWorker();
    }

    private static double[] weights(SamplerConfig c, List<GameIndex> games, List<String> names) {
        int g = games.size();
        double[] w = new double[g];
        switch (c.weighting().kind()) {
            case UNIFORM -> {
                for (int i = 0; i < g; i++) {
                    w[i] = games.get(i).valid.length;
                }
            }
            case GAME_BALANCED -> java.util.Arrays.fill(w, 1.0);
            case EXPLICIT -> {
                checkArgument(c.weighting().weights().size() == g,
                        "explicit game weights need one weight per game (%s games: %s); got %s", g, names,
                        c.weighting().weights());
                for (int i = 0; i < g; i++) {
                    w[i] = c.weighting().weights().get(i);
                }
            }
        }
        double total = 0;
        double[] cum = new double[g];
        for (int i = 0; i < g; i++) {
            checkArgument(w[i] == 0 || games.get(i).valid.length > 0,
                    "game %s has no sampleable transition (rows: %s) but weight %s; give it weight 0 or more data",
                    names.get(i), games.get(i).records.size(), w[i]);
            total += w[i];
            cum[i] = total;
        }
        checkArgument(total > 0, "no game has sampleable transitions: %s", names);
        for (int i = 0; i < g; i++) {
            cum[i] /= total;
        }
        cum[g - 1] = 1.0;
        return cum;
    }

    /**
     * {@return number of rows of game {@code g} (in the sampler's order) that can be returned}
     *
     * @param g the game index
     */
    public int sampleableRows(int g) {
        return games.get(g).valid.length;
    }

    @Override
    public synchronized TransitionBatch next() {
        TransitionBatch out;
        if (queue == null) {
            out = inline.batch(counter);
        } else {
            Object o;
            try {
                o = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the prefetch thread", e);
            }
            if (o instanceof RuntimeException ex) {
                throw new IllegalStateException("the sampler's prefetch thread failed: " + ex.getMessage(), ex);
            }
            out = (TransitionBatch) o;
        }
        counter++;
        return out;
    }

    @Override
    public synchronized SamplerState state() {
        return new SamplerState(config.seed(), counter, fingerprint);
    }

    @Override
    public synchronized void restore(SamplerState state) {
        Objects.requireNonNull(state, "state");
        checkArgument(state.seed() == config.seed(), "sampler state was taken with seed %s; this sampler has seed %s",
                state.seed(), config.seed());
        checkArgument(state.dataFingerprint() == fingerprint,
                "sampler state was taken on other data or settings (fingerprint %s, this sampler %s); restore it onto"
                        + " a sampler over the same store, games and config", state.dataFingerprint(), fingerprint);
        stopWorker();
        counter = state.batchesDrawn();
        startWorker();
    }

    @Override
    public synchronized void close() {
        stopWorker();
    }

    private void startWorker() {
        if (config.prefetch() == 0) {
            return;
        }
        BlockingQueue<Object> q = new ArrayBlockingQueue<>(config.prefetch());
        long start = counter;
        Thread t = new Thread(() -> {
            Assembler a = new Assembler();
            try {
                for (long b = start; !Thread.currentThread().isInterrupted(); b++) {
                    q.put(a.batch(b));
                }
            } catch (InterruptedException e) {
                // stopped
            } catch (RuntimeException e) {
                q.offer(e);
            }
        }, "scaledql-sampler-prefetch");
        t.setDaemon(true);
        queue = q;
        worker = t;
        t.start();
    }

    private void stopWorker() {
        if (worker == null) {
            return;
        }
        worker.interrupt();
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        worker = null;
        queue = null;
    }

    /**
     * Builds batches; one per thread, reusing its buffers across batches. Frames are always assembled as uint8,
     * straight from the store's columns into the off-heap memory of a batch array (one bulk copy per frame):
     * for {@link ObservationFormat#UINT8} into the batch's own arrays, for {@link ObservationFormat#FLOAT} into
     * two uint8 scratch arrays that two native ops then turn into the batch's floats ({@code assign} casts,
     * {@code muli} scales). One assembly path serves both formats, so they cannot disagree on which frames a
     * sample holds.
     */
    private final class Assembler {
        private final int k = config.frameStack();
        private final int bsz = config.batchSize();
        private final int obsPer = k * frameBytes;
        private final boolean raw = config.observationFormat() == ObservationFormat.UINT8;
        private final int[] actions = new int[bsz];
        private final float[] rewards = new float[bsz];
        private final float[] discounts = new float[bsz];
        private final int[] taskIds = new int[bsz];
        private final byte[] zeros = new byte[frameBytes];
        private final double gammaN = Math.pow(config.discount(), config.nStep());
        private final TransitionBatch[] ring;
        private final INDArray scratchObs; // FLOAT format only: the uint8 frames before conversion
        private final INDArray scratchNext;

        Assembler() {
            long[] shape = {bsz, (long) k * frameShape[0], frameShape[1], frameShape[2]};
            DataType obsType = raw ? DataType.UBYTE : DataType.FLOAT;
            ring = new TransitionBatch[config.prefetch() + 2 + (config.prefetch() > 0 ? 1 : 0)];
            for (int i = 0; i < ring.length; i++) {
                ring[i] = new TransitionBatch(Nd4j.createUninitialized(obsType, shape),
                        Nd4j.createUninitialized(DataType.INT, bsz), Nd4j.createUninitialized(DataType.FLOAT, bsz),
                        Nd4j.createUninitialized(DataType.FLOAT, bsz), Nd4j.createUninitialized(obsType, shape),
                        Nd4j.createUninitialized(DataType.INT, bsz), raw ? scale : 1f);
            }
            scratchObs = raw ? null : Nd4j.createUninitialized(DataType.UBYTE, shape);
            scratchNext = raw ? null : Nd4j.createUninitialized(DataType.UBYTE, shape);
        }

        TransitionBatch batch(long b) {
            TransitionBatch out = ring[(int) Math.floorMod(b, (long) ring.length)];
            INDArray obsBytes = raw ? out.observations() : scratchObs;
            INDArray nextBytes = raw ? out.nextObservations() : scratchNext;
            ByteBuffer obs = obsBytes.data().asNio();
            ByteBuffer next = nextBytes.data().asNio();
            SplittableRandom rnd = new SplittableRandom(mix(config.seed(), b));
            for (int s = 0; s < bsz; s++) {
                double u = rnd.nextDouble();
                int g = 0;
                while (cumulative[g] <= u && g < cumulative.length - 1) {
                    g++;
                }
                GameIndex gi = games.get(g);
                int row = gi.valid[rnd.nextInt(gi.valid.length)];
                fill(s, gi.records, row, obs, next);
                taskIds[s] = g;
            }
            if (!raw) {
                toFloat(obsBytes, out.observations());
                toFloat(nextBytes, out.nextObservations());
            }
            out.actions().data().asNio().order(ByteOrder.nativeOrder()).asIntBuffer().put(actions);
            floats(out.rewards()).put(rewards);
            floats(out.discounts()).put(discounts);
            out.taskIds().data().asNio().order(ByteOrder.nativeOrder()).asIntBuffer().put(taskIds);
            return out;
        }

        /** {@code dst = (float) src * scale}: the float32 values {@link TransitionBatch#observationsAs} gives. */
        private void toFloat(INDArray src, INDArray dst) {
            dst.assign(src);
            if (scale != 1f) {
                dst.muli(scale);
            }
        }

        private FloatBuffer floats(INDArray a) {
            return a.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
        }

        private void fill(int s, GameRecords r, int row, ByteBuffer obs, ByteBuffer next) {
            actions[s] = r.action(row);
            double ret = 0;
            double g = 1;
            int steps = config.nStep();
            boolean ended = false;
            int j = 0;
            for (; j < steps; j++) {
                ret += g * r.reward(row + j);
                g *= config.discount();
                if (r.terminal(row + j)) {
                    ended = true;
                    break;
                }
            }
            rewards[s] = (float) ret;
            discounts[s] = ended ? 0f : (float) gammaN;
            int base = s * obsPer;
            stack(r, row, obs, base);
            int d = ended ? j : steps; // next stack ends at row + d
            if (d < k) {
                // The stacks overlap: the next stack's first k - d frames are the observation's last ones.
                int keep = k - d;
                next.put(base, obs, base + d * frameBytes, keep * frameBytes);
                // slots keep .. k-1 hold rows row+1 .. row+d, contiguous in the store: one read
                r.readFrames(row + 1, d, next, base + keep * frameBytes);
            } else {
                stack(r, row + d, next, base);
            }
        }

        /** The k frames ending at {@code row}; frames before the episode's first row are zeros. */
        private void stack(GameRecords r, int row, ByteBuffer dst, int base) {
            int first = row;
            while (first > row - (k - 1) && !r.episodeStart(first)) {
                first--;
            }
            // slots before the episode's first row are zeros; the rest are rows first .. row, read at once
            int lead = k - 1 - (row - first);
            for (int slot = 0; slot < lead; slot++) {
                dst.put(base + slot * frameBytes, zeros);
            }
            r.readFrames(first, row - first + 1, dst, base + lead * frameBytes);
        }
    }

    /** SplitMix64-style mix of the seed and batch index into one well-spread seed. */
    static long mix(long seed, long b) {
        long z = seed + 0x9E3779B97F4A7C15L * (b + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** {@return the configuration} */
    public SamplerConfig config() {
        checkState(games != null);
        return config;
    }
}
