package org.scaledql.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.scaledql.api.metrics.Aggregate;
import org.scaledql.api.metrics.BootstrapConfig;
import org.scaledql.api.metrics.Interval;
import org.scaledql.api.metrics.ScoreMatrix;

/**
 * Seeded property loops. Each case is generated from {@code SEED + i}; a failure message carries the seed
 * and the input so it can be replayed.
 */
class MetricsPropertiesTest {

    private static final long SEED = 20_230_501L;
    private static final int CASES = 200;

    /** A random matrix: 1-6 runs, 1-12 tasks, skewed values, some ties. */
    static ScoreMatrix randomMatrix(SplittableRandom rng, boolean nonNegative) {
        int runs = 1 + rng.nextInt(6);
        int tasks = 1 + rng.nextInt(12);
        double[][] s = new double[runs][tasks];
        for (double[] row : s) {
            for (int t = 0; t < tasks; t++) {
                double v = rng.nextInt(4) == 0 ? rng.nextInt(3) : -Math.log(1 - rng.nextDouble()) * 1.5 - 0.3;
                row[t] = nonNegative ? Math.abs(v) : v;
            }
        }
        return new ScoreMatrix(names(tasks), s);
    }

    static List<String> names(int tasks) {
        List<String> n = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            n.add("task" + t);
        }
        return n;
    }

    private static String describe(long seed, ScoreMatrix m) {
        return "seed=" + seed + " input=" + Arrays.deepToString(m.scores());
    }

    @Test
    void iqmOfAConstantIsTheConstant() {
        for (int i = 0; i < CASES; i++) {
            long seed = SEED + i;
            SplittableRandom rng = new SplittableRandom(seed);
            double c = rng.nextDouble(-50, 50);
            ScoreMatrix shape = randomMatrix(rng, false);
            double[][] s = new double[shape.numRuns()][shape.numTasks()];
            for (double[] row : s) {
                Arrays.fill(row, c);
            }
            ScoreMatrix m = new ScoreMatrix(shape.taskNames(), s);
            assertThat(Aggregates.iqm().of(m)).as(describe(seed, m)).isCloseTo(c, within(1e-12 * Math.max(1, Math.abs(c))));
        }
    }

    @Test
    void iqmIsInvariantToPermutingRunsAndTasks() {
        for (int i = 0; i < CASES; i++) {
            long seed = SEED + i;
            SplittableRandom rng = new SplittableRandom(seed);
            ScoreMatrix m = randomMatrix(rng, false);
            List<Integer> runs = range(m.numRuns());
            List<Integer> tasks = range(m.numTasks());
            Collections.shuffle(runs, new java.util.Random(seed));
            Collections.shuffle(tasks, new java.util.Random(~seed));
            double[][] p = new double[m.numRuns()][m.numTasks()];
            for (int r = 0; r < p.length; r++) {
                for (int t = 0; t < p[r].length; t++) {
                    p[r][t] = m.get(runs.get(r), tasks.get(t));
                }
            }
            ScoreMatrix permuted = new ScoreMatrix(m.taskNames(), p);
            for (Aggregate a : List.of(Aggregates.iqm(), Aggregates.median(), Aggregates.mean(), Aggregates.optimalityGap())) {
                assertThat(a.of(permuted)).as("%s %s", a.name(), describe(seed, m)).isCloseTo(a.of(m), within(1e-12));
            }
        }
    }

    @Test
    void iqmIsAffineEquivariant() {
        for (int i = 0; i < CASES; i++) {
            long seed = SEED + i;
            SplittableRandom rng = new SplittableRandom(seed);
            ScoreMatrix m = randomMatrix(rng, false);
            double a = rng.nextDouble(0.01, 20);
            double b = rng.nextDouble(-10, 10);
            double[][] s = m.scores();
            for (double[] row : s) {
                for (int t = 0; t < row.length; t++) {
                    row[t] = a * row[t] + b;
                }
            }
            double want = a * Aggregates.iqm().of(m) + b;
            assertThat(Aggregates.iqm().of(new ScoreMatrix(m.taskNames(), s)))
                    .as("a=%s b=%s %s", a, b, describe(seed, m)).isCloseTo(want, within(1e-9 * Math.max(1, Math.abs(want))));
        }
    }

    @Test
    void iqmLiesBetweenMinAndMax() {
        for (int i = 0; i < CASES; i++) {
            long seed = SEED + i;
            ScoreMatrix m = randomMatrix(new SplittableRandom(seed), false);
            double[] flat = Arrays.stream(m.scores()).flatMapToDouble(Arrays::stream).toArray();
            double min = Arrays.stream(flat).min().orElseThrow();
            double max = Arrays.stream(flat).max().orElseThrow();
            assertThat(Aggregates.iqm().of(m)).as(describe(seed, m)).isBetween(min - 1e-12, max + 1e-12);
        }
    }

    @Test
    void probabilityOfImprovementIsComplementaryAndHalfAgainstItself() {
        for (int i = 0; i < CASES; i++) {
            long seed = SEED + i;
            SplittableRandom rng = new SplittableRandom(seed);
            ScoreMatrix x = randomMatrix(rng, false);
            int runsY = 1 + rng.nextInt(6);
            double[][] ys = new double[runsY][x.numTasks()];
            for (double[] row : ys) {
                for (int t = 0; t < row.length; t++) {
                    row[t] = rng.nextInt(3) == 0 ? x.get(0, t) : rng.nextInt(4) - 1.0; // ties on purpose
                }
            }
            ScoreMatrix y = new ScoreMatrix(x.taskNames(), ys);
            String what = describe(seed, x) + " y=" + Arrays.deepToString(ys);
            double pxy = ProbabilityOfImprovement.of(x, y);
            assertThat(pxy + ProbabilityOfImprovement.of(y, x)).as(what).isCloseTo(1.0, within(1e-12));
            assertThat(pxy).as(what).isBetween(0.0, 1.0);
            assertThat(ProbabilityOfImprovement.of(x, x)).as(what).isCloseTo(0.5, within(1e-12));
        }
    }

    @Test
    void optimalityGapIsInZeroGammaAndNonIncreasingInScores() {
        for (int i = 0; i < CASES; i++) {
            long seed = SEED + i;
            SplittableRandom rng = new SplittableRandom(seed);
            ScoreMatrix m = randomMatrix(rng, true);
            double gamma = rng.nextDouble(0.1, 3);
            Aggregate gap = Aggregates.optimalityGap(gamma);
            double g = gap.of(m);
            assertThat(g).as("gamma=%s %s", gamma, describe(seed, m)).isBetween(0.0, gamma);
            double[][] s = m.scores();
            int r = rng.nextInt(s.length);
            int t = rng.nextInt(s[0].length);
            s[r][t] += rng.nextDouble(0, 2);
            assertThat(gap.of(new ScoreMatrix(m.taskNames(), s))).as("raising [%s][%s], gamma=%s %s", r, t, gamma, describe(seed, m))
                    .isLessThanOrEqualTo(g + 1e-12);
        }
    }

    @Test
    void bootstrapIsDeterministicAndBracketsThePoint() {
        for (int i = 0; i < 20; i++) {
            long seed = SEED + i;
            SplittableRandom rng = new SplittableRandom(seed);
            // Enough runs and tasks that the bootstrap distribution is not degenerate; with 1 run or heavy skew
            // a percentile interval need not contain the point (documented on Interval).
            int runs = 3 + rng.nextInt(4);
            int tasks = 8 + rng.nextInt(20);
            double[][] s = new double[runs][tasks];
            for (double[] row : s) {
                for (int t = 0; t < tasks; t++) {
                    row[t] = rng.nextGaussian() + t * 0.1;
                }
            }
            ScoreMatrix m = new ScoreMatrix(names(tasks), s);
            BootstrapConfig cfg = new BootstrapConfig(1_000, 0.95, seed, i % 2 == 0);
            for (Aggregate a : List.of(Aggregates.iqm(), Aggregates.mean(), Aggregates.optimalityGap())) {
                Interval first = new StratifiedBootstrap(cfg, 2).interval(m, a);
                Interval again = new StratifiedBootstrap(cfg, 1).interval(m, a);
                String what = a.name() + " " + cfg + " " + describe(seed, m);
                assertThat(again).as(what).isEqualTo(first);
                assertThat(first.lower()).as(what).isLessThanOrEqualTo(first.point());
                assertThat(first.point()).as(what).isLessThanOrEqualTo(first.upper());
            }
        }
    }

    private static List<Integer> range(int n) {
        List<Integer> l = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            l.add(k);
        }
        return l;
    }
}
