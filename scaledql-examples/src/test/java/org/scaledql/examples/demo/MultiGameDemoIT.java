package org.scaledql.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scaledql.api.train.TrainConfig;
import org.scaledql.core.io.Json;
import org.scaledql.examples.cli.ScaledQlCli;

/** The demo pipeline at a tiny size: every stage produces its outputs, and the CLI prints and writes its result. */
class MultiGameDemoIT {

    @Test
    void everyStageProducesItsOutputs(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("demo");
        Path json = dir.resolve("summary.json");
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int code = ScaledQlCli.run(new String[] {"demo", "--output", out.toString(), "--games", "catch,pong",
            "--transitions", "300", "--steps", "12", "--bc-steps", "6", "--workers", "2", "--episodes", "2",
            "--json-out", json.toString()},
                new PrintWriter(stdout), new PrintWriter(stderr));
        assertThat(code).as("stderr: %s", stderr).isZero();

        assertThat(out.resolve("data/manifest.json")).exists();
        for (String run : List.of("scaledQl", "bc")) {
            assertThat(out.resolve(run + "/network.sqlarr")).exists();
            assertThat(out.resolve(run + "/config.json")).exists();
            assertThat(Files.readAllLines(out.resolve(run + "/metrics.csv"))).hasSizeGreaterThan(1);
        }
        TrainConfig bc = Json.mapper().readValue(out.resolve("bc/config.json").toFile(), TrainConfig.class);
        assertThat(bc.loss().bcWeight()).isEqualTo(1.0);
        assertThat(out.resolve("plots/aggregates.png")).exists();
        assertThat(out.resolve("plots/aggregates.svg")).exists();

        assertThat(stdout.toString()).contains("Behavior data", "BC", "Scaled QL", "IQM [95% CI]", "catch", "pong");
        JsonNode summary = Json.mapper().readTree(json.toFile());
        for (String alg : List.of("behavior", "bc", "scaledQl")) {
            JsonNode a = summary.get("algorithms").get(alg);
            assertThat(a.get("iqm").get("lower").asDouble()).isLessThanOrEqualTo(a.get("iqm").get("upper").asDouble());
            assertThat(a.get("perGame").has("catch")).isTrue();
        }
        assertThat(summary.get("games")).hasSize(2);
        assertThat(summary.get("wallSeconds").asDouble()).isPositive();
        assertThat(summary.get("workers").asInt()).isEqualTo(2);
        assertThat(summary.get("behavior").asText()).isEqualTo("DQN_LOG");
        JsonNode scaledQl = summary.get("config").get("scaledQl");
        assertThat(scaledQl.get("td").asText()).isEqualTo("CATEGORICAL");
        assertThat(scaledQl.get("cqlAlpha").asDouble()).isEqualTo(0.05);
        assertThat(scaledQl.get("featureNormalization").asBoolean()).isTrue();
        assertThat(scaledQl.get("steps").asLong()).isEqualTo(12);
        for (String key : List.of("encoder", "learningRate", "targetUpdatePeriod", "nStep", "batchSize", "full")) {
            assertThat(scaledQl.has(key)).as(key).isTrue();
        }
        assertThat(summary.get("config").get("bc").get("steps").asLong()).isEqualTo(6);
        assertThat(summary.get("config").get("bc").get("bcWeight").asDouble()).isEqualTo(1.0);
        for (String alg : List.of("scaledQl", "bc")) {
            assertThat(summary.get("stepsPerSecond").get(alg).asDouble()).as(alg).isPositive();
        }
        assertThat(stdout.toString()).contains("steps/s (2 worker(s)");
    }
}
