package org.scaledql.core.metrics;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.scaledql.api.metrics.Aggregate;
import org.scaledql.api.metrics.BootstrapConfig;
import org.scaledql.api.metrics.Interval;
import org.scaledql.api.metrics.PerformanceProfile;
import org.scaledql.api.metrics.ScoreMatrix;

/**
 * Stratified bootstrap confidence intervals, as rliable's {@code get_interval_estimates} with
 * {@code method='percentile'} (Agarwal et al. 2021, "Deep RL at the Edge of the Statistical Precipice").
 *
 * <p><b>Resampling.</b> One rep draws, for each task, {@code runs} run indices uniformly with replacement
 * (runs are resampled independently within each task: the strata are tasks). With
 * {@link BootstrapConfig#taskBootstrap()} each of the {@code tasks} columns first draws which task it copies,
 * uniformly with replacement. The statistic of each resampled matrix is recorded, and the interval is the
 * {@code (1 - c)/2} and {@code (1 + c)/2} percentiles of the {@code reps} statistics with linear interpolation
 * ({@code numpy.percentile}'s default). The point estimate is the statistic of the observed matrix.
 *
 * <p><b>Seeding.</b> Rep {@code i} draws from its own {@link SplittableRandom} seeded with
 * {@code mix64(seed + (i + 1) * 0x9E3779B97F4A7C15)} (SplitMix64's finaliser), so the result is a
 * deterministic function of the config alone: the same for 1 thread or 16. Numbers do not match rliable
 * bit-for-bit (different generators; rliable also draws from numpy's global state), only in distribution.
 *
 * <p><b>Parallelism.</b> Reps are split into chunks of {@value #CHUNK} run on a private fork-join pool of
 * {@code threads} workers; each chunk reuses one resample buffer.
 */
public final class StratifiedBootstrap {

    /** Reps per parallel work item. */
    static final int CHUNK = 512;

    private final BootstrapConfig config;
    private final int threads;

    /**
     * A bootstrap using every available processor.
     *
     * @param config the bootstrap settings
     */
    public StratifiedBootstrap(BootstrapConfig config) {
        this(config, Runtime.getRuntime().availableProcessors());
    }

    /**
     * A bootstrap on a given number of worker threads (the results do not depend on it).
     *
     * @param config  the bootstrap settings
     * @param threads worker threads, {@code >= 1}
     */
    public StratifiedBootstrap(BootstrapConfig config, int threads) {
        this.config = Objects.requireNonNull(config, "config");
        checkArgument(threads >= 1, "the bootstrap needs threads >= 1; got %s", threads);
        this.threads = threads;
    }

    /** {@return the settings} */
    public BootstrapConfig config() {
        return config;
    }

    /**
     * {@return the point estimate of one aggregate with its percentile interval}
     *
     * @param scores    the scores
     * @param aggregate the aggregate
     */
    public Interval interval(ScoreMatrix scores, Aggregate aggregate) {
        return intervals(scores, List.of(aggregate)).values().iterator().next();
    }

    /**
     * Point estimates and percentile intervals of several aggregates, all read off the same resamples.
     *
     * @param scores     the scores
     * @param aggregates the aggregates
     * @return aggregate name to its interval, in the order given
     * @throws IllegalArgumentException when two aggregates share a name
     */
    public Map<String, Interval> intervals(ScoreMatrix scores, List<Aggregate> aggregates) {
        Set<String> names = new HashSet<>();
        for (Aggregate a : aggregates) {
            checkArgument(names.add(a.name()), "aggregate names must be unique; '%s' appears twice", a.name());
        }
        double[][] reps = replicates(scores, aggregates);
        double[][] observed = scores.scores();
        Map<String, Interval> out = new LinkedHashMap<>();
        for (int a = 0; a < aggregates.size(); a++) {
            out.put(aggregates.get(a).name(), percentileInterval(aggregates.get(a).compute(observed), reps[a]));
        }
        return out;
    }

    /**
     * {@return the bootstrap distribution itself: {@code [aggregates][reps]}, entry {@code [a][i]} the statistic of
     * aggregate {@code a} on resample {@code i}}
     *
     * @param scores     the scores
     * @param aggregates the aggregates
     */
    public double[][] replicates(ScoreMatrix scores, List<Aggregate> aggregates) {
        Objects.requireNonNull(scores, "scores");
        checkArgument(!aggregates.isEmpty(), "give at least one aggregate to bootstrap");
        double[][] data = scores.scores();
        int runs = scores.numRuns();
        int tasks = scores.numTasks();
        Aggregate[] aggs = aggregates.toArray(new Aggregate[0]);
        double[][] out = new double[aggs.length][config.reps()];
        forEachChunk(chunk -> {
            double[][] buf = new double[runs][tasks];
            int[] src = new int[tasks];
            for (int rep = chunk * CHUNK, end = Math.min(config.reps(), rep + CHUNK); rep < end; rep++) {
                SplittableRandom rng = repRandom(config.seed(), rep);
                resample(data, buf, src, rng, config.taskBootstrap());
                for (int a = 0; a < aggs.length; a++) {
                    out[a][rep] = aggs[a].compute(buf);
                }
            }
        });
        return out;
    }

