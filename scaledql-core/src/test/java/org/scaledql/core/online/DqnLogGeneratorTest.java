package org.scaledql.core.online;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scaledql.core.data.store.DiskStoreWriter;
import org.scaledql.core.data.store.TransitionStores;
import org.scaledql.core.env.DatasetGenerator;
import org.scaledql.api.env.EnvironmentConfig;
import org.scaledql.api.online.EpsilonSchedule;

class DqnLogGeneratorTest {

    @Test
    void initialPrefixKeepsMinAtarsProportionsOfTheFirstFifth() {
        // MinAtar: 5M steps, replay start 5,000, decay 100,000: of the first 1M steps, 0.5% and 10%
        DqnLogGenerator.Config c = DqnLogGenerator.Config.initialPrefix(List.of("catch"), 20_000,
                EnvironmentConfig.defaults(), 7);
        assertThat(c.online().minReplayHistory()).isEqualTo(100);
        assertThat(c.online().epsilon()).isEqualTo(new EpsilonSchedule(1.0, 0.1, 2_000, 100));
        assertThat(c.online().replayCapacity()).isGreaterThanOrEqualTo(20_000);

        DqnLogGenerator.Config testbed = DqnLogGenerator.Config.testbed(List.of("catch"), 20_000,
                EnvironmentConfig.defaults(), 7);
        assertThat(c.loss()).isEqualTo(testbed.loss());
        assertThat(c.learningRate()).isEqualTo(testbed.learningRate());
        assertThat(c.targetUpdatePeriod()).isEqualTo(testbed.targetUpdatePeriod());
        assertThat(c.online().updatePeriod()).isEqualTo(testbed.online().updatePeriod());
    }

    @Test
    void initialPrefixWaitsAtLeastOneBatchOnSmallBudgets() {
        DqnLogGenerator.Config c = DqnLogGenerator.Config.initialPrefix(List.of("catch"), 300,
                EnvironmentConfig.defaults(), 7);
        assertThat(c.online().minReplayHistory()).isEqualTo(c.online().batchSize());
        assertThat(c.online().epsilon().warmupSteps()).isEqualTo(c.online().batchSize());
        assertThat(c.online().epsilon().decaySteps()).isEqualTo(30);
    }

    @Test
    void twoThreadsWriteTheSameStoreBytesAsOne(@TempDir Path dir) throws Exception {
        DqnLogGenerator.Config c = DqnLogGenerator.Config.initialPrefix(List.of("catch", "pong", "breakout"), 300,
                EnvironmentConfig.defaults(), 11);
        List<DatasetGenerator.GameReport> one = write(c, dir.resolve("one"), 1);
        List<DatasetGenerator.GameReport> two = write(c, dir.resolve("two"), 2);
        assertThat(two).isEqualTo(one);
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir.resolve("one"))) {
            // verified.json records each file's modification time and inode: the data files are what must match
            files = s.filter(Files::isRegularFile).map(dir.resolve("one")::relativize)
                    .filter(f -> !f.getFileName().toString().equals("verified.json")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        for (Path f : files) {
            assertThat(Files.readAllBytes(dir.resolve("two").resolve(f))).as(f.toString())
                    .isEqualTo(Files.readAllBytes(dir.resolve("one").resolve(f)));
        }
    }

    private static List<DatasetGenerator.GameReport> write(DqnLogGenerator.Config c, Path store, int threads)
            throws Exception {
        try (DiskStoreWriter w = TransitionStores.writer(store)) {
            return DqnLogGenerator.generate(c, w, null, threads);
        }
    }
}
