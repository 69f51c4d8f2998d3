package org.scaledql.spark.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.scaledql.core.data.dqnreplay.DqnReplayImportConfig;
import org.scaledql.examples.cli.DqnReplayImportOptions;
import org.scaledql.spark.SparkDqnReplayImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
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

    @Mixin
    DqnReplayImportOptions options;

    @Option(names = "--master", description = "Spark master URL; default: the one spark-submit gives, else local[*]")
    String master;

    @Option(names = "--partitions", defaultValue = "0", description = "Spark partitions (tasks) the (game, run)"
            + " units are spread over; 0 (default) for one task per unit")
    int partitions;

    @Override
    public Integer call() throws Exception {
        DqnReplayImportConfig cfg = options.config();
        Path output = options.output();
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
        options.printReport(spec.commandLine().getOut(), r.games(), r.compressedBytes(), r.seconds(), r.units().size());
        return 0;
    }
}
