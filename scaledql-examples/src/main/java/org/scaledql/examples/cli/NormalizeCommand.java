package org.scaledql.examples.cli;

import static com.google.common.base.Preconditions.checkArgument;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.scaledql.api.metrics.NormalizationTable;
import org.scaledql.api.metrics.ReferenceScores;
import org.scaledql.api.metrics.ScoreMatrix;
import org.scaledql.core.metrics.NormalizationTables;
import org.scaledql.core.metrics.ScoreCsv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./scaledql normalize}: raw scores in, {@code (score - random) / (reference - random)} out, same CSV
 * shape, written atomically.
 */
@Command(name = "normalize", description = {
    "Normalize a raw score CSV (header of game names, one row per run) with a reference table.",
    "Games missing from the table are an error unless --fallback is given."})
final class NormalizeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--table", required = true, description = "Reference table name, e.g. atari57.")
    String table;

    @Option(names = "--raw", required = true, paramLabel = "RAW.csv", description = "Raw score CSV.")
    Path raw;

    @Option(names = "--output", required = true, paramLabel = "OUT.csv", description = "Normalized score CSV to write.")
    Path output;

    @Option(names = "--fallback", paramLabel = "RANDOM,REFERENCE",
            description = "Anchors for games not in the table (0,1 keeps their raw scores).")
    String fallback;

    @Option(names = "--json", description = "Print one JSON object describing what was written.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        NormalizationTable t = NormalizationTables.byName(table);
        ReferenceScores fb = fallback == null ? null : parseFallback(fallback);
        ScoreMatrix in = ScoreCsv.read(raw);
        List<String> unknown = in.taskNames().stream().filter(g -> !t.contains(g)).toList();
        if (fb == null && !unknown.isEmpty()) {
            throw new IllegalArgumentException(String.format("%s: game(s) %s not in normalization table '%s'; pass "
                    + "--fallback RANDOM,REFERENCE (e.g. 0,1 to keep raw scores) or drop those columns", raw, unknown, table));
        }
        ScoreMatrix normalized = t.normalize(in, fb);
        ScoreCsv.write(output, normalized);
        spec.commandLine().getErr().printf("scaledql: wrote %s (%d runs x %d tasks, table %s%s)%n", output,
                in.numRuns(), in.numTasks(), table, unknown.isEmpty() ? "" : ", fallback for " + unknown);
        if (json) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("output", output.toString());
            r.put("table", table);
            r.put("runs", in.numRuns());
            r.put("tasks", in.taskNames());
            r.put("fallbackTasks", unknown);
            spec.commandLine().getOut().println(new ObjectMapper().writeValueAsString(r));
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    static ReferenceScores parseFallback(String s) {
        String[] f = s.split(",", -1);
        checkArgument(f.length == 2, "--fallback must be RANDOM,REFERENCE (two numbers); got '%s'", s);
        try {
            return new ReferenceScores(Double.parseDouble(f[0].trim()), Double.parseDouble(f[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--fallback must be RANDOM,REFERENCE (two numbers); got '" + s + "'", e);
        }
    }
}
