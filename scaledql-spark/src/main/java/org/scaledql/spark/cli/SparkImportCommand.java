package org.scaledql.spark.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.scaledql.core.data.dqnreplay.DqnReplayImportConfig;
import org.scaledql.core.data.dqnreplay.DqnReplayImporter;
import org.scaledql.spark.SparkDqnReplayImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./scaledql spark import-dqn-replay}: {@code import-dqn-replay}'s options and report, run as a Spark job
 * that writes a sharded store ({@link SparkDqnReplayImport}).
 */
@Command(name = "import-dqn-replay", mixinStandardHelpOptions = true,
        description = "Import a DQN-Replay copy (<Game>/<run>/replay_logs/) into a sharded transition store with"
                + " Spark, one shard per game and run. The store holds the same rows as import-dqn-replay's."
                + " Progress on stderr; a JSON summary on stdout with --json.")
final class SparkImportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, description = "folder holding <Game>/<run>/replay_logs/ (on a"
            + " cluster: a path every executor sees)")
    Path input;

    @Option(names = "--output", required = true, description = "store folder to create (must not exist; on a"
            + " cluster: on a file system the driver and every executor share)")
    Path output;

    @Option(names = "--games", split = ",", description = "games, e.g. Pong,Breakout (default: every game folder)")
    List<String> games = new ArrayList<>();

    @Option(names = "--runs", split = ",", description = "runs, e.g. 1,2 (default: every run folder)")
    List<Integer> runs = new ArrayList<>();

    @Option(names = "--checkpoints", description = "checkpoint suffixes, e.g. 0-9 or 0-4,10 (default: all present)")
    String checkpoints;

    @Option(names = "--fraction", defaultValue = "1.0", description = "share of episodes to keep, in (0, 1]; with"
            + " less than 1 a game's runs are imported by one task (the quota runs over them); default ${DEFAULT-VALUE}")
    double fraction;

    @Option(names = "--num-actions", split = ",", description = "action counts for games outside the Atari table, e.g. Foo=6")
    Map<String, Integer> numActions = new LinkedHashMap<>();

    @Option(names = "--observation-scale", defaultValue = "0.00392156862745098",
            description = "factor from uint8 to network input; default 1/255")
    float observationScale;

    @Option(names = "--master", description = "Spark master URL; default: the one spark-submit gives, else local[*]")
    String master;

    @Option(names = "--partitions", defaultValue = "0", description = "Spark partitions (tasks) the (game, run)"
            + " units are spread over; 0 (default) for one task per unit")
    int partitions;

    @Option(names = "--json", description = "print the import report as one JSON object")
    boolean json;

    @Override
    public Integer call() throws Exception {
        DqnReplayImportConfig cfg = new DqnReplayImportConfig(input, games, runs,
                checkpoints == null ? List.of() : DqnReplayImportConfig.parseCheckpoints(checkpoints),
                fraction, numActions, observationScale);
        PrintWriter err = spec.commandLine().getErr();
        SparkConf conf = new SparkConf().setAppName("scaledql import-dqn-replay")
                .setIfMissing("spark.ui.showConsoleProgress", "false");
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        long t0 = System.nanoTime();
        SparkDqnReplayImport.Result r;
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setLogLevel("WARN");
            r = SparkDqnReplayImport.run(sc, cfg, output, partitions, (done, total, bytes, all) -> {
                double s = (System.nanoTime() - t0) / 1e9;
                err.printf("spark import: %d/%d tasks, %.1f of %.1f MB compressed, %.1f MB/s%n", done, total,
                        bytes / 1e6, all / 1e6, bytes / 1e6 / Math.max(s, 1e-9));
                err.flush();
            });
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("store", output.toAbsolutePath().toString());
            o.put("games", r.games());
            o.put("compressedBytes", r.compressedBytes());
            o.put("seconds", r.seconds());
            o.put("compressedMBPerSecond", r.compressedBytes() / 1e6 / Math.max(r.seconds(), 1e-9));
            o.put("shards", r.units().size());
            out.println(new ObjectMapper().writeValueAsString(o));
        } else {
            for (DqnReplayImporter.GameReport g : r.games()) {
                out.printf("%s: %d rows kept (%d episodes) from %d checkpoint files, %d padding and %d partial-episode"
                        + " rows dropped%n", g.game(), g.rowsKept(), g.episodesKept(), g.checkpoints(), g.paddingRows(),
                        g.skippedRows());
            }
            out.printf("store %s: %d shards, %.1f MB compressed in %.1f s (%.1f MB/s)%n", output, r.units().size(),
                    r.compressedBytes() / 1e6, r.seconds(), r.compressedBytes() / 1e6 / Math.max(r.seconds(), 1e-9));
        }
        out.flush();
        return 0;
    }
}
