package org.scaledql.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.scaledql.core.data.dqnreplay.DqnReplayImportConfig;
import org.scaledql.core.data.dqnreplay.DqnReplayImporter;
import org.scaledql.core.data.store.TransitionStores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./scaledql import-dqn-replay}: a local DQN-Replay copy into a transition store. */
@Command(name = "import-dqn-replay", description = "Import a local DQN-Replay copy (<Game>/<run>/replay_logs/) into a"
        + " transition store. Progress on stderr; a JSON summary on stdout with --json.")
final class ImportDqnReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, description = "folder holding <Game>/<run>/replay_logs/")
    Path input;

    @Option(names = "--output", required = true, description = "store folder to create (must not exist)")
    Path output;

    @Option(names = "--games", split = ",", description = "games, e.g. Pong,Breakout (default: every game folder)")
    List<String> games = new ArrayList<>();

    @Option(names = "--runs", split = ",", description = "runs, e.g. 1,2 (default: every run folder)")
    List<Integer> runs = new ArrayList<>();

    @Option(names = "--checkpoints", description = "checkpoint suffixes, e.g. 0-9 or 0-4,10 (default: all present)")
    String checkpoints;

    @Option(names = "--fraction", defaultValue = "1.0", description = "share of episodes to keep, in (0, 1]; default ${DEFAULT-VALUE}")
    double fraction;

    @Option(names = "--num-actions", split = ",", description = "action counts for games outside the Atari table, e.g. Foo=6")
    Map<String, Integer> numActions = new LinkedHashMap<>();

    @Option(names = "--observation-scale", defaultValue = "0.00392156862745098",
            description = "factor from uint8 to network input; default 1/255")
    float observationScale;

    @Option(names = "--json", description = "print the import report as one JSON object")
    boolean json;

    @Override
    public Integer call() throws Exception {
        DqnReplayImportConfig cfg = new DqnReplayImportConfig(input, games, runs,
                checkpoints == null ? List.of() : DqnReplayImportConfig.parseCheckpoints(checkpoints),
                fraction, numActions, observationScale);
        PrintWriter err = spec.commandLine().getErr();
        ProgressBar bar = new ProgressBar(err);
        DqnReplayImporter.Report r = DqnReplayImporter.run(cfg, TransitionStores.writer(output), bar::update);
        bar.finish();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("store", output.toAbsolutePath().toString());
            o.put("games", r.games());
            o.put("compressedBytes", r.compressedBytes());
            o.put("seconds", r.seconds());
            o.put("compressedMBPerSecond", r.compressedBytes() / 1e6 / Math.max(r.seconds(), 1e-9));
            out.println(new ObjectMapper().writeValueAsString(o));
        } else {
            for (DqnReplayImporter.GameReport g : r.games()) {
                out.printf("%s: %d rows kept (%d episodes) from %d checkpoint files, %d padding and %d partial-episode"
                        + " rows dropped%n", g.game(), g.rowsKept(), g.episodesKept(), g.checkpoints(), g.paddingRows(),
                        g.skippedRows());
            }
            out.printf("store %s: %.1f MB compressed in %.1f s (%.1f MB/s)%n", output, r.compressedBytes() / 1e6,
                    r.seconds(), r.compressedBytes() / 1e6 / Math.max(r.seconds(), 1e-9));
        }
        out.flush();
        return 0;
    }

    /** A one-line progress bar on stderr, redrawn at most every 200 ms. */
    static final class ProgressBar {
        private final PrintWriter err;
        private final long t0 = System.nanoTime();
        private long last;
        private boolean drawn;

        ProgressBar(PrintWriter err) {
            this.err = err;
        }

        void update(long done, long total, String what) {
            long now = System.nanoTime();
            if (now - last < 200_000_000L && done < total) {
                return;
            }
            last = now;
            double f = total == 0 ? 1 : Math.min(1, done / (double) total);
            int w = 30;
            int fill = (int) Math.round(f * w);
            double mbs = done / 1e6 / Math.max((now - t0) / 1e9, 1e-9);
            err.printf("\r[%s%s] %5.1f%% %.1f MB/s %s   ", "=".repeat(fill), " ".repeat(w - fill), 100 * f, mbs, what);
            err.flush();
            drawn = true;
        }

        void finish() {
            if (drawn) {
                err.println();
                err.flush();
            }
        }
    }
}
