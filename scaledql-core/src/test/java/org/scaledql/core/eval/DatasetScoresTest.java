package org.scaledql.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scaledql.api.eval.EpisodeResult;
import org.scaledql.api.eval.EvaluationConfig;
import org.scaledql.api.eval.EvaluationReport;
import org.scaledql.core.data.store.DiskStoreWriter;
import org.scaledql.core.data.store.DiskTransitionStore;
import org.scaledql.core.data.store.TransitionStores;
import org.scaledql.core.env.TestbedScores;

class DatasetScoresTest {

    /**
     * Writes catch episodes of returns 0, 1, ..., count - 1 (episode k: k rows of reward 1, then a terminal row of
     * reward 0), then a cut episode of reward 100 that never ends.
     */
    private static Path store(Path dir, int count) throws Exception {
        Path s = dir.resolve("s");
        try (DiskStoreWriter w = TransitionStores.writer(s)) {
            w.declareGame("catch", 3, new int[] {1, 2, 2}, 1f);
            for (int k = 0; k < count; k++) {
                for (int i = 0; i < k; i++) {
                    w.append("catch", new byte[4], 0, 1f, false);
                }
                w.append("catch", new byte[4], 0, 0f, true);
            }
            w.append("catch", new byte[4], 0, 100f, false);
        }
        return s;
    }

    @Test
    void takesEvenlySpacedCompletedEpisodesInLoggedOrder(@TempDir Path dir) throws Exception {
        try (DiskTransitionStore s = TransitionStores.open(store(dir, 10))) {
            EvaluationReport r = DatasetScores.of(s, List.of("catch"), EvaluationConfig.defaults(0).withEpisodes(4));
            // n = 10 episodes, 4 picks: indices round(i * 9 / 3) = 0, 3, 6, 9, whose returns equal their index
            assertThat(r.game("catch").episodes()).extracting(EpisodeResult::episodeReturn)
                    .containsExactly(0.0, 3.0, 6.0, 9.0);
            assertThat(r.game("catch").episodes()).extracting(EpisodeResult::steps).containsExactly(1, 4, 7, 10);
            assertThat(r.game("catch").normalizedMean())
                    .isCloseTo(TestbedScores.normalize("catch", 4.5), within(1e-12));
            assertThat(r.iqm().lower()).isLessThanOrEqualTo(r.iqm().point());
            assertThat(r.iqm().point()).isLessThanOrEqualTo(r.iqm().upper());
        }
    }

    @Test
    void refusesAGameWithFewerCompletedEpisodesThanAsked(@TempDir Path dir) throws Exception {
        try (DiskTransitionStore s = TransitionStores.open(store(dir, 3))) {
            assertThatThrownBy(() -> DatasetScores.of(s, List.of("catch"),
                    EvaluationConfig.defaults(0).withEpisodes(4)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("game 'catch' has 3 completed episodes in the data; scoring its trajectories needs at "
                            + "least 4 (the evaluation's episodes per game)");
        }
    }
}
