package org.scaledql.core.train;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.scaledql.core.io.Json;

/**
 * Training metrics as JSON lines ({@code metrics.jsonl}, one object per row with every key) and CSV
 * ({@code metrics.csv}, columns fixed by the first row). On resume, rows past the checkpoint's step are
 * dropped first, so the files read as if the run had never stopped.
 */
public final class MetricsLog implements Closeable {

    private final Path jsonl;
    private final Path csv;
    private BufferedWriter jsonOut;
    private BufferedWriter csvOut;
    private List<String> columns;

    /**
     * Opens the logs in {@code runDir}, keeping only rows with step {@code <= keepUpTo} from an earlier
     * attempt (pass 0 for a fresh run).
     *
     * @param runDir   the run directory
     * @param name     the log's base name
     * @param keepUpTo the last step to keep from an earlier attempt; 0 for none
     * @throws IOException if reading or writing fails
     */
    public MetricsLog(Path runDir, String name, long keepUpTo) throws IOException {
        this.jsonl = runDir.resolve(name + ".jsonl");
        this.csv = runDir.resolve(name + ".csv");
        truncate(jsonl, keepUpTo, false);
        truncate(csv, keepUpTo, true);
        if (Files.exists(csv) && Files.size(csv) > 0) {
            String header = Files.readAllLines(csv, StandardCharsets.UTF_8).get(0);
            columns = List.of(header.split(","));
        }
        jsonOut = Files.newBufferedWriter(jsonl, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        csvOut = Files.newBufferedWriter(csv, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /**
     * Appends one row (the step first, then the metrics in their map order) and flushes.
     *
     * @param step    the training step
     * @param metrics metric key to value
     * @throws IOException if reading or writing fails
     */
    public void append(long step, Map<String, Double> metrics) throws IOException {
        Map<String, Object> row = new java.util.LinkedHashMap<>();
        row.put("step", step);
        row.putAll(metrics);
        jsonOut.write(Json.mapper().writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(row));
        jsonOut.newLine();
        jsonOut.flush();
        if (columns == null) {
            columns = new ArrayList<>(row.keySet());
            csvOut.write(String.join(",", columns));
            csvOut.newLine();
        }
        List<String> cells = new ArrayList<>();
        for (String c : columns) {
            Object v = row.get(c);
            cells.add(v == null ? "" : v instanceof Double d ? String.format(Locale.ROOT, "%.6g", d) : v.toString());
        }
        csvOut.write(String.join(",", cells));
        csvOut.newLine();
        csvOut.flush();
    }

    private static void truncate(Path file, long keepUpTo, boolean header) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (header && i == 0) {
                kept.add(line);
                continue;
            }
            long step = header ? Long.parseLong(line.substring(0, line.indexOf(',')))
                    : Json.mapper().readTree(line).get("step").asLong();
            if (step <= keepUpTo) {
                kept.add(line);
            }
        }
        if (keepUpTo == 0) {
            kept.clear();
        }
        org.scaledql.core.io.AtomicFiles.writeString(file, kept.isEmpty() ? "" : String.join("\n", kept) + "\n");
    }

    @Override
    public void close() throws IOException {
        jsonOut.close();
        csvOut.close();
    }
}
