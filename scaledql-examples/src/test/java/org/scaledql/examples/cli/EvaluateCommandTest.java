package org.scaledql.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scaledql.examples.cli.CliResult.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.scaledql.api.eval.EvaluationConfig;
import org.scaledql.api.metrics.BootstrapConfig;
import org.scaledql.api.nn.HeadConfig;
import org.scaledql.api.nn.NetworkConfig;
import org.scaledql.api.nn.ResNetConfig;
import org.scaledql.core.eval.TestbedEvaluator;
import org.scaledql.core.nn.SameDiffQNetwork;

class EvaluateCommandTest {


    /** A tiny network whose head g always plays actions[g] (zero head weights, one positive bias). */
    static SameDiffQNetwork rigged(int... actions) {
        NetworkConfig c = NetworkConfig.builder(new int[] {10, 10, 10}, actions.length, 6)
                .encoder(new ResNetConfig(18, 0.125, 4, ResNetConfig.Stem.SMALL)).torso(8)
                .head(HeadConfig.scalar()).build();
        SameDiffQNetwork net = SameDiffQNetwork.create(c, 3);
        net.parameters().get("heads/w").assign(0);
        INDArray b = net.parameters().get("heads/b");
        b.assign(0);
        for (int g = 0; g < actions.length; g++) {
            b.putScalar(g * 6L + actions[g], 1.0);
        }
        return net;
    }

    @Test
    void runDirectoryWithGamesJsonGivesTaskIdsAndOneJsonDocument(@TempDir Path dir) throws Exception {
        SameDiffQNetwork net = rigged(1, 3); // head 0: left, head 1: right
        net.save(dir.resolve("network.sqlarr"));
        Files.writeString(dir.resolve("games.json"), "[\"breakout\", \"catch\"]");
        CliResult r = run("evaluate", "--checkpoint", dir.toString(), "--games", "catch", "--episodes", "3",
                "--seed", "4", "--reps", "1000", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.size()).isEqualTo(2);
        JsonNode game = doc.get("games").get(0);
        assertThat(doc.get("games")).hasSize(1);
        assertThat(game.get("name").asText()).isEqualTo("catch");
        assertThat(game.get("taskId").asInt()).isEqualTo(1);
        assertThat(game.get("episodes").asInt()).isEqualTo(3);
        // The same evaluation through the library, head 1 for catch.
        var expected = new TestbedEvaluator(EvaluationConfig.defaults(4).withEpisodes(3)
                .withBootstrap(BootstrapConfig.defaults(4).withReps(1000))).evaluate(net, java.util.Map.of("catch", 1));
        assertThat(game.get("meanReturn").asDouble()).isEqualTo(expected.game("catch").meanReturn());
        assertThat(game.get("normalized").asDouble()).isEqualTo(expected.game("catch").normalizedMean());
        assertThat(doc.get("iqm").get("point").asDouble()).isEqualTo(expected.iqm().point());
        assertThat(doc.get("iqm").get("lower").asDouble()).isEqualTo(expected.iqm().lower());
        assertThat(doc.get("iqm").get("upper").asDouble()).isEqualTo(expected.iqm().upper());
        assertThat(r.err()).contains("steps/s");
    }

    @Test
    void networkFileUsesTheOrderOfGamesAndPrintsATable(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("net.sqlarr");
        rigged(1, 3).save(file);
        CliResult r = run("evaluate", "--checkpoint", file.toString(), "--games", "breakout, catch", "--episodes", "2",
                "--reps", "500");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).startsWith("game").contains("normalized");
        assertThat(lines.get(1)).startsWith("breakout").containsPattern("breakout\\s+0\\s+2\\s");
        assertThat(lines.get(2)).startsWith("catch").containsPattern("catch\\s+1\\s+2\\s");
        assertThat(lines.get(3)).startsWith("normalized IQM");
    }

    @Test
    void userErrorsAreOneLineReasons(@TempDir Path dir) throws Exception {
        CliResult missing = run("evaluate", "--checkpoint", dir.resolve("nope").toString(), "--games", "catch");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).startsWith("scaledql: ").contains("no such file or directory");
        assertThat(missing.out()).isEmpty();

        CliResult emptyDir = run("evaluate", "--checkpoint", dir.toString(), "--games", "catch");
        assertThat(emptyDir.err()).contains("without network.sqlarr");

        rigged(1, 3).save(dir.resolve("network.sqlarr"));
        CliResult noGames = run("evaluate", "--checkpoint", dir.toString());
        assertThat(noGames.err()).contains("--games is required");

        CliResult tooMany = run("evaluate", "--checkpoint", dir.toString(), "--games", "catch,pong,maze");
        assertThat(tooMany.err()).contains("taskId 2").contains("2 heads");

        CliResult wrongFormat = run("evaluate", "--checkpoint", dir.toString(), "--games", "catch", "--format", "NATIVE");
        assertThat(wrongFormat.err()).contains("[10, 10, 10]").contains("format NATIVE");

        Files.writeString(dir.resolve("games.json"), "[\"catch\", \"tetris\"]");
        CliResult badJson = run("evaluate", "--checkpoint", dir.toString());
        assertThat(badJson.err()).contains("games.json: element 1 is \"tetris\"");

        Files.writeString(dir.resolve("games.json"), "{\"games\": 1}");
        assertThat(run("evaluate", "--checkpoint", dir.toString()).err()).contains("expected a non-empty JSON array");

        Files.writeString(dir.resolve("games.json"), "[\"catch\", \"pong\", \"maze\"]");
        assertThat(run("evaluate", "--checkpoint", dir.toString()).err()).contains("lists 3 games").contains("2 heads");

        Files.writeString(dir.resolve("games.json"), "[\"catch\", \"pong\"]");
        CliResult notListed = run("evaluate", "--checkpoint", dir.toString(), "--games", "maze");
        assertThat(notListed.err()).contains("'maze' is not one of the network's games [catch, pong]");
        for (CliResult x : List.of(emptyDir, noGames, tooMany, wrongFormat, badJson, notListed)) {
            assertThat(x.code()).isEqualTo(1);
            assertThat(x.err().lines().count()).as(x.err()).isLessThanOrEqualTo(2); // the start line at most
        }
    }

    @Test
    void normalizeWithTheTestbedTable(@TempDir Path dir) throws Exception {
        Path raw = dir.resolve("raw.csv");
        Files.writeString(raw, "catch,pong\n2.010,-4.076\n13.53,3.92\n");
        Path out = dir.resolve("norm.csv");
        CliResult r = run("normalize", "--table", "testbed", "--raw", raw.toString(), "--output", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo("catch,pong");
        String[] random = lines.get(1).split(",");
        String[] reference = lines.get(2).split(",");
        assertThat(Double.parseDouble(random[0])).isEqualTo(0.0);
        assertThat(Double.parseDouble(random[1])).isEqualTo(0.0);
        assertThat(Double.parseDouble(reference[0])).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(Double.parseDouble(reference[1])).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
    }
}
