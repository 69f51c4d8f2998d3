package org.scaledql.examples.bench;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import java.util.function.LongConsumer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.scaledql.api.data.TransitionBatch;
import org.scaledql.api.dt.DecisionTransformerConfig;
import org.scaledql.api.learn.LossConfig;
import org.scaledql.api.nn.NetworkConfig;
import org.scaledql.core.dt.DecisionTransformer;
import org.scaledql.core.dt.SequenceSampler;
import org.scaledql.core.learn.ScaledQlTrainStep;
import org.scaledql.core.nn.SameDiffQNetwork;

/**
 * Times full training steps ({@link ScaledQlTrainStep#step}: off-tape C51 target from the target network,
 * forward, backward, Adam) on synthetic batches: raw uint8 observations (uniform 0..255, scaled by 1/255 inside
 * the step, as the {@code Trainer}'s batches are), random actions and games,
 * rewards in [-1, 1], discount 0.99 with 10% terminals. Two batches alternate so no step sees the same
 * input twice in a row.
 *
 * <p>Warm-up: ND4J's step time settles only after 10-50 steps, so {@code warmup} steps run first, cut short
 * when they use up a third of {@code budgetSeconds} (at least {@link #MIN_WARMUP} always run). Then up to
 * {@code reps} steps are timed, cut short when the budget is used up (at least {@link #MIN_REPS} always run).
 */
public final class StepTimer {

    /** Warm-up steps that run whatever the budget. */
    public static final int MIN_WARMUP = 2;
    /** Timed steps that run whatever the budget. */
    public static final int MIN_REPS = 3;

    private final int warmup;
    private final int reps;
    private final double budgetSeconds;
    private final long seed;

    /**
     * @param warmup        warm-up steps (at most)
     * @param reps          timed steps (at most)
     * @param budgetSeconds wall-time budget of one row, warm-up included; 0 or less for no budget
     * @param seed          seeds the network and the synthetic batches
     */
    public StepTimer(int warmup, int reps, double budgetSeconds, long seed) {
        checkArgument(warmup >= 0, "warm-up steps must be >= 0; got %s", warmup);
        checkArgument(reps >= 1, "timed steps must be >= 1; got %s", reps);
        this.warmup = warmup;
        this.reps = reps;
        this.budgetSeconds = budgetSeconds;
        this.seed = seed;
    }

    /** Builds the row's network and step, then times it. Progress goes to {@code log}. */
    public Timing time(BenchRow row, PrintWriter log) {
        RowSteps step = steps(row, seed);
        long start = System.nanoTime();
        double budgetNanos = budgetSeconds > 0 ? budgetSeconds * 1e9 : Double.MAX_VALUE;
        int w = warmUp(step::step, warmup, start, budgetNanos);
        log.printf("  %s: %d warm-up steps in %.1f s%n", row.id(), w, (System.nanoTime() - start) / 1e9);
        log.flush();
        double[] ms = new double[reps];
        int n = 0;
        while (n < reps && (n < MIN_REPS || System.nanoTime() - start < budgetNanos)) {
            long t0 = System.nanoTime();
            step.step(n);
            ms[n++] = (System.nanoTime() - t0) / 1e6;
        }
        return new Timing(w, java.util.Arrays.copyOf(ms, n));
    }

    /** A row's training step {@code n} (on one of two synthetic batches, alternating), plain or profiled. */
    private interface RowSteps {
        void step(int n);

        Map<String, Double> profile(int n, boolean byShape);
    }

