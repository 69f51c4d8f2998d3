package org.scaledql.core.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.scaledql.api.metrics.ScoreMatrix;

/** Reads metrics_golden.json, the committed output of scripts/reference/metrics_golden.py. */
final class Golden {

    static final JsonNode ROOT = load();

    private Golden() {
    }

    private static JsonNode load() {
        try (InputStream in = Golden.class.getResourceAsStream("metrics_golden.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double[][] matrix(JsonNode node) {
        double[][] m = new double[node.size()][];
        for (int r = 0; r < m.length; r++) {
            JsonNode row = node.get(r);
            m[r] = new double[row.size()];
            for (int t = 0; t < m[r].length; t++) {
                m[r][t] = row.get(t).asDouble();
            }
        }
        return m;
    }

    static ScoreMatrix scores(JsonNode node) {
        double[][] m = matrix(node);
        List<String> names = new ArrayList<>();
        for (int t = 0; t < m[0].length; t++) {
            names.add("task" + t);
        }
        return new ScoreMatrix(names, m);
    }

    static JsonNode caseNamed(String name) {
        for (JsonNode c : ROOT.get("cases")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no golden case " + name);
    }
}
