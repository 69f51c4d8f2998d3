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
import org.scaledql.api.env.EnvironmentConfig;
import org.scaledql.api.nn.HeadConfig;
import org.scaledql.api.nn.NetworkConfig;
import org.scaledql.api.nn.ResNetConfig;
import org.scaledql.api.nn.Support;
import org.scaledql.core.env.Games;
import org.scaledql.core.io.AtomicFiles;
import org.scaledql.core.io.Json;
import org.scaledql.core.nn.SameDiffQNetwork;
import org.scaledql.examples.cli.ScaledQlCli;

/** {@code demo transfer} at a tiny size from a tiny "pre-trained" run: both scenarios, every arm, the JSON shape. */
class TransferDemoIT {

    @Test
    void bothScenariosReportEveryArmWithAnInterval(@TempDir Path dir) throws Exception {
        Path pre = dir.resolve("pre");
        int[] obs = Games.create("catch", EnvironmentConfig.defaults(), 0).spec().observationShape();
        NetworkConfig c = NetworkConfig.builder(obs, 2, 6).encoder(new ResNetConfig(18, 0.125, 4, ResNetConfig.Stem.SMALL))
                .torso(16).head(new HeadConfig.C51(new Support(21, -5, 5))).build();
        Files.createDirectories(pre);
        SameDiffQNetwork.create(c, 3).save(pre.resolve("network.sqlarr"));
        AtomicFiles.writeString(pre.resolve("games.json"), "[\"catch\",\"breakout\"]");

        Path json = dir.resolve("transfer.json");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ScaledQlCli.run(new String[] {"demo", "transfer", "--from", pre.toString(), "--output",
            dir.resolve("out").toString(), "--seeds", "2", "--offline-steps", "2", "--online-steps", "40",
            "--transitions", "150", "--episodes", "1", "--json-out", json.toString()},
                new PrintWriter(out), new PrintWriter(err));
        assertThat(code).as("stderr: %s", err).isZero();
        assertThat(out.toString()).contains("offline, held-out game frogger", "online, breakout mode 1 (invisible)",
                "pretrained", "frozen", "scratch", "pre-trained network: " + pre + " (reused)");
        JsonNode r = Json.mapper().readTree(json.toFile());
        assertThat(r.get("offline").get("game").asText()).isEqualTo("frogger");
        assertThat(r.get("online").get("mode").asInt()).isEqualTo(1);
        assertThat(r.get("pretrainedHow").asText()).isEqualTo("reused");
        for (var e : List.of(List.of("offline", "pretrained"), List.of("offline", "frozen"), List.of("offline", "scratch"),
                List.of("online", "pretrained"), List.of("online", "scratch"))) {
            JsonNode x = r.get(e.get(0)).get(e.get(1));
            assertThat(x.get("lower").asDouble()).as("%s", e).isLessThanOrEqualTo(x.get("point").asDouble());
            assertThat(x.get("point").asDouble()).as("%s", e).isLessThanOrEqualTo(x.get("upper").asDouble());
            assertThat(r.get(e.get(0)).get("perSeed").get(e.get(1))).hasSize(2);
        }
        assertThat(dir.resolve("out/offline/frozen-seed1/transfer.json")).exists();
    }
}
