package org.scaledql.api.metrics;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Scores of several independent runs on several tasks: a {@code [runs x tasks]} matrix of finite doubles
 * (usually normalized scores), with one unique name per task column. This is the input of every metric,
 * the same layout as rliable's {@code score_dict} values.
 *
 * <p>Immutable: the constructor copies the array and {@link #scores()} returns a copy.
 *
 * @param taskNames one name per column, unique, non-blank
 * @param scores    {@code [runs][tasks]}: at least one run, one score per task in every run, all finite
 */
public record ScoreMatrix(List<String> taskNames, double[][] scores) {

    /**
     * Validates shape and values; every message names the offending row and/or column and its value.
     *
     * @param taskNames one name per column, unique, non-blank
     * @param scores    {@code [runs][tasks]}: at least one run, one score per task in every run, all finite
     */
    public ScoreMatrix {
        Objects.requireNonNull(taskNames, "taskNames");
        Objects.requireNonNull(scores, "scores");
        checkArgument(!taskNames.isEmpty(), "a score matrix needs at least one task; got no task names");
        checkArgument(scores.length > 0,
                "a score matrix needs at least one run (row); got 0 rows for tasks %s", taskNames);
        Map<String, Integer> seen = new HashMap<>();
        for (int t = 0; t < taskNames.size(); t++) {
            String name = taskNames.get(t);
            checkArgument(name != null && !name.isBlank(),
                    "task name in column %s must be non-blank; got '%s'", t, name);
            Integer before = seen.put(name, t);
            checkArgument(before == null,
                    "task names must be unique; '%s' appears in columns %s and %s", name, before, t);
        }
        int numTasks = taskNames.size();
        double[][] copy = new double[scores.length][];
        for (int r = 0; r < scores.length; r++) {
            double[] row = scores[r];
            checkArgument(row != null, "row %s (run %s) is null; every run needs %s scores", r, r, numTasks);
            checkArgument(row.length == numTasks,
                    "row %s (run %s) has %s scores but there are %s task names; the matrix must be rectangular",
                    r, r, row.length, numTasks);
            for (int t = 0; t < numTasks; t++) {
                checkArgument(Double.isFinite(row[t]),
                        "scores must be finite; row %s (run %s), column %s (task '%s') holds %s",
                        r, r, t, taskNames.get(t), row[t]);
            }
            copy[r] = row.clone();
        }
        taskNames = ImmutableList.copyOf(taskNames);
        scores = copy;
    }

    /**
     * Builds a matrix from per-task score vectors (each of length {@code runs}), the column-major view.
     *
     * @param columns task name to its scores over runs; iteration order gives the column order
     * @return the matrix
     */
    public static ScoreMatrix ofColumns(Map<String, double[]> columns) {
        Objects.requireNonNull(columns, "columns");
        checkArgument(!columns.isEmpty(), "a score matrix needs at least one task; got no columns");
        List<String> names = ImmutableList.copyOf(columns.keySet());
        int runs = columns.values().iterator().next().length;
        double[][] s = new double[runs][names.size()];
        for (int t = 0; t < names.size(); t++) {
            double[] col = columns.get(names.get(t));
            checkArgument(col.length == runs,
                    "every task needs the same number of runs; task '%s' has %s but '%s' has %s",
                    names.get(t), col.length, names.get(0), runs);
            for (int r = 0; r < runs; r++) {
                s[r][t] = col[r];
            }
        }
        return new ScoreMatrix(names, s);
    }

    /** {@return a copy of the {@code [runs][tasks]} scores} */
    @Override
    public double[][] scores() {
        double[][] copy = new double[scores.length][];
        for (int r = 0; r < scores.length; r++) {
            copy[r] = scores[r].clone();
        }
        return copy;
    }

    /** {@return number of runs (rows)} */
    public int numRuns() {
        return scores.length;
    }

    /** {@return number of tasks (columns)} */
    public int numTasks() {
        return taskNames.size();
    }

    /** {@return number of run-task scores, {@code runs * tasks}} */
    public int size() {
        return numRuns() * numTasks();
    }

    /**
     * {@return the score of {@code run} on task column {@code task}}
     *
     * @param run  the row
     * @param task the column
     */
    public double get(int run, int task) {
        return scores[run][task];
    }

    /**
     * {@return a copy of the scores of task column {@code task} over runs, length {@link #numRuns()}}
     *
     * @param task the column
     */
    public double[] taskScores(int task) {
        double[] col = new double[scores.length];
        for (int r = 0; r < scores.length; r++) {
            col[r] = scores[r][task];
        }
        return col;
    }

    /**
     * {@return the column index of a task}
     *
     * @param taskName the task's name
     * @throws IllegalArgumentException naming the task and the known names when it is absent
     */
    public int taskIndex(String taskName) {
        int i = taskNames.indexOf(taskName);
        checkArgument(i >= 0, "no task '%s' in this score matrix; its tasks are %s", taskName, taskNames);
        return i;
    }

    /** Scores equal element by element and task names equal in order. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ScoreMatrix m && taskNames.equals(m.taskNames) && Arrays.deepEquals(scores, m.scores);
    }

    /** Consistent with {@link #equals(Object)}. */
    @Override
    public int hashCode() {
        return 31 * taskNames.hashCode() + Arrays.deepHashCode(scores);
    }

    /** Shape and task names (not the values). */
    @Override
    public String toString() {
        return "ScoreMatrix[" + numRuns() + " runs x " + numTasks() + " tasks " + taskNames + "]";
    }
}
