package org.scaledql.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scaledql.examples.cli.CliResult.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scaledql.api.data.GameRecords;
import org.scaledql.api.data.TransitionStore;
import org.scaledql.core.data.store.TransitionStores;
import org.scaledql.core.env.TestbedScores;

/** ./scaledql generate through ScaledQlCli.run: JSON report, store contents, the DQN-Replay round trip, errors. */
class GenerateCommandTest {

    @TempDir
    Path tmp;


    @Test
    void noisyExpertStoreWithJsonReport() throws Exception {
        Path store = tmp.resolve("store");
        CliResult r = run("generate", "--games", "catch,breakout", "--transitions", "300", "--output", store.toString(),
                "--seed", "4", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out()); // exactly one document: trailing content would fail
        assertThat(r.out().trim()).startsWith("{").endsWith("}");
        assertThat(j.get("behavior").asText()).isEqualTo("noisy-expert");
        assertThat(j.get("observationFormat").asText()).isEqualTo("COMMON");
        assertThat(j.get("transitionsPerGame").asLong()).isEqualTo(300);
        JsonNode g = j.get("games").get(0);
        assertThat(g.get("game").asText()).isEqualTo("catch");
        assertThat(g.get("normalizedScore").asDouble())
                .isEqualTo(TestbedScores.normalize("catch", g.get("meanReturn").asDouble()));
        assertThat(r.err()).contains("transitions").contains("100.0%");
        try (TransitionStore s = TransitionStores.open(store)) {
            for (String game : new String[] {"catch", "breakout"}) {
                assertThat(s.records(game).size()).as(game).isEqualTo(300);
                assertThat(s.records(game).metadata().frameShape()).containsExactly(10, 10, 10);
            }
        }
        JsonNode desc = new ObjectMapper().readTree(store.resolve(GenerateCommand.GENERATION_FILE).toFile());
        assertThat(desc.get("observationFormat").asText()).isEqualTo("COMMON");
        assertThat(desc.get("channels").get(0).asText()).isEqualTo("self");
        assertThat(desc.get("transitionsCounting").asText()).isEqualTo("per game");
    }

    @Test
    void dqnReplayLayoutImportsBackToTheSameRows() throws Exception {
        Path direct = tmp.resolve("direct");
        Path layout = tmp.resolve("layout");
        Path imported = tmp.resolve("imported");
        String[] common = {"--games", "catch,pong", "--transitions", "250", "--seed", "9", "--mode", "0"};
        assertThat(run(concat(new String[] {"generate", "--output", direct.toString()}, common)).code()).isZero();
        CliResult w = run(concat(new String[] {"generate", "--output", layout.toString(), "--format", "dqn-replay",
            "--dump-capacity", "64"}, common));
        assertThat(w.code()).as(w.err()).isZero();
        assertThat(layout.resolve("catch/1/replay_logs")).isDirectory();
        CliResult imp = run("import-dqn-replay", "--input", layout.toString(), "--output", imported.toString(),
                "--num-actions", "catch=6,pong=6", "--observation-scale", "1");
        assertThat(imp.code()).as(imp.err()).isZero();
        try (TransitionStore a = TransitionStores.open(direct); TransitionStore b = TransitionStores.open(imported)) {
            for (String game : new String[] {"catch", "pong"}) {
                GameRecords x = a.records(game);
                GameRecords y = b.records(game);
                assertThat(y.size()).as(game).isEqualTo(x.size());
                byte[] fx = new byte[1000];
                byte[] fy = new byte[1000];
                for (long t = 0; t < x.size(); t++) {
                    assertThat(y.action(t)).as("%s row %s", game, t).isEqualTo(x.action(t));
                    assertThat(y.reward(t)).as("%s row %s", game, t).isEqualTo(x.reward(t));
                    // the DQN-Replay format has no truncation flag: a cut episode's last row is logged terminal
                    assertThat(y.terminal(t) || y.truncated(t)).as("%s row %s", game, t)
                            .isEqualTo(x.terminal(t) || x.truncated(t));
                    x.readFrame(t, fx, 0);
                    y.readFrame(t, fy, 0);
                    assertThat(fy).as("%s frame %s", game, t).isEqualTo(fx);
                }
            }
        }
    }

    @Test
    void dqnLogRunsTheOnlineAgentAndLogsEveryStep() throws Exception {
        Path store = tmp.resolve("log");
        CliResult r = run("generate", "--games", "catch", "--behavior", "dqn-log", "--transitions", "200", "--output",
                store.toString(), "--min-replay-history", "100", "--epsilon-decay", "50", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode g = new ObjectMapper().readTree(r.out()).get("games").get(0);
        assertThat(g.get("transitions").asLong()).isEqualTo(200);
        assertThat(g.get("episodes").asInt()).isEqualTo(3); // catch episodes last 66 steps
        try (TransitionStore s = TransitionStores.open(store)) {
            assertThat(s.records("catch").size()).isEqualTo(200);
        }
        JsonNode desc = new ObjectMapper().readTree(store.resolve(GenerateCommand.GENERATION_FILE).toFile());
        assertThat(desc.get("settings").get("online").get("epsilon").get("end").asDouble()).isEqualTo(0.1);
        assertThat(desc.get("settings").get("online").get("minReplayHistory").asLong()).isEqualTo(100);
        assertThat(desc.get("settings").get("online").get("epsilon").get("decaySteps").asLong()).isEqualTo(50);
        // Dopamine's convention: epsilon stays at 1.0 while learning waits for the replay
        assertThat(desc.get("settings").get("online").get("epsilon").get("warmupSteps").asLong()).isEqualTo(100);
    }

    @Test
    void badInputIsOneLineAndLeavesNothing() throws Exception {
        Path out = tmp.resolve("x");
        CliResult b = run("generate", "--games", "catch", "--behavior", "expert", "--transitions", "10", "--output", out.toString());
        assertThat(b.code()).isEqualTo(1);
        assertThat(b.err().trim()).isEqualTo("scaledql: --behavior must be noisy-expert, lazy-expert or dqn-log; got 'expert'");
        CliResult m = run("generate", "--games", "catch", "--mode", "5", "--transitions", "10", "--output", out.toString());
        assertThat(m.err()).contains("--mode 5 does not exist for catch");
        CliResult g = run("generate", "--games", "tetris", "--transitions", "10", "--output", out.toString());
        assertThat(g.code()).isEqualTo(1);
        assertThat(g.err()).contains("tetris");
        assertThat(out).doesNotExist();
        Files.createDirectories(out);
        CliResult e = run("generate", "--games", "catch", "--transitions", "10", "--output", out.toString());
        assertThat(e.err()).contains("already exists");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
