package org.scaledql.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scaledql.api.dt.DecisionTransformerConfig;
import org.scaledql.api.nn.EncoderConfig;
import org.scaledql.api.nn.FeatureReduction;
import org.scaledql.api.nn.HeadConfig;
import org.scaledql.api.nn.ImpalaConfig;
import org.scaledql.api.nn.NatureCnnConfig;
import org.scaledql.api.nn.NetworkConfig;
import org.scaledql.api.nn.ResNetConfig;
import org.scaledql.core.io.Json;

/**
 * Runs the PyTorch peer ({@code bench/pytorch_peer.py}, installed by {@code bench/install-peer.sh}) on the
 * same rows: writes the rows' network specs to a temporary JSON file, runs the script with it, passes its
 * stderr through to ours and parses the one JSON document it prints on stdout.
 *
 * <p>Spec format (one object per row): {@code network, batch, observationShape, games, actions, atoms, vMin,
 * vMax, torso, spatialEmbedding, featureNormalization, encoder}, or for the Decision Transformer row ({@code
 * network: dt}) {@code network, batch, observationShape, games, actions, context, width, layers, heads,
 * returnBins, learningRate, encoder}, where {@code encoder} is
 * {@code {kind: nature, width}}, {@code {kind: impala, channels, width, blocks}} or
 * {@code {kind: resnet, depth, width, groups, stem}}.
 */
public final class PytorchPeer {

    private final Path python;
    private final Path script;
    private final int threads;

    /**
     * @param python  the interpreter with torch ({@code /usr/bin/python3} on Debian; pyenv's python has none)
     * @param script  {@code bench/pytorch_peer.py}
     * @param threads {@code torch.set_num_threads} (2 on the reference machine)
     */
    public PytorchPeer(Path python, Path script, int threads) {
        this.python = python;
        this.script = script;
        this.threads = threads;
    }

    /** Checks that the interpreter and the script exist, with a message that says how to fix it. */
    public void checkInstalled() {
        if (!Files.isRegularFile(script)) {
            throw new IllegalArgumentException("PyTorch peer script " + script + " not found: run from the repository "
                    + "root or pass --peer-script PATH");
        }
        if (!Files.isExecutable(python)) {
            throw new IllegalArgumentException("Python interpreter " + python + " not found: install the peer with "
                    + "bench/install-peer.sh or pass --python PATH");
        }
    }

    /**
     * Runs the peer on {@code rows}.
     *
     * @return median step time in milliseconds per row id
     * @throws IOException if the peer cannot start, fails, or prints something other than the expected JSON
     */
    public Map<String, Double> medians(List<BenchRow> rows, int warmup, int reps, double budgetSeconds, PrintWriter log)
            throws IOException, InterruptedException {
        checkInstalled();
        Path spec = Files.createTempFile("scaledql-bench-spec", ".json");
        try {
            Files.writeString(spec, Json.mapper().writeValueAsString(spec(rows)));
            List<String> cmd = new ArrayList<>(List.of(python.toString(), script.toString(), "--spec", spec.toString(),
                    "--warmup", String.valueOf(warmup), "--reps", String.valueOf(reps),
                    "--budget", String.valueOf(budgetSeconds), "--threads", String.valueOf(threads)));
            log.println("running PyTorch peer: " + String.join(" ", cmd));
            log.flush();
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.redirectError(ProcessBuilder.Redirect.INHERIT);
            Process p = pb.start();
            String stdout;
            try (InputStream in = p.getInputStream()) {
                stdout = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            int rc = p.waitFor();
            if (rc != 0) {
                throw new IOException("PyTorch peer " + script + " exited with status " + rc
                        + " (its messages are above; is torch installed? see bench/install-peer.sh)");
            }
            return parse(stdout, script.toString());
        } finally {
            Files.deleteIfExists(spec);
        }
    }

    /** Parses the peer's output: {@code {"rows": [{"network", "batch", "medianMs", ...}, ...], ...}}. */
    static Map<String, Double> parse(String stdout, String source) throws IOException {
        JsonNode root;
        try {
            root = Json.mapper().readTree(stdout);
        } catch (IOException e) {
            throw new IOException(source + ": output is not one JSON document: " + e.getMessage(), e);
        }
        JsonNode rows = root == null ? null : root.get("rows");
        if (rows == null || !rows.isArray()) {
            throw new IOException(source + ": output has no 'rows' array; got " + abbreviate(stdout));
        }
        Map<String, Double> m = new LinkedHashMap<>();
        for (JsonNode r : rows) {
            JsonNode med = r.get("medianMs");
            if (r.get("network") == null || r.get("batch") == null || med == null || !med.isNumber()) {
                throw new IOException(source + ": row needs network, batch and numeric medianMs; got " + r);
            }
            m.put(r.get("network").asText() + "/" + r.get("batch").asInt(), med.asDouble());
        }
        return m;
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    /** The rows' network specs as the peer reads them. */
    public static ArrayNode spec(List<BenchRow> rows) {
        ArrayNode a = Json.mapper().createArrayNode();
        for (BenchRow r : rows) {
            NetworkConfig c = r.config();
            ObjectNode o = a.addObject();
            o.put("network", r.network());
            o.put("batch", r.batch());
            ArrayNode shape = o.putArray("observationShape");
            for (int d : c.observationShape()) {
                shape.add(d);
            }
            o.put("games", c.numGames());
            o.put("actions", c.numActions());
            DecisionTransformerConfig dt = r.decisionTransformer();
            if (dt != null) {
                o.put("context", dt.context());
                o.put("width", dt.width());
                o.put("layers", dt.layers());
                o.put("heads", dt.heads());
                o.put("returnBins", dt.returnBins());
                o.put("learningRate", dt.learningRate());
                o.set("encoder", encoder(dt.encoder()));
                continue;
            }
            if (!(c.head() instanceof HeadConfig.C51 c51)) {
                throw new IllegalArgumentException("the PyTorch peer supports C51 heads only; row " + r.id() + " has "
                        + c.head());
            }
            o.put("atoms", c51.support().numAtoms());
            o.put("vMin", c51.support().vMin());
            o.put("vMax", c51.support().vMax());
            ArrayNode torso = o.putArray("torso");
            for (int w : c.torsoWidths()) {
                torso.add(w);
            }
            o.put("spatialEmbedding", c.reduction() == FeatureReduction.SPATIAL_EMBEDDING);
            o.put("featureNormalization", c.featureNormalization());
            o.set("encoder", encoder(c.encoder()));
        }
        return a;
    }

    private static ObjectNode encoder(EncoderConfig e) {
        ObjectNode o = Json.mapper().createObjectNode();
        if (e instanceof NatureCnnConfig n) {
            o.put("kind", "nature");
            o.put("width", n.widthMultiplier());
        } else if (e instanceof ImpalaConfig im) {
            o.put("kind", "impala");
            ArrayNode ch = o.putArray("channels");
            for (int c : im.channels()) {
                ch.add(c);
            }
            o.put("width", im.widthMultiplier());
            o.put("blocks", im.blocksPerSection());
        } else if (e instanceof ResNetConfig r) {
            o.put("kind", "resnet");
            o.put("depth", r.depth());
            o.put("width", r.width());
            o.put("groups", r.groupNormGroups());
            o.put("stem", r.stem().name());
        } else {
            throw new IllegalArgumentException("the PyTorch peer has no encoder " + e);
        }
        return o;
    }
}
