package org.scaledql.examples.claims;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scaledql.core.io.AtomicFiles;
import org.scaledql.core.io.Json;

/**
 * A finished run's outcome, {@code result.json} in its directory. It holds only what the run's seed decides (no
 * wall time: that goes to {@code timing.json}), so a resumed run writes the same bytes as an uninterrupted one.
 *
 * @param arm        the arm id
 * @param seed       the seed
 * @param games      the evaluated games
 * @param normalized each game's normalized mean score
 * @param returns    each game's mean return
 * @param parameters the network's parameter count (0 for the behaviour data)
 * @param encoderParameters the encoder's share of {@code parameters}
 * @param steps      training steps (environment steps for an online run; 0 for the behaviour data)
 */
public record RunResult(String arm, int seed, List<String> games, Map<String, Double> normalized,
        Map<String, Double> returns, long parameters, long encoderParameters, long steps) {

    /** The file name in a run directory. */
    public static final String FILE = "result.json";

    /** Copies. */
    public RunResult {
        games = List.copyOf(games);
        normalized = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(normalized));
        returns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(returns));
    }

    /**
     * Writes {@code runDir/result.json} atomically.
     *
     * @param runDir the run directory
     * @throws IOException if writing fails
     */
    public void write(Path runDir) throws IOException {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("arm", arm).put("seed", seed);
        games.forEach(n.putArray("games")::add);
        ObjectNode norm = n.putObject("normalized");
        normalized.forEach(norm::put);
        ObjectNode ret = n.putObject("returns");
        returns.forEach(ret::put);
        n.put("parameters", parameters).put("encoderParameters", encoderParameters).put("steps", steps);
        AtomicFiles.writeString(runDir.resolve(FILE), Json.mapper().writeValueAsString(n) + "\n");
    }

    /**
     * Reads {@code runDir/result.json}.
     *
     * @param runDir the run directory
     * @return the result
     * @throws IOException              if reading fails
     * @throws IllegalArgumentException naming the file and field when one is missing
     */
    public static RunResult read(Path runDir) throws IOException {
        Path f = runDir.resolve(FILE);
        JsonNode n = Json.mapper().readTree(f.toFile());
        for (String field : List.of("arm", "seed", "games", "normalized", "returns", "parameters",
                "encoderParameters", "steps")) {
            if (n == null || !n.has(field)) {
                throw new IllegalArgumentException(f + ": field '" + field + "' is missing; expected a result written "
                        + "by ./scaledql reproduce (delete the file to rerun that run)");
            }
        }
        List<String> games = new ArrayList<>();
        n.get("games").forEach(g -> games.add(g.asText()));
        Map<String, Double> norm = new LinkedHashMap<>();
        Map<String, Double> ret = new LinkedHashMap<>();
        for (String g : games) {
            if (!n.get("normalized").has(g) || !n.get("returns").has(g)) {
                throw new IllegalArgumentException(f + ": game '" + g + "' has no 'normalized' or 'returns' value");
            }
            norm.put(g, n.get("normalized").get(g).asDouble());
            ret.put(g, n.get("returns").get(g).asDouble());
        }
        return new RunResult(n.get("arm").asText(), n.get("seed").asInt(), games, norm, ret,
                n.get("parameters").asLong(), n.get("encoderParameters").asLong(), n.get("steps").asLong());
    }
}
