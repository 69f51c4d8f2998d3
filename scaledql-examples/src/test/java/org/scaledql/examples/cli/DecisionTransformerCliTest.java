package org.scaledql.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scaledql.examples.cli.CliResult.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scaledql.api.dt.DecisionTransformerConfig;
import org.scaledql.api.dt.ReturnConditioning;
import org.scaledql.api.eval.EvaluationConfig;
import org.scaledql.api.eval.EvaluationReport;
import org.scaledql.api.metrics.BootstrapConfig;
import org.scaledql.core.data.store.TransitionStores;
import org.scaledql.core.dt.DecisionTransformer;
import org.scaledql.core.dt.DecisionTransformerPolicy;
import org.scaledql.core.dt.DecisionTransformerTrainer;
import org.scaledql.core.eval.TestbedEvaluationPlan;
import org.scaledql.core.eval.TestbedEvaluator;
import org.scaledql.core.io.Json;
import org.scaledql.core.train.Trainer;
import org.scaledql.api.env.EnvironmentConfig;

/**
 * {@code ./scaledql train} and {@code evaluate} for the Decision Transformer: the preset's printed config trains
 * through {@code --config}, the run directory has what a Q-network run's has, and {@code evaluate} reports exactly
 * what the evaluator's API reports for the same settings.
 */
class DecisionTransformerCliTest {

    @TempDir
    static Path dir;

    static Path store;

    @BeforeAll
    static void data() {
        store = dir.resolve("store");
        CliResult g = run("generate", "--games", "catch,breakout", "--transitions", "300", "--output",
                store.toString(), "--seed", "3");
        assertThat(g.code()).as(g.err()).isZero();
    }

    /** The preset's printed config, shrunk to a few cheap steps. */
    static Path tinyConfig(String name) throws Exception {
        CliResult p = run("train", "--preset", "dt-small", "--print-config");
        assertThat(p.code()).as(p.err()).isZero();
        ObjectNode c = (ObjectNode) Json.mapper().readTree(p.out());
        assertThat(Json.mapper().treeToValue(c, DecisionTransformerConfig.class))
                .isEqualTo(DecisionTransformerConfig.small());
        c.put("steps", 6).put("width", 16).put("layers", 1).put("heads", 2).put("batchSize", 4).put("context", 4);
        Path f = dir.resolve(name);
        Files.writeString(f, Json.mapper().writeValueAsString(c));
        return f;
    }

    @Test
    void trainsFromThePrintedConfigAndEvaluatesAsTheApiDoes() throws Exception {
        Path runDir = dir.resolve("run");
        CliResult t = run("train", "--config", tinyConfig("tiny.json").toString(), "--data", store.toString(),
                "--output", runDir.toString());
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(t.out()).contains("trained 6 steps").contains(DecisionTransformerTrainer.MODEL_FILE);
        for (String f : List.of("config.json", "games.json", Trainer.ORIGINS_FILE, "metrics.csv", "metrics.jsonl",
                DecisionTransformerTrainer.MODEL_FILE)) {
            assertThat(runDir.resolve(f)).as(f).exists();
        }
        assertThat(Files.readAllLines(runDir.resolve("metrics.csv")).get(0)).startsWith("step,loss/total");

        CliResult e = run("evaluate", "--checkpoint", runDir.toString(), "--episodes", "2", "--max-steps", "40",
                "--reps", "500", "--json");
        assertThat(e.code()).as(e.err()).isZero();
        JsonNode doc = Json.mapper().readTree(e.out());
        assertThat(doc.get("games")).hasSize(2);

        DecisionTransformer model = DecisionTransformer.load(runDir.resolve(DecisionTransformerTrainer.MODEL_FILE));
        TestbedEvaluationPlan plan = TestbedEvaluationPlan.of(model.games(), Trainer.origins(runDir).orElseThrow(),
                model.frameShape(), model.numActions(), EnvironmentConfig.defaults().withMaxEpisodeSteps(40));
        EvaluationConfig config = new EvaluationConfig(2, 0.001, plan.environment(), 0, 256,
                BootstrapConfig.defaults(0).withReps(500));
        Map<String, Integer> ids = plan.taskIds();
        EvaluationReport api = new TestbedEvaluator(config).evaluatePolicy(List.copyOf(ids.keySet()),
                DecisionTransformerPolicy.factory(model, ids, ReturnConditioning.target()));
        assertThat(doc.toString()).isEqualTo(Json.mapper().valueToTree(EvaluateCommand.toJson(api)).toString());

        CliResult expert = run("evaluate", "--checkpoint", runDir.toString(), "--episodes", "2", "--max-steps", "40",
                "--reps", "500", "--json", "--return-conditioning", "expert");
        assertThat(expert.code()).as(expert.err()).isZero();
        assertThat(expert.err()).as("the option reaches the policies").contains("ExpertPrompt[");
        assertThat(e.err()).contains("TargetReturn[");
        EvaluationReport prompted = new TestbedEvaluator(config).evaluatePolicy(List.copyOf(ids.keySet()),
                DecisionTransformerPolicy.factory(model, ids, ReturnConditioning.expert()));
        assertThat(Json.mapper().readTree(expert.out()).toString())
                .isEqualTo(Json.mapper().valueToTree(EvaluateCommand.toJson(prompted)).toString());
    }

