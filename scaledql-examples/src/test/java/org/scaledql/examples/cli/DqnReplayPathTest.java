package org.scaledql.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scaledql.examples.cli.CliResult.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scaledql.api.data.GameOrigin;
import org.scaledql.api.env.ObservationFormat;
import org.scaledql.api.nn.FeatureReduction;
import org.scaledql.api.nn.NatureCnnConfig;
import org.scaledql.api.train.NetworkSpec;
import org.scaledql.api.train.TrainConfig;
import org.scaledql.core.data.dqnreplay.DqnReplayFiles;
import org.scaledql.core.data.store.DiskTransitionStore;
import org.scaledql.core.data.store.TransitionStores;
import org.scaledql.core.io.Json;
import org.scaledql.core.nn.SameDiffQNetwork;

/**
 * The Atari-shaped path end to end through the CLI, at a size that fits a test: 84x84 testbed frames written in the
 * DQN-Replay layout, imported, trained with frame stack 4, checkpointed, resumed, and the network evaluated on the
 * testbed's pixel format; and the same data without its testbed origin (as real DQN-Replay data is), which trains
 * and writes its network but is not evaluated.
 */
class DqnReplayPathTest {

    @TempDir
    Path tmp;

    /** A small network for 84x84 inputs stacked 4 deep: Nature CNN, one 32-wide torso layer, the Scaled QL loss. */
    private Path tinyConfig(int steps) throws Exception {
        TrainConfig s = TrainConfig.small();
        NetworkSpec n = new NetworkSpec(NatureCnnConfig.defaults(), FeatureReduction.SPATIAL_EMBEDDING, new int[] {32},
                true, s.network().head());
        TrainConfig c = new TrainConfig(n, s.loss(), s.optimizer(), 8, steps, 2, 4, 1, 0.99, true, 0, 2, 1, 0, 1);
        Path f = tmp.resolve("tiny.json");
        Files.writeString(f, Json.mapper().writeValueAsString(c));
        return f;
    }

    private Path generate(String name) {
        Path dqn = tmp.resolve(name);
        CliResult g = run("generate", "--games", "breakout,pong", "--transitions", "200", "--format", "dqn-replay",
                "--observation-format", "pixels", "--dump-capacity", "150", "--output", dqn.toString());
        assertThat(g.code()).as(g.err()).isZero();
        return dqn;
    }

    private Path importStore(Path dqn, String name) {
        Path store = tmp.resolve(name);
        CliResult i = run("import-dqn-replay", "--input", dqn.toString(), "--output", store.toString(),
                "--num-actions", "breakout=6,pong=6");
        assertThat(i.code()).as(i.err()).isZero();
        return store;
    }

    @Test
    void testbedPixelsThroughDqnReplayTrainResumeAndEvaluateInThePixelFormat() throws Exception {
        Path store = importStore(generate("dqn"), "store");
        try (DiskTransitionStore s = TransitionStores.open(store)) {
            assertThat(s.games().get(0).frameShape()).containsExactly(1, 84, 84);
            assertThat(s.origin("breakout")).contains(new GameOrigin(GameOrigin.TESTBED, "breakout", 0, 0,
                    ObservationFormat.PIXELS));
        }
        Path config = tinyConfig(4);
        Path runDir = tmp.resolve("run");

        CliResult train = run("train", "--config", config.toString(), "--data", store.toString(), "--output",
                runDir.toString());
        assertThat(train.code()).as(train.err()).isZero();
        assertThat(train.out().lines().toList()).hasSize(1).allMatch(l -> l.startsWith("trained 4 steps"));
        assertThat(train.err()).contains("parameters").contains("s/step").contains("projects to")
                .doesNotContain("evaluation");
        assertThat(SameDiffQNetwork.load(runDir.resolve("network.sqlarr")).config().observationShape())
                .containsExactly(4, 84, 84);
        assertThat(runDir.resolve("checkpoints/step-000000000004.ckpt")).exists();

        CliResult resumed = run("train", "--config", config.toString(), "--data", store.toString(), "--output",
                runDir.toString(), "--resume", "--steps", "6");
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.out()).startsWith("trained 6 steps");
        assertThat(runDir.resolve("checkpoints/step-000000000006.ckpt")).exists();
        assertThat(Files.readAllLines(runDir.resolve("metrics.csv"))).hasSize(7); // header and steps 1..6

        CliResult eval = run("evaluate", "--checkpoint", runDir.toString(), "--episodes", "1", "--max-steps", "20",
                "--reps", "100", "--json");
        assertThat(eval.code()).as(eval.err()).isZero();
        assertThat(eval.err()).contains("format PIXELS");
        JsonNode doc = new ObjectMapper().readTree(eval.out());
        assertThat(doc.get("games").findValuesAsText("name")).containsExactly("breakout", "pong");
    }

    @Test
    void dataWithoutAnEnvironmentTrainsWritesItsNetworkAndIsNotEvaluated() throws Exception {
        Path atari = generate("atari");
        try (Stream<Path> files = Files.walk(atari)) {
            for (Path p : files.filter(p -> p.getFileName().toString().equals(DqnReplayFiles.ORIGIN)).toList()) {
                Files.delete(p);
            }
        }
        Path store = importStore(atari, "store");
        Path runDir = tmp.resolve("run");

        CliResult train = run("train", "--config", tinyConfig(1).toString(), "--data", store.toString(), "--output",
                runDir.toString(), "--final-eval");
        assertThat(train.code()).as(train.err()).isZero();
        List<String> skips = train.err().lines().filter(l -> l.contains("evaluation")).toList();
        assertThat(skips).hasSize(1);
        assertThat(skips.get(0)).startsWith("train: skipping evaluation: ").contains("no recorded environment");
        assertThat(runDir.resolve("network.sqlarr")).exists();

        CliResult eval = run("evaluate", "--checkpoint", runDir.toString());
        assertThat(eval.code()).isEqualTo(1);
        assertThat(eval.out()).isEmpty();
        assertThat(eval.err().lines().toList()).hasSize(1);
        assertThat(eval.err()).contains("cannot be evaluated").contains("no recorded environment");
    }
}
