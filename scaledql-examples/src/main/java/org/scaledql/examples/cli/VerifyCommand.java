package org.scaledql.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.scaledql.api.data.GameMetadata;
import org.scaledql.core.data.store.DiskTransitionStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./scaledql verify STORE}: the full check of a transition store (every file's size, header and CRC32C,
 * every action, reward and flag), whatever was verified before, with progress, as a command for scripts and CI.
 * Records the verdicts, so later opens trust the unchanged files.
 */
@Command(name = "verify", description = "Check a transition store completely: the manifest, every file's size,"
        + " header and CRC32C checksum, and every row's values (actions in [0, numActions), finite rewards, flags"
        + " with only defined bits and consistent episode starts), for every game, whatever was verified before, and"
        + " records the verdicts (verified.json) so later opens read no file that is unchanged. Stops at the first"
        + " problem and exits 1 with one line naming the file and the row; exits 0 if the store is sound. Progress on stderr.")
final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STORE", description = "the store folder")
    Path store;

    @Option(names = "--json", description = "print one JSON object: store, ok, games, rows, bytes, seconds"
            + " (and error when not ok)")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ImportDqnReplayCommand.ProgressBar bar = new ImportDqnReplayCommand.ProgressBar(spec.commandLine().getErr());
        long t0 = System.nanoTime();
        int games = 0;
        long rows = 0;
        long[] bytes = new long[1];
        try (DiskTransitionStore s = DiskTransitionStore.open(store, DiskTransitionStore.Verification.FULL, (done, total, file) -> {
            bytes[0] = done;
            bar.update(done, total, file);
        })) {
            for (GameMetadata g : s.games()) {
                games++;
                rows += s.records(g.name()).size();
            }
        } catch (IOException e) {
            bar.finish();
            if (json) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("store", store.toAbsolutePath().toString());
                o.put("ok", false);
                o.put("error", e.getMessage());
                out.println(new ObjectMapper().writeValueAsString(o));
                out.flush();
            }
            throw e; // the one-line reason on stderr and exit code 1
        }
        bar.finish();
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("store", store.toAbsolutePath().toString());
            o.put("ok", true);
            o.put("games", games);
            o.put("rows", rows);
            o.put("bytes", bytes[0]);
            o.put("seconds", seconds);
            out.println(new ObjectMapper().writeValueAsString(o));
        } else {
            out.printf("%s: ok, %d game%s, %d rows, %.1f MB checked in %.1f s%n", store, games, games == 1 ? "" : "s",
                    rows, bytes[0] / 1e6, seconds);
        }
        out.flush();
        return 0;
    }
}