    @Test
    void aFinishedRunIsNotOverwrittenAndOptionsItCannotHonourAreRefused() throws Exception {
        Path config = tinyConfig("again.json");
        Path runDir = dir.resolve("done");
        assertThat(run("train", "--config", config.toString(), "--data", store.toString(), "--output",
                runDir.toString()).code()).isZero();
        byte[] model = Files.readAllBytes(runDir.resolve(DecisionTransformerTrainer.MODEL_FILE));
        CliResult again = run("train", "--config", config.toString(), "--data", store.toString(), "--output",
                runDir.toString());
        assertThat(again.code()).isNotZero();
        assertThat(again.err()).contains(runDir.toString(), DecisionTransformerTrainer.MODEL_FILE);
        assertThat(Files.readAllBytes(runDir.resolve(DecisionTransformerTrainer.MODEL_FILE))).isEqualTo(model);

        CliResult resume = run("train", "--config", config.toString(), "--data", store.toString(), "--output",
                dir.resolve("other").toString(), "--resume");
        assertThat(resume.code()).isNotZero();
        assertThat(resume.err()).contains("--resume");
        assertThat(dir.resolve("other")).doesNotExist();

        CliResult unknownGame = run("train", "--config", config.toString(), "--data", store.toString(), "--output",
                dir.resolve("other").toString(), "--games", "pong");
        assertThat(unknownGame.code()).isNotZero();
        assertThat(unknownGame.err()).contains("pong", "not in the store");

        Path bad = dir.resolve("bad.json");
        ObjectNode c = (ObjectNode) Json.mapper().readTree(config.toFile());
        c.put("heads", 3); // width 16 is not divisible by 3
        Files.writeString(bad, Json.mapper().writeValueAsString(c));
        CliResult badConfig = run("train", "--config", bad.toString(), "--print-config");
        assertThat(badConfig.code()).isNotZero();
        assertThat(badConfig.err()).contains("heads");
    }

    @Test
    void theTrainerWritesWhatItTrained() throws Exception {
        Path runDir = dir.resolve("api");
        DecisionTransformerConfig c = Json.read(tinyConfig("api.json"), DecisionTransformerConfig.class);
        try (var s = TransitionStores.open(store)) {
            DecisionTransformerTrainer.Result r = DecisionTransformerTrainer.train(c, s, List.of("breakout", "catch"),
                    runDir, DecisionTransformerTrainer.Listener.NONE, false);
            assertThat(r.steps()).isEqualTo(6);
            long encoder = org.scaledql.core.nn.SameDiffQNetwork.create(org.scaledql.api.nn.NetworkConfig.builder(
                    r.model().frameShape(), 2, r.model().numActions()).encoder(c.encoder()).build(), 0)
                    .parameterBreakdown().get("encoder");
            assertThat(r.model().encoderParameterCount()).as("the same encoder as a Q-network's").isEqualTo(encoder)
                    .isLessThan(r.model().parameterCount());
            assertThat(Json.read(runDir.resolve("config.json"), DecisionTransformerConfig.class)).isEqualTo(c);
            assertThat(Json.mapper().readValue(runDir.resolve("games.json").toFile(), List.class))
                    .containsExactly("breakout", "catch");
            DecisionTransformer back = DecisionTransformer.load(runDir.resolve(DecisionTransformerTrainer.MODEL_FILE));
            for (var e : r.model().parameters().entrySet()) {
                assertThat(back.parameters().get(e.getKey()).data().asFloat()).as(e.getKey())
                        .isEqualTo(e.getValue().data().asFloat());
            }
        }
    }
}
