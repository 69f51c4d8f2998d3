package org.scaledql.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.scaledql.api.env.GameInfo;
import org.scaledql.api.env.GameMode;
import org.scaledql.core.env.Games;
import org.scaledql.core.env.TestbedScores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./scaledql games}: the testbed's games, their modes and reference scores. */
@Command(name = "games", description = "List the testbed's games, modes, difficulties and reference scores.")
final class GamesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON document instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<Map<String, Object>> games = new ArrayList<>();
        for (String name : Games.names()) {
            GameInfo info = Games.info(name);
            TestbedScores.Reference ref = TestbedScores.of(name);
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("name", name);
            g.put("family", info.family());
            g.put("numActions", info.numActions());
            g.put("channels", info.channelNames());
            List<Map<String, Object>> modes = new ArrayList<>();
            for (GameMode m : info.modes()) {
                modes.add(Map.of("id", m.id(), "name", m.name(), "description", m.description()));
            }
            g.put("modes", modes);
            g.put("difficulties", info.difficulties());
            g.put("randomScore", ref.random());
            g.put("referenceScore", ref.reference());
            g.put("referenceSource", ref.referenceSource());
            g.put("description", info.description());
            games.add(g);
        }
        if (json) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            out.println(mapper.writeValueAsString(Map.of("games", games)));
        } else {
            out.printf("%-15s %-9s %-34s %-6s %8s %9s%n", "game", "family", "modes", "diff", "random", "reference");
            for (Map<String, Object> g : games) {
                StringBuilder modes = new StringBuilder();
                for (GameMode m : Games.info((String) g.get("name")).modes()) {
                    modes.append(modes.length() > 0 ? " " : "").append(m.id()).append(':').append(m.name());
                }
                out.printf("%-15s %-9s %-34s %-6s %8.3f %9.2f%n", g.get("name"), g.get("family"), modes,
                        g.get("difficulties").toString().replace(" ", ""), g.get("randomScore"),
                        g.get("referenceScore"));
            }
        }
        out.flush();
        return 0;
    }
}
