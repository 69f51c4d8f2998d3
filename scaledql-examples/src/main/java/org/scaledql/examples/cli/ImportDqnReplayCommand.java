package org.scaledql.examples.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.scaledql.core.data.dqnreplay.DqnReplayImportConfig;
import org.scaledql.core.data.dqnreplay.DqnReplayImporter;
import org.scaledql.core.data.store.TransitionStores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code ./scaledql import-dqn-replay}: a local DQN-Replay copy into a transition store. */
@Command(name = "import-dqn-replay", description = "Import a local DQN-Replay copy (<Game>/<run>/replay_logs/) into a"
        + " transition store. Progress on stderr; a JSON summary on stdout with --json.")
final class ImportDqnReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DqnReplayImportOptions options;

    @Override
    public Integer call() throws Exception {
        DqnReplayImportConfig cfg = options.config();
        PrintWriter err = spec.commandLine().getErr();
        ProgressBar bar = new ProgressBar(err);
        DqnReplayImporter.Report r = DqnReplayImporter.run(cfg, TransitionStores.writer(options.output()), bar::update);
        bar.finish();
        options.printReport(spec.commandLine().getOut(), r.games(), r.compressedBytes(), r.seconds(), 0);
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
