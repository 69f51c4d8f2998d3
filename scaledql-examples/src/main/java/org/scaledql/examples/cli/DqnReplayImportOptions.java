package org.scaledql.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scaledql.core.data.dqnreplay.DqnReplayImportConfig;
import org.scaledql.core.data.dqnreplay.DqnReplayImporter;
import picocli.CommandLine.Option;

/**
 * The options and the report of {@code import-dqn-replay}, shared as a picocli mixin by the single-JVM command and
 * {@code spark import-dqn-replay}, so both take exactly the same options and print the same report.
 */
public final class DqnReplayImportOptions {

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

    @Option(names = "--fraction", defaultValue = "1.0", description = "share of episodes to keep, in (0, 1]; default"
            + " ${DEFAULT-VALUE} (with Spark, a fraction below 1 imports each game's runs in one task: the quota runs over"
            + " them)")
    double fraction;

    @Option(names = "--num-actions", split = ",", description = "action counts for games outside the Atari table, e.g. Foo=6")
    Map<String, Integer> numActions = new LinkedHashMap<>();

    @Option(names = "--observation-scale", defaultValue = "0.00392156862745098",
            description = "factor from uint8 to network input; default 1/255")
    float observationScale;

    @Option(names = "--json", description = "print the import report as one JSON object")
    boolean json;

    /** {@return the importer's config from the options} */
    public DqnReplayImportConfig config() {
        return new DqnReplayImportConfig(input, games, runs,
                checkpoints == null ? List.of() : DqnReplayImportConfig.parseCheckpoints(checkpoints),
                fraction, numActions, observationScale);
    }

    /** {@return the store folder to create} */
    public Path output() {
        return output;
    }

    /**
     * Prints the report: one JSON object with {@code --json}, else a line per game and a summary line.
     *
     * @param out             stdout
     * @param games           the per-game reports
     * @param compressedBytes compressed input bytes read
     * @param seconds         wall time of the import
     * @param shards          shards written, or 0 for an unsharded store (then not reported)
     * @throws Exception if the JSON cannot be written
     */
    public void printReport(PrintWriter out, List<DqnReplayImporter.GameReport> games, long compressedBytes,
            double seconds, int shards) throws Exception {
        double rate = compressedBytes / 1e6 / Math.max(seconds, 1e-9);
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("store", output.toAbsolutePath().toString());
            o.put("games", games);
            o.put("compressedBytes", compressedBytes);
            o.put("seconds", seconds);
            o.put("compressedMBPerSecond", rate);
            if (shards > 0) {
                o.put("shards", shards);
            }
            out.println(new ObjectMapper().writeValueAsString(o));
        } else {
            for (DqnReplayImporter.GameReport g : games) {
                out.printf("%s: %d rows kept (%d episodes) from %d checkpoint files, %d padding and %d partial-episode"
                        + " rows dropped%n", g.game(), g.rowsKept(), g.episodesKept(), g.checkpoints(), g.paddingRows(),
                        g.skippedRows());
            }
            out.printf("store %s: %s%.1f MB compressed in %.1f s (%.1f MB/s)%n", output,
                    shards > 0 ? shards + " shards, " : "", compressedBytes / 1e6, seconds, rate);
        }
        out.flush();
    }
}
