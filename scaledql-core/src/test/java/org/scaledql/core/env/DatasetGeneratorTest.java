package org.scaledql.core.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scaledql.api.data.TransitionSink;
import org.scaledql.api.env.EnvironmentConfig;
import org.scaledql.api.env.ObservationFormat;

class DatasetGeneratorTest {

    /** Rows and events as a store would see them. */
    static final class InMemorySink implements TransitionSink {
        record Row(byte[] frame, int action, float reward, boolean terminal) {
        }

        final Map<String, int[]> shapes = new HashMap<>();
        final Map<String, Float> scales = new HashMap<>();
        final Map<String, List<Object>> events = new HashMap<>();

        @Override
        public void declareGame(String game, int numActions, int[] frameShape, float observationScale) {
            if (shapes.containsKey(game)) {
                throw new IllegalArgumentException("already declared: " + game);
            }
            shapes.put(game, frameShape.clone());
            scales.put(game, observationScale);
            events.put(game, new ArrayList<>());
        }

        @Override
        public void append(String game, byte[] frame, int action, float reward, boolean terminal) {
            int[] s = shapes.get(game);
            if (frame.length != s[0] * s[1] * s[2] || action < 0 || action >= 6) {
                throw new IllegalArgumentException("bad row for " + game);
            }
            events.get(game).add(new Row(frame.clone(), action, reward, terminal));
        }

        @Override
        public void truncateEpisode(String game) {
            events.get(game).add("truncate");
        }

        @Override
        public void close() {
        }

        List<Row> rows(String game) {
            return events.get(game).stream().filter(Row.class::isInstance).map(Row.class::cast).toList();
        }
    }

    @Test
    void writesEveryStepAndReportsReturns() throws Exception {
        InMemorySink sink = new InMemorySink();
        var config = new DatasetGenerator.Config(List.of("catch", "breakout"), 500,
                EnvironmentConfig.defaults().withMaxEpisodeSteps(200), 7);
        var reports = DatasetGenerator.generate(config, sink);
        assertThat(reports).extracting(DatasetGenerator.GameReport::game).containsExactly("catch", "breakout");
        for (var r : reports) {
            List<InMemorySink.Row> rows = sink.rows(r.game());
            assertThat(rows).hasSize(500);
            assertThat(sink.shapes.get(r.game())).containsExactly(10, 10, 10);
            assertThat(sink.scales.get(r.game())).isEqualTo(1f);
            long terminals = rows.stream().filter(InMemorySink.Row::terminal).count();
            long truncations = sink.events.get(r.game()).stream().filter("truncate"::equals).count();
            // every completed episode ends in a terminal row or a cut at the step cap; one more cut if generation
            // stopped mid-episode
            assertThat(terminals + truncations).as("%s", r.game()).isBetween((long) r.episodes(), r.episodes() + 1L);
            double sumRewards = rows.stream().mapToDouble(InMemorySink.Row::reward).sum();
            assertThat(sumRewards).isGreaterThanOrEqualTo(r.meanReturn() * r.episodes() - 1e-6);
            assertThat(r.normalizedScore()).isEqualTo(TestbedScores.normalize(r.game(), r.meanReturn()));
        }
        // Catch episodes are exactly 66 steps: 7 complete episodes in 500 steps, the 8th is cut at the end
        var catchReport = reports.get(0);
        assertThat(catchReport.episodes()).isEqualTo(7);
        assertThat(sink.events.get("catch").get(sink.events.get("catch").size() - 1)).isEqualTo("truncate");
    }

    @Test
    void pixelDatasetsStoreSingleFrames() throws Exception {
        InMemorySink sink = new InMemorySink();
        var config = new DatasetGenerator.Config(List.of("pong"), 50,
                EnvironmentConfig.defaults().withFormat(ObservationFormat.PIXELS), 1);
        DatasetGenerator.generate(config, sink);
        assertThat(sink.shapes.get("pong")).containsExactly(1, 84, 84);
        assertThat(sink.scales.get("pong")).isEqualTo(1f / 255f);
        assertThat(sink.rows("pong")).hasSize(50);
    }

    @Test
    void configRejectsUnknownGamesAndEmptyBudgets() {
        assertThatThrownBy(() -> new DatasetGenerator.Config(List.of("tetris"), 10, EnvironmentConfig.defaults(), 1))
                .hasMessageContaining("unknown game 'tetris'");
        assertThatThrownBy(() -> new DatasetGenerator.Config(List.of("catch"), 0, EnvironmentConfig.defaults(), 1))
                .hasMessageContaining("transitionsPerGame must be >= 1; got 0");
    }
}
