package org.scaledql.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.scaledql.api.metrics.Aggregate;
import org.scaledql.api.metrics.BootstrapConfig;
import org.scaledql.api.metrics.Interval;
import org.scaledql.api.metrics.PerformanceProfile;
import org.scaledql.api.metrics.ScoreMatrix;
import org.scaledql.core.metrics.Aggregates;
import org.scaledql.core.metrics.ScoreCsv;
import org.scaledql.core.metrics.StratifiedBootstrap;
import org.scaledql.core.plot.Plots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./scaledql metrics}: IQM, median, mean and optimality gap of a score CSV with stratified bootstrap
 * intervals, optionally the probability of improvement over a second CSV, and plots.
 */
@Command(name = "metrics", description = {
    "Aggregate metrics with stratified bootstrap intervals (rliable definitions) of a score CSV:",
    "a header row of task names and one row per run of (normalized) scores."})
final class MetricsCommand implements Callable<Integer> {

    /** Reps used for performance-profile intervals in plots: rliable's create_performance_profile default. */
    static final int PROFILE_REPS = 2_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--scores", required = true, paramLabel = "FILE.csv", description = "Score CSV (runs x tasks).")
    Path scores;

    @Option(names = "--reps", defaultValue = "50000", description = "Bootstrap resamples (default: ${DEFAULT-VALUE}, rliable's).")
    int reps;

    @Option(names = "--seed", defaultValue = "0", description = "Bootstrap seed; same seed, same intervals (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--confidence", defaultValue = "0.95", description = "Interval coverage (default: ${DEFAULT-VALUE}).")
    double confidence;

    @Option(names = "--task-bootstrap", description = "Also resample tasks (rliable's task_bootstrap).")
    boolean taskBootstrap;

    @Option(names = "--compare", paramLabel = "OTHER.csv", description = "Add P(FILE > OTHER), probability of improvement.")
    Path compare;

    @Option(names = "--plot-dir", paramLabel = "DIR", description = "Write aggregates.{png,svg} and profile.{png,svg} here.")
    Path plotDir;

    @Option(names = "--threads", description = "Worker threads (default: all processors; results do not depend on it).")
    Integer threads;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BootstrapConfig config = new BootstrapConfig(reps, confidence, seed, taskBootstrap);
        int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        StratifiedBootstrap boot = new StratifiedBootstrap(config, workers);
        ScoreMatrix x = ScoreCsv.read(scores);
        ScoreMatrix y = compare != null ? ScoreCsv.read(compare) : null;
        List<Aggregate> aggregates = List.of(Aggregates.iqm(), Aggregates.median(), Aggregates.mean(), Aggregates.optimalityGap());

        long t0 = System.nanoTime();
        Map<String, Interval> result = new LinkedHashMap<>(boot.intervals(x, aggregates));
        err.printf("scaledql: %s: %d runs x %d tasks, %d reps, seed %d, confidence %s%s: %.2f s on %d threads%n",
                scores, x.numRuns(), x.numTasks(), reps, seed, confidence, taskBootstrap ? ", task bootstrap" : "",
                (System.nanoTime() - t0) / 1e9, workers);
        if (y != null) {
            result.put("probabilityOfImprovement", boot.probabilityOfImprovement(x, y));
        }
        if (plotDir != null) {
            String a = label(scores);
            Map<String, Map<String, Interval>> byAlg = new LinkedHashMap<>();
            byAlg.put(a, subset(result, aggregates));
            if (y != null) {
                byAlg.put(uniqueLabel(label(compare), a), boot.intervals(y, aggregates));
            }
            Plots.aggregateEstimates(byAlg, "Normalized score").saveBoth(plotDir, "aggregates");
            StratifiedBootstrap profileBoot = new StratifiedBootstrap(config.withReps(Math.min(reps, PROFILE_REPS)), workers);
            double[] taus = tauGrid(x, y);
            Map<String, PerformanceProfile> profiles = new LinkedHashMap<>();
            profiles.put(a, profileBoot.profile(x, taus, PerformanceProfile.Kind.RUN_SCORES));
            if (y != null) {
                profiles.put(uniqueLabel(label(compare), a), profileBoot.profile(y, taus, PerformanceProfile.Kind.RUN_SCORES));
            }
            Plots.performanceProfiles(profiles, "Normalized score (tau)").saveBoth(plotDir, "profile");
            err.printf("scaledql: wrote aggregates.png/.svg and profile.png/.svg in %s%n", plotDir);
        }

        if (json) {
            out.println(new ObjectMapper().writeValueAsString(result));
        } else {
            out.printf("%-26s %10s %10s %10s%n", "aggregate", "point", "lower", "upper");
            result.forEach((k, v) -> out.printf("%-26s %10.4f %10.4f %10.4f%n", k, v.point(), v.lower(), v.upper()));
            out.printf("(%s%% percentile intervals, %d stratified bootstrap reps, seed %d%s)%n",
                    confidence * 100, reps, seed, y != null ? "; probabilityOfImprovement = P(" + label(scores) + " > " + label(compare) + ")" : "");
        }
        out.flush();
        return 0;
    }

    private static Map<String, Interval> subset(Map<String, Interval> all, List<Aggregate> aggregates) {
        Map<String, Interval> m = new LinkedHashMap<>();
        aggregates.forEach(a -> m.put(a.name(), all.get(a.name())));
        return m;
    }

    /** Thresholds for the profile plot: 81 points from min(0, lowest score) to the highest score. */
    static double[] tauGrid(ScoreMatrix x, ScoreMatrix y) {
        double lo = 0;
        double hi = Double.NEGATIVE_INFINITY;
        for (ScoreMatrix m : y == null ? List.of(x) : List.of(x, y)) {
            for (double[] row : m.scores()) {
                for (double v : row) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (hi <= lo) {
            hi = lo + 1;
        }
        return StratifiedBootstrap.linspace(lo, hi, 81);
    }

    private static String label(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
    }

    private static String uniqueLabel(String label, String taken) {
        return label.equals(taken) ? label + " (compare)" : label;
    }
}
