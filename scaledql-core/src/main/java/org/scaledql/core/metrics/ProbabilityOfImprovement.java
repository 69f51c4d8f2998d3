package org.scaledql.core.metrics;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import java.util.Objects;
import org.scaledql.api.metrics.ScoreMatrix;

/**
 * Probability of improvement {@code P(X > Y)} (rliable's {@code probability_of_improvement}): for each task,
 * the Mann-Whitney statistic {@code U / (n_x * n_y)} with ties counted 1/2, i.e.
 * {@code P(x > y) + 1/2 P(x = y)} for a random run {@code x} of X and {@code y} of Y on that task; then the
 * mean over tasks. Equal to {@code scipy.stats.mannwhitneyu(x, y, alternative='greater').statistic / (n*m)}.
 * Hence {@code P(X > Y) + P(Y > X) = 1} and {@code P(X > X) = 1/2}.
 *
 * <p>X and Y must have the same tasks; they are matched by name, so column order may differ, and the run
 * counts may differ.
 */
public final class ProbabilityOfImprovement {

    private ProbabilityOfImprovement() {
    }

    /**
     * {@return {@code P(X > Y)} averaged over tasks}
     *
     * @param x the scores of X
     * @param y the scores of Y, on the same tasks
     */
    public static double of(ScoreMatrix x, ScoreMatrix y) {
        int[] yColumns = matchTasks(x, y);
        return compute(x.scores(), y.scores(), yColumns);
    }

    /**
     * For each task column of {@code x}, the column of the same task in {@code y}.
     *
     * @throws IllegalArgumentException naming the tasks that only one of them has
     */
    static int[] matchTasks(ScoreMatrix x, ScoreMatrix y) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        List<String> xt = x.taskNames();
        List<String> yt = y.taskNames();
        checkArgument(xt.size() == yt.size() && yt.containsAll(xt),
                "probability of improvement compares the same tasks; X has %s, Y has %s (only in X: %s, only in Y: %s)",
                xt.size(), yt.size(),
                xt.stream().filter(t -> !yt.contains(t)).toList(), yt.stream().filter(t -> !xt.contains(t)).toList());
        int[] cols = new int[xt.size()];
        for (int t = 0; t < cols.length; t++) {
            cols[t] = yt.indexOf(xt.get(t));
        }
        return cols;
    }

    /** The statistic on raw arrays; {@code yColumns[t]} is the column of y holding x's task {@code t}. */
    static double compute(double[][] x, double[][] y, int[] yColumns) {
        int tasks = yColumns.length;
        double total = 0;
        for (int t = 0; t < tasks; t++) {
            int yt = yColumns[t];
            double wins = 0;
            for (double[] xr : x) {
                double xv = xr[t];
                for (double[] yr : y) {
                    double yv = yr[yt];
                    if (xv > yv) {
                        wins += 1;
                    } else if (xv == yv) {
                        wins += 0.5;
                    }
                }
            }
            total += wins / ((double) x.length * y.length);
        }
        return total / tasks;
    }
}
