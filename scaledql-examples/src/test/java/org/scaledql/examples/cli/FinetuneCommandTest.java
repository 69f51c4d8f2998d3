package org.scaledql.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.scaledql.api.env.EnvironmentConfig;
import org.scaledql.api.nn.HeadConfig;
import org.scaledql.api.nn.NetworkConfig;
import org.scaledql.api.nn.ResNetConfig;
import org.scaledql.api.nn.Support;
import org.scaledql.core.data.store.DiskStoreWriter;
import org.scaledql.core.data.store.TransitionStores;
import org.scaledql.core.env.DatasetGenerator;
import org.scaledql.core.env.Games;
import org.scaledql.core.io.AtomicFiles;
import org.scaledql.core.io.Json;
import org.scaledql.core.nn.SameDiffQNetwork;

/** {@code finetune} through {@link ScaledQlCli#run}, on a tiny "pre-trained" run. */
class FinetuneCommandTest {

    @TempDir
    static Path dir;

    static Path pretrained;
    static Path frogger;

    /** A tiny two-game run directory (network.sqlarr and games.json; no config.json, so the small preset is the base). */
    static Path tinyRun(Path runDir) throws Exception {
        int[] obs = Games.create("catch", EnvironmentConfig.defaults(), 0).spec().observationShape();
        NetworkConfig c = NetworkConfig.builder(obs, 2, 6).encoder(new ResNetConfig(18, 0.125, 4, ResNetConfig.Stem.SMALL))
                .torso(16).head(new HeadConfig.C51(new Support(21, -5, 5))).build();
        Files.createDirectories(runDir);
        SameDiffQNetwork.create(c, 3).save(runDir.resolve("network.sqlarr"));
        AtomicFiles.writeString(runDir.resolve("games.json"), "[\"catch\",\"breakout\"]");
        return runDir;
    }

    @BeforeAll
    static void setUp() throws Exception {
        pretrained = tinyRun(dir.resolve("pre"));
        frogger = dir.resolve("frogger");
        try (DiskStoreWriter w = TransitionStores.writer(frogger)) {
            DatasetGenerator.generate(new DatasetGenerator.Config(List.of("frogger"), 200, EnvironmentConfig.defaults(), 1), w);
        }
    }

    static int run(StringWriter out, StringWriter err, String... args) {
        return ScaledQlCli.run(args, new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void offlineWithAFrozenEncoderPrintsOneJsonDocumentAndWritesARunDirectory() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path output = dir.resolve("offline");
        int code = run(out, err, "finetune", "--from", pretrained.toString(), "--game", "frogger", "--offline",
                frogger.toString(), "--freeze-encoder", "--steps", "3", "--episodes", "1", "--output", output.toString(),
                "--json");
        assertThat(code).as("stderr: %s", err).isZero();
        JsonNode r = Json.mapper().readTree(out.toString());
        assertThat(r.get("scenario").asText()).isEqualTo("offline");
        assertThat(r.get("gradientSteps").asLong()).isEqualTo(3);
        assertThat(r.get("normalizedScore").isNumber()).isTrue();
        assertThat(output.resolve("transfer.json")).exists();
        Map<String, INDArray> before = SameDiffQNetwork.load(pretrained.resolve("network.sqlarr")).parameters();
        Map<String, INDArray> after = SameDiffQNetwork.load(output.resolve("network.sqlarr")).parameters();
        before.keySet().stream().filter(n -> n.startsWith("encoder/"))
                .forEach(n -> assertThat(after.get(n)).as(n).isEqualTo(before.get(n)));
    }

    @Test
    void onlineOnAVariantWritesTheNetworkAndTheLearningCurve() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path output = dir.resolve("online");
        int code = run(out, err, "finetune", "--from", pretrained.toString(), "--game", "breakout", "--mode", "1",
                "--online", "120", "--cql-alpha", "0", "--episodes", "1", "--output", output.toString());
        assertThat(code).as("stderr: %s", err).isZero();
        assertThat(out.toString()).startsWith("breakout mode 1 (online fine-tuning").contains("normalized");
        assertThat(output.resolve("network.sqlarr")).exists();
        assertThat(Files.readAllLines(output.resolve("episodes.csv")).get(0)).startsWith("environment_step,episode");
        assertThat(Json.mapper().readTree(output.resolve("online-config.json").toFile()).get("loss").get("cqlAlpha")
                .asDouble()).isZero();
    }

    @Test
    void userErrorsExitNonZeroWithOneLine() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(run(out, err, "finetune", "--from", pretrained.toString(), "--game", "breakout", "--mode", "7",
                "--online", "50", "--output", dir.resolve("x").toString())).isEqualTo(1);
        assertThat(err.toString()).startsWith("scaledql: --mode 7: breakout has modes 0..1");
        StringWriter err2 = new StringWriter();
        assertThat(run(new StringWriter(), err2, "finetune", "--from", pretrained.toString(), "--game", "breakout",
                "--online", "50", "--offline", frogger.toString(), "--output", dir.resolve("y").toString())).isNotZero();
        assertThat(err2.toString()).contains("mutually exclusive");
        StringWriter err3 = new StringWriter();
        assertThat(run(new StringWriter(), err3, "finetune", "--from", dir.resolve("missing").toString(), "--game",
                "breakout", "--online", "50", "--output", dir.resolve("z").toString())).isEqualTo(1);
        assertThat(err3.toString()).contains("missing").contains("does not exist");
        assertThat(out.toString()).isEmpty();
    }
}
