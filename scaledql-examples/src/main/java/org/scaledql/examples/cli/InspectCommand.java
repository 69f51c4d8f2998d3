package org.scaledql.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.scaledql.api.data.GameMetadata;
import org.scaledql.core.data.store.DiskTransitionStore;
import org.scaledql.core.data.store.StoreSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./scaledql inspect STORE}: per-game counts of a transition store. */
@Command(name = "inspect", description = "Summarise a transition store: per game records, completed episodes,"
        + " sampleable transitions (stack 4, n = 1) and the action count.")
final class InspectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STORE", description = "the store folder")
    Path store;

    @Option(names = "--episodes", description = "also list episodeLengths and episodeReturns (chronological)")
    boolean episodes;

    @Option(names = "--json", description = "print one JSON object with a 'games' array")
    boolean json;

    @Option(names = "--no-verify", description = "files that are new or changed since their last verification get"
            + " their values checked but not their checksums, and no verdict is recorded (by default such files are"
            + " verified completely; unchanged files are never re-read)")
    boolean noVerify;

    @Override
    public Integer call() throws Exception {
        List<Map<String, Object>> games = new ArrayList<>();
        try (DiskTransitionStore s = DiskTransitionStore.open(store, noVerify
                ? DiskTransitionStore.Verification.VALUES_ONLY : DiskTransitionStore.Verification.INCREMENTAL)) {
            for (GameMetadata g : s.games()) {
                StoreSummary sum = StoreSummary.of(s.records(g.name()), episodes);
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("name", sum.name());
                o.put("records", sum.records());
                o.put("episodes", sum.episodes());
                o.put("sampleable", sum.sampleable());
                o.put("numActions", sum.numActions());
                o.put("frameShape", g.frameShape());
                o.put("observationScale", g.observationScale());
                if (episodes) {
                    o.put("episodeLengths", sum.episodeLengths());
                    o.put("episodeReturns", sum.episodeReturns());
                }
                games.add(o);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("store", store.toAbsolutePath().toString());
            root.put("games", games);
            out.println(new ObjectMapper().writeValueAsString(root));
        } else {
            out.printf("%-20s %12s %10s %12s %8s%n", "game", "records", "episodes", "sampleable", "actions");
            for (Map<String, Object> g : games) {
                out.printf("%-20s %12d %10d %12d %8d%n", g.get("name"), g.get("records"), g.get("episodes"),
                        g.get("sampleable"), g.get("numActions"));
            }
        }
        out.flush();
        return 0;
    }
}