    /**
     * The row's steps: the library's standard Scaled QL step ({@link ScaledQlTrainStep}) or, for a Decision
     * Transformer row, {@link DecisionTransformer#trainStep} (forward, both cross-entropies, backward, Adam) on
     * synthetic windows.
     */
    private static RowSteps steps(BenchRow row, long seed) {
        if (row.decisionTransformer() != null) {
            DecisionTransformer model = decisionTransformer(row, seed);
            SequenceSampler.Batch[] windows = {syntheticWindows(row, seed + 1), syntheticWindows(row, seed + 2)};
            return new RowSteps() {
                @Override
                public void step(int n) {
                    model.trainStep(windows[n % 2]);
                }

                @Override
                public Map<String, Double> profile(int n, boolean byShape) {
                    return model.profile(windows[n % 2], byShape);
                }
            };
        }
        ScaledQlTrainStep step = newStep(row.config(), seed);
        TransitionBatch[] batches = {syntheticBatch(row.config(), row.batch(), seed + 1),
            syntheticBatch(row.config(), row.batch(), seed + 2)};
        return new RowSteps() {
            @Override
            public void step(int n) {
                step.step(batches[n % 2]);
            }

            @Override
            public Map<String, Double> profile(int n, boolean byShape) {
                return step.profile(batches[n % 2], byShape);
            }
        };
    }

    /** The row's Decision Transformer, its games named {@code game-0}, ..., each with returns in [0, 10]. */
    private static DecisionTransformer decisionTransformer(BenchRow row, long seed) {
        DecisionTransformerConfig c = row.decisionTransformer();
        NetworkConfig n = row.config();
        List<String> games = new ArrayList<>();
        float[][] ranges = new float[n.numGames()][];
        for (int g = 0; g < n.numGames(); g++) {
            games.add("game-" + g);
            ranges[g] = new float[] {0, 10};
        }
        return DecisionTransformer.create(c.withSeed(seed), games, n.numActions(), n.observationShape(), ranges);
    }

    /**
     * {@code batch} synthetic windows of the row's context: uniform observations in [0, 1), returns-to-go in [0,
     * 10], random actions, one random game per window; a quarter of the windows start their episode inside the
     * window (left padding), as the sampler's do near episode starts.
     */
    static SequenceSampler.Batch syntheticWindows(BenchRow row, long seed) {
        int k = row.decisionTransformer().context();
        NetworkConfig n = row.config();
        int[] s = n.observationShape();
        int rows = row.batch() * k;
        SplittableRandom r = new SplittableRandom(seed);
        float[] obs = new float[rows * s[0] * s[1] * s[2]];
        for (int i = 0; i < obs.length; i++) {
            obs[i] = (float) r.nextDouble();
        }
        float[] returns = new float[rows];
        int[] actions = new int[rows];
        boolean[] valid = new boolean[rows];
        int[] tasks = new int[rows];
        for (int b = 0; b < row.batch(); b++) {
            int pad = r.nextDouble() < 0.25 ? r.nextInt(k) : 0;
            int task = r.nextInt(n.numGames());
            for (int t = 0; t < k; t++) {
                int i = b * k + t;
                valid[i] = t >= pad;
                returns[i] = valid[i] ? (float) (10 * r.nextDouble()) : 0f;
                actions[i] = valid[i] ? r.nextInt(n.numActions()) : 0;
                tasks[i] = task;
            }
        }
        return new SequenceSampler.Batch(k, Nd4j.create(obs, new long[] {rows, s[0], s[1], s[2]}, 'c'), returns,
                actions, valid, tasks);
    }

