package org.scaledql.core.dt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scaledql.api.data.GameRecords;
import org.scaledql.api.env.EnvironmentConfig;
import org.scaledql.core.data.store.DiskStoreWriter;
import org.scaledql.core.data.store.DiskTransitionStore;
import org.scaledql.core.data.store.TransitionStores;
import org.scaledql.core.env.DatasetGenerator;

/** Windows within episodes: padding at episode starts, returns-to-go, frames and actions as stored. */
class SequenceSamplerTest {

    @TempDir
    static Path dir;

    static final List<String> GAMES = List.of("catch", "breakout");

    @BeforeAll
    static void data() throws Exception {
        try (DiskStoreWriter w = TransitionStores.writer(dir.resolve("data"))) {
            DatasetGenerator.generate(new DatasetGenerator.Config(GAMES, 400, EnvironmentConfig.defaults(), 5), w);
        }
    }

    /** The return-to-go of a row computed independently: rewards summed forward to the episode's end. */
    private static double returnToGo(GameRecords r, long row) {
        double sum = 0;
        for (long i = row; i < r.size(); i++) {
            if (i > row && r.episodeStart(i)) {
                break;
            }
            sum += r.reward(i);
            if (r.terminal(i) || r.truncated(i)) {
                break;
            }
        }
        return sum;
    }

    /**
     * Property over 50 batches of 8 windows of 6 steps: each window's real steps are consecutive rows of one
     * episode, ending at the drawn row, preceded only by padding, and each real step's frame, action and
     * return-to-go are the store's (frames located by matching their bytes, so the test does not trust the
     * sampler's row choice).
     */
    @Test
    void windowsStayInsideOneEpisodeAndCarryTheStoredSteps() throws Exception {
        try (DiskTransitionStore store = TransitionStores.open(dir.resolve("data"))) {
            int k = 6;
            SequenceSampler s = new SequenceSampler(store, GAMES, k, 3);
            int frameSize = 10 * 10 * store.records("catch").metadata().frameShapeArray()[0];
            int paddedWindows = 0;
            for (int batch = 0; batch < 50; batch++) {
                SequenceSampler.Batch b = s.next(8);
                assertThat(b.size()).isEqualTo(8);
                float[] obs = b.observations().dup('c').data().asFloat();
                for (int w = 0; w < 8; w++) {
                    int task = b.taskIds()[w * k];
                    GameRecords r = store.records(GAMES.get(task));
                    int firstReal = 0;
                    while (!b.valid()[w * k + firstReal]) {
                        firstReal++;
                    }
                    assertThat(firstReal).as("batch %s window %s has a real last step", batch, w).isLessThan(k);
                    paddedWindows += firstReal > 0 ? 1 : 0;
                    for (int step = 0; step < firstReal; step++) {
                        for (int i = 0; i < frameSize; i++) {
                            assertThat(obs[(w * k + step) * frameSize + i]).isZero();
                        }
                    }
                    for (int step = firstReal; step < k; step++) {
                        assertThat(b.taskIds()[w * k + step]).isEqualTo(task);
                        assertThat(b.valid()[w * k + step]).as("no padding after a real step").isTrue();
                    }
                    boolean found = false;
                    for (long c = 0; c + (k - firstReal) <= r.size() && !found; c++) {
                        found = windowAt(r, b, obs, w, k, firstReal, c, frameSize);
                    }
                    assertThat(found).as("batch %s window %s: its real steps are consecutive rows of one episode "
                            + "(starting it when padded) with the stored frames, actions and returns-to-go", batch, w)
                            .isTrue();
                }
            }
            assertThat(paddedWindows).as("some windows start at an episode's first steps").isPositive();
        }
    }

    /** Whether the window's real steps are rows {@code c, c+1, ...} of one episode, matching the store. */
    private static boolean windowAt(GameRecords r, SequenceSampler.Batch b, float[] obs, int w, int k, int firstReal,
            long c, int frameSize) {
        if (firstReal > 0 && !(c == 0 || r.episodeStart(c))) {
            return false;
        }
        byte[] f = new byte[frameSize];
        for (int step = firstReal; step < k; step++) {
            long row = c + step - firstReal;
            int at = w * k + step;
            if (step > firstReal && r.episodeStart(row)) {
                return false;
            }
            if (r.action(row) != b.actions()[at] || Math.abs(b.returnsToGo()[at] - returnToGo(r, row)) > 1e-4) {
                return false;
            }
            r.readFrame(row, f, 0);
            for (int i = 0; i < frameSize; i++) {
                if ((f[i] & 0xff) * r.metadata().observationScale() != obs[at * frameSize + i]) {
                    return false;
                }
            }
        }
        return true;
    }

    @Test
    void theSameSeedGivesTheSameBatches() throws Exception {
        try (DiskTransitionStore store = TransitionStores.open(dir.resolve("data"))) {
            SequenceSampler a = new SequenceSampler(store, GAMES, 4, 9);
            SequenceSampler b = new SequenceSampler(store, GAMES, 4, 9);
            for (int i = 0; i < 5; i++) {
                SequenceSampler.Batch x = a.next(6);
                SequenceSampler.Batch y = b.next(6);
                assertThat(x.observations()).isEqualTo(y.observations());
                assertThat(x.actions()).isEqualTo(y.actions());
                assertThat(x.returnsToGo()).isEqualTo(y.returnsToGo());
                assertThat(x.valid()).isEqualTo(y.valid());
            }
            float[][] ranges = a.returnRanges();
            assertThat(ranges).hasNumberOfRows(2);
            assertThat(ranges[0][0]).isLessThanOrEqualTo(ranges[0][1]);
        }
    }
}
