package org.scaledql.core.metrics;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;
import org.scaledql.api.metrics.Aggregate;

/**
 * The aggregate statistics of rliable ({@code rliable/metrics.py}, v1.2.0) as stateless {@link Aggregate}s
 * over a {@code [runs x tasks]} score matrix.
 *
 * <ul>
 *   <li>{@link #mean()}: mean over tasks of the per-task mean over runs.</li>
 *   <li>{@link #median()}: median over tasks of the per-task means (mean of the two middle ones for an even
 *       number of tasks, as {@code numpy.median}).</li>
 *   <li>{@link #iqm()}: interquartile mean of ALL run-task scores pooled, exactly
 *       {@code scipy.stats.trim_mean(scores, 0.25, axis=None)}: sort the {@code N = runs * tasks} scores, drop
 *       {@code k = floor(N / 4)} from each end and average the {@code N - 2k} left, with no interpolation.
 *       So for N = 5 one score is dropped at each end and three are averaged; for N &lt; 4 nothing is dropped.</li>
 *   <li>{@link #optimalityGap(double)}: {@code gamma - mean(min(score, gamma))} over all run-task scores;
 *       in {@code [0, gamma]} for non-negative scores, larger than {@code gamma} when scores fall below 0.</li>
 *   <li>{@link #fractionAbove(double)}, {@link #fractionOfTaskMeansAbove(double)}: one point of a performance
 *       profile (strictly greater than {@code tau}).</li>
 * </ul>
 */
public final class Aggregates {

    /** The optimality gap's default threshold (rliable's {@code gamma=1}: human level on human-normalized scores). */
    public static final double DEFAULT_GAMMA = 1.0;

    private Aggregates() {
    }

    /**
     * Interquartile mean of all run-task scores pooled; see the class comment for the trimming rule.
     *
     * @return the aggregate
     */
    public static Aggregate iqm() {
        return new Named("iqm") {
            @Override
            public double compute(double[][] scores) {
                return trimMean(flatten(scores), 0.25);
            }
        };
    }

    /**
     * Median over tasks of the per-task means over runs.
     *
     * @return the aggregate
     */
    public static Aggregate median() {
        return new Named("median") {
            @Override
            public double compute(double[][] scores) {
                double[] m = taskMeans(scores);
                Arrays.sort(m);
                int n = m.length;
                return n % 2 == 1 ? m[n / 2] : 0.5 * (m[n / 2 - 1] + m[n / 2]);
            }
        };
    }

    /** {@return mean over tasks of the per-task means over runs} */
    public static Aggregate mean() {
        return new Named("mean") {
            @Override
            public double compute(double[][] scores) {
                double[] m = taskMeans(scores);
                double s = 0;
                for (double v : m) {
                    s += v;
                }
                return s / m.length;
            }
        };
    }

    /** {@return the optimality gap with {@code gamma = 1}} */
    public static Aggregate optimalityGap() {
        return optimalityGap(DEFAULT_GAMMA);
    }

    /**
     * {@return the optimality gap {@code gamma - mean(min(score, gamma))}: how far the scores fall short of {@code
     * gamma} on average, with scores above {@code gamma} counting as {@code gamma}} Lower is better.
     *
     * @param gamma the target score, finite and positive
     */
    public static Aggregate optimalityGap(double gamma) {
        checkArgument(Double.isFinite(gamma) && gamma > 0,
                "the optimality gap needs a finite gamma > 0 (rliable's default is 1); got gamma=%s", gamma);
        return new Named("optimalityGap") {
            @Override
            public double compute(double[][] scores) {
                double s = 0;
                int n = 0;
                for (double[] row : scores) {
                    for (double v : row) {
                        s += Math.min(v, gamma);
                        n++;
                    }
                }
                return gamma - s / n;
            }
        };
    }

    /**
     * Fraction of all run-task scores strictly greater than {@code tau} (one point of rliable's score distribution).
     *
     * @param tau the threshold
     * @return the aggregate
     */
    public static Aggregate fractionAbove(double tau) {
        checkArgument(Double.isFinite(tau), "tau must be finite; got %s", tau);
        return new Named("fractionAbove(" + tau + ")") {
            @Override
            public double compute(double[][] scores) {
                int above = 0;
                int n = 0;
                for (double[] row : scores) {
                    for (double v : row) {
                        if (v > tau) {
                            above++;
                        }
                        n++;
                    }
                }
                return (double) above / n;
            }
        };
    }

    /**
     * Fraction of per-task mean scores strictly greater than {@code tau} (rliable's average score distribution).
     *
     * @param tau the threshold
     * @return the aggregate
     */
    public static Aggregate fractionOfTaskMeansAbove(double tau) {
        checkArgument(Double.isFinite(tau), "tau must be finite; got %s", tau);
        return new Named("fractionOfTaskMeansAbove(" + tau + ")") {
            @Override
            public double compute(double[][] scores) {
                double[] m = taskMeans(scores);
                int above = 0;
                for (double v : m) {
                    if (v > tau) {
                        above++;
                    }
                }
                return (double) above / m.length;
            }
        };
    }

    /**
     * {@return {@code scipy.stats.trim_mean(values, proportion)}: sorts a copy, drops {@code floor(proportion * N)}
     * values from each end and returns the mean of the rest}
     *
     * @param values     at least one value
     * @param proportion fraction cut from each end, in {@code [0, 0.5)}
     */
    public static double trimMean(double[] values, double proportion) {
        checkArgument(values.length > 0, "trimMean needs at least one value");
        checkArgument(proportion >= 0 && proportion < 0.5, "proportion must be in [0, 0.5); got %s", proportion);
        double[] v = values.clone();
        Arrays.sort(v);
        int cut = (int) Math.floor(proportion * v.length);
        double s = 0;
        for (int i = cut; i < v.length - cut; i++) {
            s += v[i];
        }
        return s / (v.length - 2 * cut);
    }

    /**
     * {@return the per-task means over runs, length {@code tasks}}
     *
     * @param scores {@code [runs][tasks]} scores
     */
    public static double[] taskMeans(double[][] scores) {
        int tasks = scores[0].length;
        double[] m = new double[tasks];
        for (double[] row : scores) {
            for (int t = 0; t < tasks; t++) {
                m[t] += row[t];
            }
        }
        for (int t = 0; t < tasks; t++) {
            m[t] /= scores.length;
        }
        return m;
    }

    private static double[] flatten(double[][] scores) {
        int tasks = scores[0].length;
        double[] flat = new double[scores.length * tasks];
        for (int r = 0; r < scores.length; r++) {
            System.arraycopy(scores[r], 0, flat, r * tasks, tasks);
        }
        return flat;
    }

    /** Gives every aggregate its name and a readable {@code toString}. */
    private abstract static class Named implements Aggregate {
        private final String name;

        Named(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
