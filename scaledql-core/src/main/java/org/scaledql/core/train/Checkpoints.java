package org.scaledql.core.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.stream.Stream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.scaledql.api.data.SamplerState;
import org.scaledql.api.learn.TrainingState;
import org.scaledql.core.io.ArrayCodec;
import org.scaledql.core.io.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoint files of a run: {@code RUN_DIR/checkpoints/step-<step>.ckpt}, each the whole training state
 * (online and target parameters, optimizer moments, step) plus the sampler's position, in one checksummed
 * {@link ArrayCodec} file written atomically. The newest {@link #KEEP} are kept, so a checkpoint that turns
 * out corrupt always leaves an older good one behind.
 */
public final class Checkpoints {

    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("step-(\\d{12})\\.ckpt");

    /** How many checkpoints are kept. */
    public static final int KEEP = 2;

    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);

    /** A checkpoint's content. */
    public record Checkpoint(TrainingState state, SamplerState sampler, List<String> games, Path file) {
    }

    private final Path dir;

    /**
     * Checkpoints under {@code runDir/checkpoints}.
     *
     * @param runDir the run directory
     */
    public Checkpoints(Path runDir) {
        this.dir = runDir.resolve("checkpoints");
    }

    /** {@return the checkpoint directory} */
    public Path directory() {
        return dir;
    }

    /**
     * Writes a checkpoint atomically and removes all but the newest {@link #KEEP}.
     *
     * @param state   the step's state
     * @param sampler the sampler's position
     * @param games   the games trained on, in taskId order
     * @return the file written
     * @throws IOException if reading or writing fails
     */
    public Path write(TrainingState state, SamplerState sampler, List<String> games) throws IOException {
        Files.createDirectories(dir);
        // Sorted by name, so equal states give byte-identical files whatever order the maps were built in.
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        new TreeMap<>(state.online()).forEach((k, v) -> arrays.put("online/" + k, v));
        new TreeMap<>(state.target()).forEach((k, v) -> arrays.put("target/" + k, v));
        new TreeMap<>(state.optimizer()).forEach((k, v) -> arrays.put("optimizer/" + k, v));
        ObjectNode meta = Json.mapper().createObjectNode();
        meta.put("step", state.step());
        meta.set("sampler", Json.mapper().valueToTree(sampler));
        meta.set("games", Json.mapper().valueToTree(games));
        Path file = dir.resolve(String.format("step-%012d.ckpt", state.step()));
        ArrayCodec.write(file, Json.mapper().writeValueAsString(meta), arrays);
        List<Path> all = list();
        for (int i = 0; i < all.size() - KEEP; i++) {
            Files.deleteIfExists(all.get(i));
        }
        return file;
    }

    /**
     * Checkpoint files, oldest first.
     *
     * @return the files
     * @throws IOException if reading or writing fails
     */
    public List<Path> list() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).sorted().toList();
        }
    }

    /**
     * Reads one checkpoint.
     *
     * @param file a checkpoint file
     * @return its contents
     * @throws IOException naming the file if it is truncated, corrupt or malformed
     */
    public static Checkpoint read(Path file) throws IOException {
        ArrayCodec.Contents c = ArrayCodec.read(file);
        JsonNode meta = Json.mapper().readTree(c.metadata());
        if (meta == null || !meta.has("step") || !meta.has("sampler") || !meta.has("games")) {
            throw new IOException(file + ": checkpoint metadata lacks step, sampler or games");
        }
        Map<String, INDArray> online = new LinkedHashMap<>();
        Map<String, INDArray> target = new LinkedHashMap<>();
        Map<String, INDArray> optimizer = new LinkedHashMap<>();
        c.arrays().forEach((k, v) -> {
            if (k.startsWith("online/")) {
                online.put(k.substring(7), v);
            } else if (k.startsWith("target/")) {
                target.put(k.substring(7), v);
            } else if (k.startsWith("optimizer/")) {
                optimizer.put(k.substring(10), v);
            }
        });
        long step = meta.get("step").asLong();
        java.util.regex.Matcher named = NAME.matcher(file.getFileName().toString());
        if (named.matches() && Long.parseLong(named.group(1)) != step) {
            throw new IOException(file + ": the file name says step " + Long.parseLong(named.group(1))
                    + " but the checkpoint holds step " + step + " (renamed or swapped?)");
        }
        List<String> games = new ArrayList<>();
        meta.get("games").forEach(g -> games.add(g.asText()));
        return new Checkpoint(new TrainingState(step, online, target, optimizer),
                Json.mapper().treeToValue(meta.get("sampler"), SamplerState.class), games, file);
    }

    /**
     * {@return the newest checkpoint that reads back intact} A newer corrupt or truncated one is reported with a
     * warning naming it and skipped (it is left on disk for inspection).
     *
     * @throws IOException if reading or writing fails
     */
    public Optional<Checkpoint> latestValid() throws IOException {
        List<Path> all = list();
        for (int i = all.size() - 1; i >= 0; i--) {
            try {
                return Optional.of(read(all.get(i)));
            } catch (IOException e) {
                LOG.warn("skipping unreadable checkpoint: {}", e.getMessage());
            }
        }
        return Optional.empty();
    }
}
