package org.scaledql.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scaledql.core.data.LoggedData;
import org.scaledql.core.data.dqnreplay.DqnReplayImportConfig;
import org.scaledql.core.data.dqnreplay.DqnReplayImporter;
import org.scaledql.core.data.dqnreplay.DqnReplayWriter;
import org.scaledql.core.data.store.TransitionStores;

/** {@code ./scaledql spark import-dqn-replay --json} in local mode: one JSON document, the single-JVM report. */
class SparkCliTest {

    @TempDir
    Path tmp;

    @Test
    void importPrintsTheSingleJvmReportAsOneJsonDocumentAndProgressOnStderr() throws Exception {
        Path in = tmp.resolve("in");
        SplittableRandom rnd = new SplittableRandom(5);
        for (int run = 1; run <= 2; run++) {
            try (DqnReplayWriter w = DqnReplayWriter.create(in, run, 9)) {
                w.declareGame("Foo", 4, new int[] {1, 2, 2}, 1 / 255f);
                LoggedData.write(w, "Foo", LoggedData.episodes(rnd, 5, 8, 4, 4));
            }
        }
        DqnReplayImporter.Report single = DqnReplayImporter.run(DqnReplayImportConfig.all(in)
                .withNumActions(Map.of("Foo", 4)), TransitionStores.writer(tmp.resolve("single")), null);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SparkCli.run(new String[] {"import-dqn-replay", "--input", in.toString(), "--output",
            tmp.resolve("spark").toString(), "--num-actions", "Foo=4", "--master", "local[2]", "--json"},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString().strip()).doesNotContain("\n");
        ObjectMapper om = new ObjectMapper();
        JsonNode doc = om.readTree(out.toString());
        assertThat(om.writeValueAsString(doc.get("games"))).isEqualTo(om.writeValueAsString(single.games()));
        assertThat(doc.get("shards").asInt()).isEqualTo(2);
        assertThat(err.toString()).contains("spark import: 2/2 tasks");

        StringWriter err2 = new StringWriter();
        int again = SparkCli.run(new String[] {"import-dqn-replay", "--input", in.toString(), "--output",
            tmp.resolve("spark").toString(), "--num-actions", "Foo=4", "--master", "local[1]"},
                new PrintWriter(new StringWriter(), true), new PrintWriter(err2, true));
        assertThat(again).isEqualTo(1);
        assertThat(err2.toString().strip()).startsWith("scaledql: ").contains("already there");
    }

    @Test
    void evaluatePrintsTheSameJsonDocumentAsTheSingleJvmCommand() throws Exception {
        org.scaledql.api.env.EnvironmentConfig env = org.scaledql.api.env.EnvironmentConfig.defaults();
        int[] shape = org.scaledql.core.env.Games.create("catch", env, 0).spec().observationShape();
        org.scaledql.core.nn.SameDiffQNetwork net = org.scaledql.core.nn.SameDiffQNetwork.create(
                org.scaledql.api.nn.NetworkConfig.builder(shape, 2, 6)
                        .encoder(new org.scaledql.api.nn.ResNetConfig(18, 0.125, 4,
                                org.scaledql.api.nn.ResNetConfig.Stem.SMALL))
                        .torso(8).head(org.scaledql.api.nn.HeadConfig.scalar()).build(), 13);
        Path file = tmp.resolve("network.sqlarr");
        net.save(file);
        String[] args = {"--checkpoint", file.toString(), "--games", "catch,breakout", "--episodes", "2",
            "--max-steps", "40", "--epsilon", "0.05", "--reps", "300", "--seed", "4", "--json"};
        StringWriter single = new StringWriter();
        picocli.CommandLine cl = new picocli.CommandLine(new org.scaledql.examples.cli.EvaluateCommand());
        cl.setOut(new PrintWriter(single, true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        assertThat(cl.execute(args)).isZero();
        Path csv = tmp.resolve("scores.csv");
        String[] sparkArgs = new String[args.length + 7];
        sparkArgs[0] = "evaluate";
        System.arraycopy(args, 0, sparkArgs, 1, args.length);
        System.arraycopy(new String[] {"--master", "local[2]", "--scores", csv.toString(), "--seeds", "4,5"}, 0,
                sparkArgs, args.length + 1, 6);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SparkCli.run(sparkArgs, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).isEqualTo(single.toString());
        JsonNode games = new ObjectMapper().readTree(out.toString()).get("games");
        assertThat(games).hasSize(2);
        // the score CSV's row of seed 4 holds the printed normalized means; metrics reads it
        org.scaledql.api.metrics.ScoreMatrix m = org.scaledql.core.metrics.ScoreCsv.read(csv);
        assertThat(m.taskNames()).containsExactly("catch", "breakout");
        assertThat(m.scores()).hasNumberOfRows(2);
        assertThat(m.scores()[0]).containsExactly(games.get(0).get("normalized").asDouble(),
                games.get(1).get("normalized").asDouble());
    }

    @Test
    void evaluateRefusesADecisionTransformerRunByName() throws Exception {
        Path run = tmp.resolve("dt-run");
        java.nio.file.Files.createDirectories(run);
        java.nio.file.Files.writeString(run.resolve("dt.sqlarr"), "not read: refused before loading");
        StringWriter err = new StringWriter();
        int code = SparkCli.run(new String[] {"evaluate", "--checkpoint", run.toString()},
                new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        assertThat(code).isNotZero();
        assertThat(err.toString()).contains(run.toString(), "Decision Transformer", "./scaledql evaluate");
    }
}
