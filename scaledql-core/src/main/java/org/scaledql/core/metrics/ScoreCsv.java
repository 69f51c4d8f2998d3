package org.scaledql.core.metrics;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.scaledql.api.metrics.ScoreMatrix;

/**
 * Reads and writes a {@link ScoreMatrix} as CSV: a header row of task names, then one row per run of
 * comma-separated numbers. Fields are trimmed; blank lines are skipped; quoting is not supported (a task
 * name cannot contain a comma). Writes are atomic (temp file in the same directory, then rename).
 */
public final class ScoreCsv {

    private ScoreCsv() {
    }

    /**
     * Reads a score CSV.
     *
     * @param file the CSV file
     * @return the scores
     * @throws IllegalArgumentException naming the file, line and column of a ragged row, a non-number,
     *     a non-finite value, a duplicate task name or an empty file
     * @throws IOException if reading or writing fails
     */
    public static ScoreMatrix read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> header = null;
        int headerLine = 0;
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            int lineNo = i + 1;
            if (header == null) {
                header = new ArrayList<>();
                for (int c = 0; c < f.length; c++) {
                    String name = f[c].trim();
                    if (c == 0 && name.startsWith("\uFEFF")) {
                        name = name.substring(1);
                    }
                    checkArgument(!name.isEmpty(), "%s line %s: task name in column %s is empty; the header "
                            + "row must name every task", file, lineNo, c + 1);
                    int before = header.indexOf(name);
                    checkArgument(before < 0, "%s line %s: task name '%s' appears in columns %s and %s; task "
                            + "names must be unique", file, lineNo, name, before + 1, c + 1);
                    header.add(name);
                }
                headerLine = lineNo;
                continue;
            }
            checkArgument(f.length == header.size(), "%s line %s: %s fields but the header (line %s) names %s "
                    + "tasks; every row needs one score per task", file, lineNo, f.length, headerLine, header.size());
            double[] row = new double[f.length];
            for (int c = 0; c < f.length; c++) {
                String v = f[c].trim();
                try {
                    row[c] = Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(String.format("%s line %s, column %s (task '%s'): "
                            + "expected a number; got '%s'", file, lineNo, c + 1, header.get(c), v), e);
                }
                checkArgument(Double.isFinite(row[c]), "%s line %s, column %s (task '%s'): scores must be "
                        + "finite; got %s", file, lineNo, c + 1, header.get(c), v);
            }
            rows.add(row);
        }
        checkArgument(header != null, "%s is empty; expected a header row of task names and one row per run", file);
        checkArgument(!rows.isEmpty(), "%s has a header (line %s) but no score rows; expected one row per run",
                file, headerLine);
        return new ScoreMatrix(header, rows.toArray(new double[0][]));
    }

    /**
     * Writes a score CSV atomically; numbers are written so that they read back exactly.
     *
     * @param file   the destination
     * @param scores the scores
     * @throws IOException if reading or writing fails
     */
    public static void write(Path file, ScoreMatrix scores) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append(String.join(",", scores.taskNames())).append('\n');
        for (double[] row : scores.scores()) {
            sb.append(String.join(",", Arrays.stream(row).mapToObj(Double::toString).toList())).append('\n');
        }
        writeAtomically(file, sb.toString());
    }

    /**
     * Writes text to a temp file next to {@code file}, then renames it over {@code file}.
     *
     * @param file the destination
     * @param text the content
     * @throws IOException if reading or writing fails
     */
    public static void writeAtomically(Path file, String text) throws IOException {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        // Not Files.createTempFile: its owner-only permissions would stick to the renamed file.
        Path tmp = dir.resolve("." + abs.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp");
        try {
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                w.write(text);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
