package org.scaledql.core.env.minatar;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.scaledql.api.env.EnvironmentConfig;
import org.scaledql.api.env.ObservationFormat;
import org.scaledql.api.env.StepOutcome;
import org.scaledql.core.env.Games;
import org.scaledql.core.env.GridEnvironment;
import org.scaledql.core.env.ReplayRandomSource;

/**
 * Replays the MinAtar conformance traces (spec section 1.8) step by step through the games, feeding the
 * recorded draws through a {@link ReplayRandomSource}: executed action, reward, terminal and every
 * observation channel must match, and every recorded draw must be consumed. Also replays every
 * {@code *.jsonl} in the directory named by the system property {@code scaledql.minatar.traces}.
 */
class MinAtarConformanceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void bundledTracesReplayExactly() throws IOException, URISyntaxException {
        Path dir = Path.of(getClass().getResource("/minatar-traces").toURI());
        int episodes = replayDirectory(dir);
        assertThat(episodes).isEqualTo(15);
    }

    @Test
    void extraTraceDirectoryReplaysExactly() throws IOException {
        String extra = System.getProperty("scaledql.minatar.traces");
        if (extra == null || extra.isBlank()) {
            return;
        }
        assertThat(replayDirectory(Path.of(extra))).isPositive();
    }

    private static int replayDirectory(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
        }
        int episodes = 0;
        for (Path f : files) {
            episodes += replayFile(f);
        }
        System.out.println("replayed " + episodes + " episodes from " + dir);
        return episodes;
    }

    private static int replayFile(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        JsonNode header = JSON.readTree(lines.get(0));
        String game = header.get("game").asText();
        double sticky = header.get("sticky_action_prob").asDouble();
        int difficulty = header.get("difficulty_ramping").asBoolean() ? 0 : 1;
        List<String> channels = new ArrayList<>();
        header.get("channels").forEach(c -> channels.add(c.asText()));
        ReplayRandomSource rng = new ReplayRandomSource();
        EnvironmentConfig config = new EnvironmentConfig(0, difficulty, sticky, 100_000, ObservationFormat.NATIVE);
        GridEnvironment env = Games.create(game, config, rng);
        assertThat(env.spec().channels()).as("channel count of %s", game).isEqualTo(channels.size());
        byte[] obs = new byte[env.spec().observationSize()];
        int episodes = 0;
        for (int i = 1; i < lines.size(); i++) {
            JsonNode line = JSON.readTree(lines.get(i));
            String where = file.getFileName() + ":" + (i + 1);
            if (line.has("reset")) {
                rng.push(line.get("draws"), where);
                env.reset();
                assertThat(rng.remaining()).as("%s: unused reset draws", where).isZero();
                env.observe(obs, 0);
                checkObs(obs, line.get("obs"), channels, where);
                episodes++;
            } else if (line.has("t")) {
                rng.push(line.get("draws"), where);
                StepOutcome o = env.step(line.get("a_chosen").asInt());
                assertThat(rng.remaining()).as("%s: unused draws", where).isZero();
                assertThat(env.lastExecutedAction()).as("%s a_exec", where).isEqualTo(line.get("a_exec").asInt());
                assertThat(o.reward()).as("%s r", where).isEqualTo((float) line.get("r").asDouble());
                assertThat(o.terminal()).as("%s done", where).isEqualTo(line.get("done").asBoolean());
                env.observe(obs, 0);
                checkObs(obs, line.get("obs"), channels, where);
            }
        }
        return episodes;
    }

    private static void checkObs(byte[] obs, JsonNode expected, List<String> channels, String where) {
        for (int c = 0; c < channels.size(); c++) {
            String hex = expected.get(c).asText();
            for (int y = 0; y < 10; y++) {
                int row = Integer.parseInt(hex.substring(3 * y, 3 * y + 3), 16);
                for (int x = 0; x < 10; x++) {
                    int want = (row >> (9 - x)) & 1;
                    int got = obs[c * 100 + y * 10 + x];
                    if (want != got) {
                        throw new AssertionError(String.format("%s: channel %s (%s) cell (x=%d, y=%d): expected %d, got %d%n"
                                + "expected %s%nactual   %s", where, c, channels.get(c), x, y, want, got, hex,
                                toHex(obs, c)));
                    }
                }
            }
        }
    }

    private static String toHex(byte[] obs, int c) {
        StringBuilder sb = new StringBuilder();
        for (int y = 0; y < 10; y++) {
            int row = 0;
            for (int x = 0; x < 10; x++) {
                row |= obs[c * 100 + y * 10 + x] << (9 - x);
            }
            sb.append(String.format("%03x", row));
        }
        return sb.toString();
    }
}
