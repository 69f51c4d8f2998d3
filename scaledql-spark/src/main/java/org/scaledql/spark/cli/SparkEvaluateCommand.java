package org.scaledql.spark.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.scaledql.api.eval.EvaluationConfig;
import org.scaledql.api.eval.EvaluationListener;
import org.scaledql.api.eval.EvaluationReport;
import org.scaledql.core.metrics.ScoreCsv;
import org.scaledql.core.nn.SameDiffQNetwork;
import org.scaledql.examples.cli.EvaluateCommand;
import org.scaledql.spark.SparkEvaluate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./scaledql spark evaluate}: {@code ./scaledql evaluate} (same options, checkpoint resolution and output)
 * with each game's episodes played as a Spark task ({@link SparkEvaluate}); the results are the same.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, description = {
    "./scaledql evaluate with one Spark task per game: the same options, the same results and --json document.",
    "The network file must be readable at the same path on every executor."})
final class SparkEvaluateCommand extends EvaluateCommand {

    @Option(names = "--master", description = "Spark master URL; default: the one spark-submit gives, else local[*]")
    String master;

    @Option(names = "--scores", paramLabel = "FILE.csv", description = "Also write a score matrix for ./scaledql"
            + " metrics --scores: one row per seed of --seeds, one column per game, each the game's normalized mean")
    Path scores;

    @Option(names = "--seeds", split = ",", paramLabel = "S1,S2,...", description = "Evaluation seeds of the"
            + " --scores rows (default: --seed)")
    List<Long> seeds;

    @Override
    protected boolean playsDecisionTransformers() {
        return false;
    }

    @Override
    protected EvaluationReport evaluate(EvaluationConfig config, Path networkFile, SameDiffQNetwork network,
                                        Map<String, Integer> taskIds, EvaluationListener progress) throws Exception {
        SparkConf conf = new SparkConf().setAppName("scaledql evaluate")
                .setIfMissing("spark.ui.showConsoleProgress", "false");
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        EvaluationReport r;
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setLogLevel("WARN");
            r = SparkEvaluate.run(sc, networkFile, taskIds, config);
            if (scores != null) {
                ScoreCsv.write(scores, SparkEvaluate.scoreMatrix(sc, List.of(networkFile), taskIds, config,
                        seeds == null || seeds.isEmpty() ? List.of(config.seed()) : seeds));
            }
        }
        // the episodes finished on executors: report them to the command's listener (its step count and summary)
        int total = r.games().stream().mapToInt(g -> g.episodes().size()).sum();
        int finished = 0;
        for (var g : r.games()) {
            for (var e : g.episodes()) {
                progress.episodeFinished(e, ++finished, total);
            }
        }
        return r;
    }
}
