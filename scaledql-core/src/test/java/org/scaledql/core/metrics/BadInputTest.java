package org.scaledql.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scaledql.api.metrics.NormalizationTable;
import org.scaledql.api.metrics.ReferenceScores;
import org.scaledql.api.metrics.ScoreMatrix;

/** Bad input gives an error naming the file, row/column and value; normalization tables and CSV round trips. */
class BadInputTest {

    @TempDir
    Path dir;

    @Test
    void scoreMatrixRejectsEmptyRaggedNonFiniteAndDuplicates() {
        assertThatThrownBy(() -> new ScoreMatrix(List.of(), new double[][] {{}})).hasMessageContaining("at least one task");
        assertThatThrownBy(() -> new ScoreMatrix(List.of("pong"), new double[0][])).hasMessageContaining("at least one run");
        assertThatThrownBy(() -> new ScoreMatrix(List.of("pong", "qbert"), new double[][] {{1, 2}, {3}}))
                .hasMessageContaining("row 1").hasMessageContaining("has 1 scores but there are 2 task names");
        assertThatThrownBy(() -> new ScoreMatrix(List.of("pong", "qbert"), new double[][] {{1, Double.NaN}}))
                .hasMessageContaining("row 0").hasMessageContaining("task 'qbert'").hasMessageContaining("NaN");
        assertThatThrownBy(() -> new ScoreMatrix(List.of("pong", "qbert"), new double[][] {{Double.POSITIVE_INFINITY, 1}}))
                .hasMessageContaining("Infinity");
        assertThatThrownBy(() -> new ScoreMatrix(List.of("pong", "pong"), new double[][] {{1, 2}}))
                .hasMessageContaining("'pong' appears in columns 0 and 1");
    }

    @Test
    void csvErrorsNameFileLineAndColumn() throws Exception {
        Path ragged = write("ragged.csv", "pong,qbert\n1,2\n3\n");
        assertThatThrownBy(() -> ScoreCsv.read(ragged))
                .hasMessageContaining("ragged.csv line 3").hasMessageContaining("1 fields but the header (line 1) names 2 tasks");
        Path nan = write("nan.csv", "pong,qbert\n1,NaN\n");
        assertThatThrownBy(() -> ScoreCsv.read(nan))
                .hasMessageContaining("nan.csv line 2, column 2 (task 'qbert')").hasMessageContaining("finite");
        Path text = write("text.csv", "pong,qbert\n1,abc\n");
        assertThatThrownBy(() -> ScoreCsv.read(text)).hasMessageContaining("expected a number; got 'abc'");
        Path empty = write("empty.csv", "\n\n");
        assertThatThrownBy(() -> ScoreCsv.read(empty)).hasMessageContaining("empty.csv is empty");
        Path headerOnly = write("header.csv", "pong,qbert\n");
        assertThatThrownBy(() -> ScoreCsv.read(headerOnly)).hasMessageContaining("no score rows");
        Path dup = write("dup.csv", "pong,pong\n1,2\n");
        assertThatThrownBy(() -> ScoreCsv.read(dup)).hasMessageContaining("'pong' appears in columns 1 and 2");
    }

    @Test
    void csvRoundTripsExactlyAndWritesAtomically() throws Exception {
        ScoreMatrix m = new ScoreMatrix(List.of("pong", "ms_pacman"), new double[][] {{0.1, 1e-17}, {-3.25, 123456.789}});
        Path out = dir.resolve("sub/out.csv");
        ScoreCsv.write(out, m);
        assertThat(ScoreCsv.read(out)).isEqualTo(m);
        try (var files = Files.list(out.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("out.csv");
        }
    }

    @Test
    void atari57TableHasThePinnedNumbers() {
        NormalizationTable t = NormalizationTables.atari57();
        assertThat(t.games()).hasSize(57);
        assertThat(t.reference("pong")).isEqualTo(new ReferenceScores(-20.7, 14.6));
        assertThat(t.reference("MsPacman")).isEqualTo(new ReferenceScores(307.3, 6951.6));
        assertThat(t.reference("video_pinball").random()).isEqualTo(16256.9);
        assertThat(t.normalize("breakout", 30.5)).isCloseTo(1.0, within(1e-12));
        assertThat(t.normalize("breakout", 1.7)).isCloseTo(0.0, within(1e-12));
        assertThat(NormalizationTables.byName("atari57")).isSameAs(t);
        assertThat(NormalizationTables.names()).contains("atari57");
    }

    @Test
    void unknownGameIsAnErrorUnlessAFallbackIsGiven() {
        NormalizationTable t = NormalizationTables.atari57();
        ScoreMatrix raw = new ScoreMatrix(List.of("pong", "carnival"), new double[][] {{14.6, 100}});
        assertThatThrownBy(() -> t.normalize(raw))
                .hasMessageContaining("game 'carnival' is not in normalization table 'atari57'")
                .hasMessageContaining("fallback");
        ScoreMatrix kept = t.normalize(raw, ReferenceScores.identity());
        assertThat(kept.get(0, 0)).isCloseTo(1.0, within(1e-12));
        assertThat(kept.get(0, 1)).isEqualTo(100.0);
        assertThatThrownBy(() -> NormalizationTables.byName("atari100")).hasMessageContaining("unknown normalization table 'atari100'")
                .hasMessageContaining("atari57");
    }

    @Test
    void providersOnTheClasspathExtendTheRegistry() {
        assertThat(NormalizationTables.names()).containsExactly("atari57", "testbed", "unit-test");
        assertThat(NormalizationTables.byName("unit-test").normalize("catch", 1)).isEqualTo(1.0);
    }

    @Test
    void customTablesAreValidated() {
        Map<String, double[]> anchors = new LinkedHashMap<>();
        anchors.put("catch", new double[] {-1, 1});
        NormalizationTable t = NormalizationTable.of("testbed", anchors);
        assertThat(t.normalize("Catch", 0)).isEqualTo(0.5);
        anchors.put("CATCH", new double[] {0, 1});
        assertThatThrownBy(() -> NormalizationTable.of("testbed", anchors)).hasMessageContaining("'catch' and 'CATCH'");
        assertThatThrownBy(() -> NormalizationTable.of("x", Map.of("a", new double[] {1}))).hasMessageContaining("{random, reference}");
        assertThatThrownBy(() -> new ReferenceScores(3, 3)).hasMessageContaining("must differ; got both 3.0");
        assertThatThrownBy(() -> NormalizationTables.parseTsv("t",
                new ByteArrayInputStream("game\trandom\thuman\npong\t-20.7\tx\n".getBytes(StandardCharsets.UTF_8)), "t.tsv"))
                .hasMessageContaining("t.tsv line 2, column reference: expected a number; got 'x'");
    }

    @Test
    void probabilityOfImprovementNeedsTheSameTasks() {
        ScoreMatrix x = new ScoreMatrix(List.of("pong", "qbert"), new double[][] {{1, 2}});
        ScoreMatrix y = new ScoreMatrix(List.of("pong", "alien"), new double[][] {{1, 2}});
        assertThatThrownBy(() -> ProbabilityOfImprovement.of(x, y))
                .hasMessageContaining("only in X: [qbert], only in Y: [alien]");
        ScoreMatrix reordered = new ScoreMatrix(List.of("qbert", "pong"), new double[][] {{0, 5}});
        // pong: 1 < 5 -> 0; qbert: 2 > 0 -> 1; mean 0.5
        assertThat(ProbabilityOfImprovement.of(x, reordered)).isEqualTo(0.5);
    }

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }
}