    /**
     * {@return {@code P(X > Y)} ({@link ProbabilityOfImprovement}) with its percentile interval. X and Y are
     * resampled independently (rliable's {@code StratifiedIndependentBootstrap}): each rep draws X's runs within each
     * task, then Y's} With task resampling, both use the same drawn tasks, keeping the pairing by task.
     *
     * @param x the scores of X
     * @param y the scores of Y, on the same tasks
     */
    public Interval probabilityOfImprovement(ScoreMatrix x, ScoreMatrix y) {
        int[] yColumns = ProbabilityOfImprovement.matchTasks(x, y);
        double[][] xd = x.scores();
        double[][] yd = new double[y.numRuns()][yColumns.length];
        for (int r = 0; r < yd.length; r++) {
            for (int t = 0; t < yColumns.length; t++) {
                yd[r][t] = y.get(r, yColumns[t]);
            }
        }
        int tasks = yColumns.length;
        int[] identity = IntStream.range(0, tasks).toArray();
        double[] reps = new double[config.reps()];
        forEachChunk(chunk -> {
            double[][] xb = new double[xd.length][tasks];
            double[][] yb = new double[yd.length][tasks];
            int[] src = new int[tasks];
            for (int rep = chunk * CHUNK, end = Math.min(config.reps(), rep + CHUNK); rep < end; rep++) {
                SplittableRandom rng = repRandom(config.seed(), rep);
                resample(xd, xb, src, rng, config.taskBootstrap());
                resampleRuns(yd, yb, src, rng);
                reps[rep] = ProbabilityOfImprovement.compute(xb, yb, identity);
            }
        });
        return percentileInterval(ProbabilityOfImprovement.compute(xd, yd, identity), reps);
    }

    /**
     * {@return a performance profile over a threshold grid, with one interval per threshold (rliable's {@code
     * create_performance_profile}; rliable uses 2,000 reps there)}
     *
     * @param scores the scores
     * @param taus strictly increasing thresholds, e.g. {@link #linspace(double, double, int)}{@code (0, 8, 81)}
     * @param kind   over runs or over task means
     */
    public PerformanceProfile profile(ScoreMatrix scores, double[] taus, PerformanceProfile.Kind kind) {
        Objects.requireNonNull(kind, "kind");
        List<Aggregate> aggs = new ArrayList<>();
        for (double tau : taus) {
            aggs.add(kind == PerformanceProfile.Kind.RUN_SCORES
                    ? Aggregates.fractionAbove(tau) : Aggregates.fractionOfTaskMeansAbove(tau));
        }
        checkArgument(taus.length > 0, "a performance profile needs at least one tau");
        Map<String, Interval> intervals = intervals(scores, aggs);
        return new PerformanceProfile(kind, Arrays.stream(taus).boxed().toList(), List.copyOf(intervals.values()));
    }

    /**
     * {@return {@code n} evenly spaced values from {@code start} to {@code stop} inclusive ({@code numpy.linspace})}
     *
     * @param start the first value
     * @param stop  the last value
     * @param n     the number of values
     */
    public static double[] linspace(double start, double stop, int n) {
        checkArgument(n >= 2, "linspace needs n >= 2; got %s", n);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = start + (stop - start) * i / (n - 1);
        }
        v[n - 1] = stop;
        return v;
    }

    /**
     * {@return the {@code q}-quantile ({@code 0 <= q <= 1}) of the values with linear interpolation between order
     * statistics, {@code numpy.percentile(values, 100 q)}} Sorts {@code values} in place.
     *
     * @param values the values (sorted in place)
     * @param q      the quantile, in [0, 1]
     */
    public static double quantile(double[] values, double q) {
        checkArgument(values.length > 0, "quantile of no values");
        checkArgument(q >= 0 && q <= 1, "q must be in [0, 1]; got %s", q);
        Arrays.sort(values);
        double h = (values.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, values.length - 1);
        return values[lo] + (h - lo) * (values[hi] - values[lo]);
    }

    private Interval percentileInterval(double point, double[] reps) {
        double alpha = 1 - config.confidence();
        double[] sorted = reps.clone();
        double lower = quantile(sorted, alpha / 2);
        double upper = quantile(sorted, 1 - alpha / 2);
        return new Interval(point, lower, Math.max(lower, upper));
    }

    /** The random stream of rep {@code rep}: a function of (seed, rep) only. */
    static SplittableRandom repRandom(long seed, int rep) {
        return new SplittableRandom(mix64(seed + (rep + 1L) * 0x9E3779B97F4A7C15L));
    }

    /** SplitMix64's finaliser (Steele, Lea and Flood 2014). */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Fills {@code buf} with one stratified resample of {@code data}; {@code src} receives the task drawn per column. */
    private static void resample(double[][] data, double[][] buf, int[] src, SplittableRandom rng, boolean tasksToo) {
        int tasks = src.length;
        for (int t = 0; t < tasks; t++) {
            src[t] = tasksToo ? rng.nextInt(tasks) : t;
        }
        resampleRuns(data, buf, src, rng);
    }

    private static void resampleRuns(double[][] data, double[][] buf, int[] src, SplittableRandom rng) {
        int runs = data.length;
        for (int t = 0; t < src.length; t++) {
            int from = src[t];
            for (double[] row : buf) {
                row[t] = data[rng.nextInt(runs)][from];
            }
        }
    }

    private void forEachChunk(IntConsumer work) {
        int chunks = (config.reps() + CHUNK - 1) / CHUNK;
        if (threads == 1 || chunks == 1) {
            for (int c = 0; c < chunks; c++) {
                work.accept(c);
            }
            return;
        }
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            pool.submit(() -> IntStream.range(0, chunks).parallel().forEach(work)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("bootstrap interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("bootstrap failed: " + cause, cause);
        } finally {
            pool.shutdown();
        }
    }
}
