package org.scaledql.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scaledql.examples.cli.CliResult.run;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code metrics} and {@code normalize} through {@link ScaledQlCli#run}. */
class MetricsCommandTest {

    @TempDir
    Path dir;


    private Path csv(String name, long seed, double shift, int runs, int tasks) throws Exception {
        SplittableRandom rng = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder();
        for (int t = 0; t < tasks; t++) {
            sb.append(t == 0 ? "" : ",").append("game").append(t);
        }
        sb.append('\n');
        for (int r = 0; r < runs; r++) {
            for (int t = 0; t < tasks; t++) {
                sb.append(t == 0 ? "" : ",").append(rng.nextDouble() * 2 + shift);
            }
            sb.append('\n');
        }
        Path p = dir.resolve(name);
        Files.writeString(p, sb.toString());
        return p;
    }

    /** Exactly one JSON document on stdout: parse it, then require nothing after it. */
    static JsonNode singleJson(String stdout) throws Exception {
        ObjectMapper om = new ObjectMapper();
        try (JsonParser p = om.getFactory().createParser(stdout)) {
            MappingIterator<JsonNode> it = om.readValues(p, JsonNode.class);
            List<JsonNode> docs = it.readAll();
            assertThat(docs).as("JSON documents on stdout: %s", stdout).hasSize(1);
            return docs.get(0);
        }
    }

    @Test
    void metricsJsonIsOneDocumentWithTheFourAggregates() throws Exception {
        Path a = csv("a.csv", 1, 0.5, 5, 12);
        CliResult r = run("metrics", "--scores", a.toString(), "--reps", "2000", "--seed", "3", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = singleJson(r.out());
        assertThat(j.fieldNames()).toIterable().containsExactly("iqm", "median", "mean", "optimalityGap");
        for (JsonNode iv : j) {
            assertThat(iv.fieldNames()).toIterable().containsExactlyInAnyOrder("point", "lower", "upper");
            assertThat(iv.get("lower").asDouble()).isLessThanOrEqualTo(iv.get("upper").asDouble());
        }
        assertThat(r.err()).contains("2000 reps, seed 3");
        CliResult again = run("metrics", "--scores", a.toString(), "--reps", "2000", "--seed", "3", "--json", "--threads", "1");
        assertThat(again.out()).isEqualTo(r.out());
    }

    @Test
    void compareAddsProbabilityOfImprovementAndPlotsAreWritten() throws Exception {
        Path a = csv("a.csv", 1, 1.0, 5, 12);
        Path b = csv("b.csv", 2, 0.0, 4, 12);
        Path plots = dir.resolve("plots");
        CliResult r = run("metrics", "--scores", a.toString(), "--compare", b.toString(), "--reps", "1000",
                "--plot-dir", plots.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode poi = singleJson(r.out()).get("probabilityOfImprovement");
        assertThat(poi.get("point").asDouble()).isGreaterThan(0.6);
        for (String f : List.of("aggregates.png", "aggregates.svg", "profile.png", "profile.svg")) {
            assertThat(plots.resolve(f)).isNotEmptyFile();
        }
        CliResult table = run("metrics", "--scores", a.toString(), "--reps", "200");
        assertThat(table.code()).isZero();
        assertThat(table.out()).contains("aggregate").contains("iqm").contains("optimalityGap");
    }

    @Test
    void badInputExitsNonZeroWithOneLine() throws Exception {
        Path ragged = dir.resolve("ragged.csv");
        Files.writeString(ragged, "pong,qbert\n1,2\n3\n");
        CliResult r = run("metrics", "--scores", ragged.toString(), "--json");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).startsWith("scaledql: ").contains("ragged.csv line 3").doesNotContain("\n");
        CliResult conf = run("metrics", "--scores", ragged.toString(), "--confidence", "1.5");
        assertThat(conf.err()).contains("confidence must be in (0, 1)");
    }

    @Test
    void normalizeWritesTheSameShapeAndRejectsUnknownGames() throws Exception {
        Path raw = dir.resolve("raw.csv");
        Files.writeString(raw, "pong,Breakout\n14.6,1.7\n-20.7,30.5\n");
        Path out = dir.resolve("out/norm.csv");
        CliResult r = run("normalize", "--table", "atari57", "--raw", raw.toString(), "--output", out.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(singleJson(r.out()).get("runs").asInt()).isEqualTo(2);
        assertThat(Files.readAllLines(out)).containsExactly("pong,Breakout", "1.0,0.0", "0.0,1.0");

        Path carnival = dir.resolve("carnival.csv");
        Files.writeString(carnival, "pong,carnival\n14.6,300\n");
        Path out2 = dir.resolve("out2.csv");
        CliResult bad = run("normalize", "--table", "atari57", "--raw", carnival.toString(), "--output", out2.toString());
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("[carnival] not in normalization table 'atari57'").contains("--fallback");
        assertThat(out2).doesNotExist();
        CliResult kept = run("normalize", "--table", "atari57", "--raw", carnival.toString(), "--output", out2.toString(),
                "--fallback", "0,1");
        assertThat(kept.code()).as(kept.err()).isZero();
        assertThat(Files.readAllLines(out2)).containsExactly("pong,carnival", "1.0,300.0");
        CliResult table = run("normalize", "--table", "nope", "--raw", raw.toString(), "--output", out2.toString());
        assertThat(table.err()).contains("unknown normalization table 'nope'; known tables: [atari57, testbed]");
    }
}
