package org.scaledql.core.dt;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.scaledql.api.data.GameMetadata;
import org.scaledql.api.data.GameRecords;
import org.scaledql.api.data.TransitionStore;

/**
 * Windows of {@code K} consecutive steps of one episode, for sequence models. A window ends at a row drawn
 * uniformly from all rows of the chosen games and reaches back at most to its episode's first row; the steps before
 * that are padding (zero frames, bin and action 0, marked invalid), so a window never crosses an episode boundary.
 * Each step carries its frame, its action and its return-to-go: the sum of the rewards from that step to the end of
 * its episode (for an episode cut by the end of a game's data, to that end). Deterministic for a seed.
 */
public final class SequenceSampler {

    /**
     * One batch of windows, time-major within each window ({@code row = sample * K + step}).
     *
     * @param context      steps per window {@code K}
     * @param observations {@code [B * K, C, H, W]} network inputs (frame values times the game's scale)
     * @param returnsToGo  {@code B * K} returns-to-go
     * @param actions      {@code B * K} actions
     * @param valid        {@code B * K}: whether the step is real (not padding)
     * @param taskIds      {@code B * K}: each step's game index in the sampler's game list
     */
    public record Batch(int context, INDArray observations, float[] returnsToGo, int[] actions, boolean[] valid,
            int[] taskIds) {
        /** {@return windows in the batch} */
        public int size() {
            return taskIds.length / context;
        }
    }

    private final List<Game> games = new ArrayList<>();
    private final long[] cumulativeRows; // games' row counts, cumulated
    private final int context;
    private final int[] frameShape;
    private final int frameBytes;
    private final SplittableRandom random;

    private record Game(GameRecords records, float scale, float[] returnsToGo, int[] episodeStarts, float minReturn,
            float maxReturn) {
    }

    /**
     * Reads every game's rewards and episode boundaries (not its frames) to compute returns-to-go.
     *
     * @param store   the data
     * @param names   the games, in task-id order
     * @param context steps per window {@code K}
     * @param seed    the seed of the row draws
     * @throws IllegalArgumentException for an unknown or empty game, games of different frame shapes, or a game too
     *                                  large for one window index (2^31 rows)
     */
    public SequenceSampler(TransitionStore store, List<String> names, int context, long seed) {
        Objects.requireNonNull(store, "store");
        checkArgument(!names.isEmpty(), "the sampler needs at least one game");
        checkArgument(context >= 1, "context must be >= 1; got %s", context);
        this.context = context;
        this.random = new SplittableRandom(seed);
        int[] shape = null;
        cumulativeRows = new long[names.size()];
        long total = 0;
        for (String name : names) {
            GameRecords r = store.records(name);
            GameMetadata m = r.metadata();
            checkArgument(r.size() > 0, "game %s has no rows", name);
            checkArgument(r.size() <= Integer.MAX_VALUE, "game %s has %s rows; the sampler takes at most 2^31 - 1",
                    name, r.size());
            if (shape == null) {
                shape = m.frameShapeArray();
            }
            checkArgument(Arrays.equals(shape, m.frameShapeArray()), "all games need one frame shape; %s has %s, "
                    + "the first game %s", name, Arrays.toString(m.frameShapeArray()), Arrays.toString(shape));
            games.add(scan(r, m.observationScale()));
            total += r.size();
            cumulativeRows[games.size() - 1] = total;
        }
        this.frameShape = shape;
        this.frameBytes = games.get(0).records().metadata().frameBytes();
    }

    private static Game scan(GameRecords r, float scale) {
        int n = (int) r.size();
        float[] rtg = new float[n];
        int[] starts = new int[n];
        double next = 0;
        for (int row = n - 1; row >= 0; row--) {
            boolean continues = row + 1 < n && !r.terminal(row) && !r.truncated(row) && !r.episodeStart(row + 1);
            next = r.reward(row) + (continues ? next : 0);
            rtg[row] = (float) next;
        }
        int start = 0;
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (int row = 0; row < n; row++) {
            if (r.episodeStart(row) || (row > 0 && (r.terminal(row - 1) || r.truncated(row - 1)))) {
                start = row;
            }
            starts[row] = start;
            lo = Math.min(lo, rtg[row]);
            hi = Math.max(hi, rtg[row]);
        }
        return new Game(r, scale, rtg, starts, lo, hi);
    }

    /** {@return steps per window} */
    public int context() {
        return context;
    }

    /** {@return the frame shape {@code [C, H, W]}} */
    public int[] frameShape() {
        return frameShape.clone();
    }

    /**
     * {@return the smallest and largest return-to-go of each game in the data, {@code [G][2]}: the range the model's
     * return bins divide}
     */
    public float[][] returnRanges() {
        float[][] out = new float[games.size()][];
        for (int g = 0; g < out.length; g++) {
            out[g] = new float[] {games.get(g).minReturn(), games.get(g).maxReturn()};
        }
        return out;
    }

    /**
     * {@return the next batch of windows}
     *
     * @param batchSize windows {@code B}
     */
    public Batch next(int batchSize) {
        checkArgument(batchSize >= 1, "batchSize must be >= 1; got %s", batchSize);
        int rows = batchSize * context;
        byte[] frames = new byte[rows * frameBytes];
        float[] scales = new float[rows];
        float[] rtg = new float[rows];
        int[] actions = new int[rows];
        boolean[] valid = new boolean[rows];
        int[] tasks = new int[rows];
        long total = cumulativeRows[cumulativeRows.length - 1];
        for (int b = 0; b < batchSize; b++) {
            long global = random.nextLong(total);
            int g = 0;
            while (global >= cumulativeRows[g]) {
                g++;
            }
            Game game = games.get(g);
            int end = (int) (global - (g == 0 ? 0 : cumulativeRows[g - 1]));
            int first = Math.max(game.episodeStarts()[end], end - context + 1);
            int pad = context - (end - first + 1);
            for (int k = 0; k < context; k++) {
                int at = b * context + k;
                tasks[at] = g;
                if (k < pad) {
                    continue;
                }
                int row = first + k - pad;
                game.records().readFrame(row, frames, at * frameBytes);
                scales[at] = game.scale();
                rtg[at] = game.returnsToGo()[row];
                actions[at] = game.records().action(row);
                valid[at] = true;
            }
        }
        float[] obs = new float[frames.length];
        for (int i = 0; i < frames.length; i++) {
            obs[i] = (frames[i] & 0xff) * scales[i / frameBytes];
        }
        INDArray o = Nd4j.createFromArray(obs).reshape(rows, frameShape[0], frameShape[1], frameShape[2]);
        return new Batch(context, o, rtg, actions, valid, tasks);
    }
}