    /**
     * Builds the row's network and step, warms it up like {@link #time}, then profiles up to {@code reps} steps
     * ({@link ScaledQlTrainStep#profile}, or {@link DecisionTransformer#profile} for a Decision Transformer row)
     * and returns the mean milliseconds per part and op label, in the order of
     * the first profiled step's keys (parts first, then ops largest first).
     *
     * @param row     the network and batch size
     * @param byShape whether op labels name each op's input shapes too
     * @param log     progress
     * @return part or op label to mean milliseconds per step
     */
    public Map<String, Double> profile(BenchRow row, boolean byShape, PrintWriter log) {
        RowSteps step = steps(row, seed);
        long start = System.nanoTime();
        double budgetNanos = budgetSeconds > 0 ? budgetSeconds * 1e9 : Double.MAX_VALUE;
        // at least MIN_WARMUP (two) steps, so the gradient graph is compiled before profiling
        int w = warmUp(step::step, Math.max(warmup, MIN_WARMUP), start, budgetNanos);
        Map<String, Double> sum = new LinkedHashMap<>();
        int n = 0;
        while (n < reps && (n < MIN_REPS || System.nanoTime() - start < budgetNanos)) {
            step.profile(n, byShape).forEach((k, v) -> sum.merge(k, v, Double::sum));
            n++;
        }
        log.printf("  %s: %d warm-up and %d profiled steps in %.1f s%n", row.id(), w, n, (System.nanoTime() - start) / 1e9);
        log.flush();
        Map<String, Double> mean = new LinkedHashMap<>();
        int count = n;
        sum.forEach((k, v) -> {
            if (!k.startsWith("op ")) {
                mean.put(k, v / count);
            }
        });
        sum.entrySet().stream().filter(e -> e.getKey().startsWith("op "))
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> mean.put(e.getKey(), e.getValue() / count));
        return mean;
    }

    /** Runs up to {@code max} steps (at least {@link #MIN_WARMUP}) until a third of the budget is used; returns how many. */
    private static int warmUp(IntConsumer step, int max, long start, double budgetNanos) {
        int w = 0;
        while (w < max && (w < MIN_WARMUP || System.nanoTime() - start < budgetNanos / 3)) {
            step.accept(w);
            w++;
        }
        return w;
    }

    /**
     * Runs {@code steps} training steps of one network, calling {@code afterStep} with the 1-based step number
     * after each (the memory mode samples VmRSS there).
     */
    public static void run(NetworkConfig config, int batch, long steps, long seed, LongConsumer afterStep) {
        ScaledQlTrainStep step = newStep(config, seed);
        TransitionBatch[] batches = {syntheticBatch(config, batch, seed + 1), syntheticBatch(config, batch, seed + 2)};
        for (long t = 1; t <= steps; t++) {
            step.step(batches[(int) (t % 2)]);
            afterStep.accept(t);
        }
    }

    /** The library's standard step: {@link LossConfig#scaledQl()} (C51 + CQL alpha 0.05), default Adam. */
    static ScaledQlTrainStep newStep(NetworkConfig config, long seed) {
        SameDiffQNetwork net = SameDiffQNetwork.create(config, seed);
        return ScaledQlTrainStep.builder(net).loss(LossConfig.scaledQl()).build();
    }

    /** A synthetic batch of {@code batch} transitions for {@code config}. */
    public static TransitionBatch syntheticBatch(NetworkConfig config, int batch, long seed) {
        int[] s = config.observationShape();
        SplittableRandom r = new SplittableRandom(seed);
        int obsSize = s[0] * s[1] * s[2];
        byte[] obs = new byte[batch * obsSize];
        byte[] next = new byte[batch * obsSize];
        for (int i = 0; i < obs.length; i++) {
            obs[i] = (byte) r.nextInt(256);
            next[i] = (byte) r.nextInt(256);
        }
        int[] actions = new int[batch];
        int[] tasks = new int[batch];
        float[] rewards = new float[batch];
        float[] discounts = new float[batch];
        for (int b = 0; b < batch; b++) {
            actions[b] = r.nextInt(config.numActions());
            tasks[b] = r.nextInt(config.numGames());
            rewards[b] = (float) (2 * r.nextDouble() - 1);
            discounts[b] = r.nextDouble() < 0.1 ? 0f : 0.99f;
        }
        long[] shape = {batch, s[0], s[1], s[2]};
        return new TransitionBatch(uint8(obs, shape), Nd4j.createFromArray(actions), Nd4j.createFromArray(rewards),
                Nd4j.createFromArray(discounts), uint8(next, shape), Nd4j.createFromArray(tasks), 1 / 255f);
    }

    private static INDArray uint8(byte[] values, long[] shape) {
        INDArray a = Nd4j.createUninitialized(DataType.UBYTE, shape);
        a.data().asNio().put(0, values);
        return a;
    }
}
