package org.scaledql.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scaledql.examples.cli.CliResult.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scaledql.core.data.dqnreplay.DqnReplayWriter;

/** import-dqn-replay, inspect and bench-data through ScaledQlCli.run, on small fixtures in the real layout. */
class DataCommandsTest {

    @TempDir
    Path tmp;


    @Test
    void importThenInspectReportsEpisodesLengthsAndReturns() throws Exception {
        Path in = tmp.resolve("replay");
        // Pong: episodes of length 3 (return 1), 5 (return -2), then 2 running rows; capacity 7 forces several dumps
        try (DqnReplayWriter w = DqnReplayWriter.create(in, 1, 7)) {
            w.declareGame("Pong", 6, new int[] {1, 2, 2}, 1 / 255f);
            float[][] eps = {{0, 1, 0}, {-1, 0, 0, -1, 0}, {0, 0}};
            for (int e = 0; e < eps.length; e++) {
                for (int t = 0; t < eps[e].length; t++) {
                    w.append("Pong", new byte[] {1, (byte) e, (byte) t, 9}, (e + t) % 6, eps[e][t],
                            e < 2 && t == eps[e].length - 1);
                }
            }
        }
        Path store = tmp.resolve("store");
        CliResult imp = run("import-dqn-replay", "--input", in.toString(), "--output", store.toString(), "--games", "Pong",
                "--runs", "1", "--json");
        assertThat(imp.code()).as(imp.err()).isZero();
        JsonNode ir = new ObjectMapper().readTree(imp.out());
        assertThat(ir.get("games").get(0).get("rowsKept").asLong()).isEqualTo(10);
        assertThat(imp.err()).contains("%");

        CliResult ins = run("inspect", store.toString(), "--episodes", "--json");
        assertThat(ins.code()).as(ins.err()).isZero();
        JsonNode g = new ObjectMapper().readTree(ins.out()).get("games").get(0);
        assertThat(g.get("name").asText()).isEqualTo("Pong");
        assertThat(g.get("records").asLong()).isEqualTo(10);
        assertThat(g.get("episodes").asLong()).isEqualTo(2);
        assertThat(g.get("sampleable").asLong()).isEqualTo(9);
        assertThat(g.get("numActions").asInt()).isEqualTo(6);
        assertThat(g.get("episodeLengths").toString()).isEqualTo("[3,5]");
        assertThat(g.get("episodeReturns").toString()).isEqualTo("[1.0,-2.0]");
    }

    @Test
    void failuresAreOneLineAndLeaveNoStore() throws Exception {
        Path store = tmp.resolve("store");
        CliResult r = run("import-dqn-replay", "--input", tmp.resolve("nope").toString(), "--output", store.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("scaledql: ").contains("nope").contains("no such input folder");
        assertThat(r.out()).isEmpty();
        assertThat(Files.exists(store)).isFalse();
        CliResult i = run("inspect", store.toString(), "--json");
        assertThat(i.code()).isEqualTo(1);
        assertThat(i.err()).contains("no such store folder");
    }

    /** A tiny bench-data run reports every sampler setting (formats x prefetch); no timing is asserted. */
    @Test
    void benchDataReportsFloatAndUint8WithAndWithoutPrefetch() throws Exception {
        CliResult r = run("bench-data", "--dir", tmp.resolve("bench").toString(), "--rows", "1500", "--capacity", "500",
                "--batches", "2", "--rounds", "2", "--prefetch", "2", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("storeRecords").asLong()).isEqualTo(1500);
        for (String key : new String[] {"samplerFloatTransitionsPerSecond", "samplerUint8TransitionsPerSecond",
            "samplerFloatPrefetchTransitionsPerSecond", "samplerUint8PrefetchTransitionsPerSecond",
            "samplerUint8OverFloat"}) {
            assertThat(j.get(key).asDouble()).as(key).isPositive();
        }
        JsonNode rows = j.get("sampler");
        assertThat(rows).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(rows.get(i).get("format").asText()).isEqualTo(i % 2 == 0 ? "FLOAT" : "UINT8");
            assertThat(rows.get(i).get("prefetch").asInt()).isEqualTo(i < 2 ? 0 : 2);
            assertThat(rows.get(i).get("transitionsPerSecondRounds")).hasSize(2);
        }
        assertThat(run("bench-data", "--rounds", "0").err()).contains("--rounds must be >= 1").contains("got 2000, 0");
    }
}
