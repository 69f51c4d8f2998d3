package org.scaledql.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scaledql.api.data.GameMetadata;
import org.scaledql.api.data.GameOrigin;
import org.scaledql.api.data.GameRecords;
import org.scaledql.api.env.ObservationFormat;
import org.scaledql.core.data.LoggedData;
import org.scaledql.core.data.dqnreplay.DqnReplayImportConfig;
import org.scaledql.core.data.dqnreplay.DqnReplayImporter;
import org.scaledql.core.data.dqnreplay.DqnReplayWriter;
import org.scaledql.core.data.store.DiskTransitionStore;
import org.scaledql.core.data.store.StoreSummary;
import org.scaledql.core.data.store.TransitionStores;

/**
 * The Spark import (local mode, one context for the class) against the single-JVM importer on DQN-Replay data
 * written by {@link DqnReplayWriter}: two games, three runs each, small dump capacities (episodes crossing dumps,
 * partial final dumps), one game with a testbed origin. Every game's rows, summary and origin must be identical.
 */
class SparkDqnReplayImportTest {

    private static JavaSparkContext sc;

    @TempDir
    static Path tmp;

    private static Path input;

    @BeforeAll
    static void start() throws IOException {
        // local[2, 3]: two task threads, a task may fail up to 3 times (local mode's default is no retry)
        sc = new JavaSparkContext(new SparkConf().setMaster("local[2,3]").setAppName("SparkDqnReplayImportTest")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1"));
        sc.setLogLevel("ERROR");
        input = tmp.resolve("dqn-replay");
        GameOrigin origin = new GameOrigin(GameOrigin.TESTBED, "breakout", 0, 0, ObservationFormat.PIXELS);
        SplittableRandom rnd = new SplittableRandom(2026_12_04L);
        for (int run = 1; run <= 3; run++) {
            try (DqnReplayWriter w = DqnReplayWriter.create(input, run, 7 + 3 * run)) {
                w.declareGame("breakout", 5, new int[] {1, 3, 2}, 1 / 255f);
                w.declareOrigin("breakout", origin);
                w.declareGame("pong", 3, new int[] {1, 3, 2}, 1 / 255f);
                LoggedData.write(w, "breakout", LoggedData.episodes(rnd, 6 + run, 9, 6, 5));
                LoggedData.write(w, "pong", LoggedData.episodes(rnd, 9, 7, 6, 3));
            }
        }
    }

    @AfterAll
    static void stop() {
        if (sc != null) {
            sc.stop();
        }
    }

    private static DqnReplayImportConfig config() {
        return DqnReplayImportConfig.all(input).withNumActions(Map.of("breakout", 5, "pong", 3));
    }

    private static void assertSameStores(Path single, Path spark, String ctx) throws IOException {
        try (DiskTransitionStore a = DiskTransitionStore.open(single); DiskTransitionStore b = DiskTransitionStore.open(spark)) {
            assertThat(b.games()).as(ctx).isEqualTo(a.games());
            for (GameMetadata g : a.games()) {
                GameRecords x = a.records(g.name());
                GameRecords y = b.records(g.name());
                assertThat(y.size()).as(ctx).isEqualTo(x.size());
                byte[] fx = new byte[g.frameBytes()];
                byte[] fy = new byte[g.frameBytes()];
                for (long r = 0; r < x.size(); r++) {
                    x.readFrame(r, fx, 0);
                    y.readFrame(r, fy, 0);
                    String at = ctx + " " + g.name() + " row " + r;
                    assertThat(fy).as(at).isEqualTo(fx);
                    assertThat(y.action(r)).as(at).isEqualTo(x.action(r));
                    assertThat(Float.floatToRawIntBits(y.reward(r))).as(at).isEqualTo(Float.floatToRawIntBits(x.reward(r)));
                    assertThat(y.terminal(r)).as(at).isEqualTo(x.terminal(r));
                    assertThat(y.truncated(r)).as(at).isEqualTo(x.truncated(r));
                    assertThat(y.episodeStart(r)).as(at).isEqualTo(x.episodeStart(r));
                }
                assertThat(StoreSummary.of(y, true)).as(ctx).isEqualTo(StoreSummary.of(x, true));
                assertThat(b.origin(g.name())).as(ctx).isEqualTo(a.origin(g.name()));
            }
        }
    }

    private static DqnReplayImporter.Report lastSingle;

    private static Path single(String name, DqnReplayImportConfig cfg) throws IOException {
        Path out = tmp.resolve(name);
        lastSingle = DqnReplayImporter.run(cfg, TransitionStores.writer(out), null);
        return out;
    }

    @Test
    void importIsIdenticalToTheSingleJvmImporterPerRunAndWithAFraction() throws IOException {
        for (DqnReplayImportConfig cfg : List.of(config(),
                config().withCheckpoints(List.of(1, 2, 3)),
                config().withFraction(0.5))) {
            String ctx = "checkpoints " + cfg.checkpoints() + " fraction " + cfg.fraction();
            Path a = single("single-" + cfg.hashCode(), cfg);
            Path b = tmp.resolve("spark-" + cfg.hashCode());
            int[] last = new int[2];
            SparkDqnReplayImport.Result r = SparkDqnReplayImport.run(sc, cfg, b, 0, (done, total, bytes, all) -> {
                last[0] = done;
                last[1] = total;
            });
            int units = cfg.fraction() < 1 ? 2 : 6;
            assertThat(r.units()).as(ctx).hasSize(units);
            assertThat(r.games()).as(ctx).isEqualTo(lastSingle.games());
            assertThat(r.compressedBytes()).as(ctx).isEqualTo(lastSingle.compressedBytes());
            assertThat(last).as(ctx).containsExactly(units, units);
            try (DiskTransitionStore s = DiskTransitionStore.open(b)) {
                assertThat(s.shardDirectories()).as(ctx).hasSize(units);
                assertThat(s.checkedBytes()).as("shards are recorded as verified by their writers").isZero();
            }
            assertSameStores(a, b, ctx);
        }
    }

    @Test
    void aTaskFailingAfterWritingItsShardIsRetriedToAnIdenticalStore() throws IOException {
        Path a = single("single-retry", config());
        Path b = tmp.resolve("spark-retry");
        SparkDqnReplayImport.FAIL_ONCE_AFTER_UNIT.set(4);
        try {
            SparkDqnReplayImport.run(sc, config(), b, 3, null);
        } finally {
            assertThat(SparkDqnReplayImport.FAIL_ONCE_AFTER_UNIT.get()).as("the failure was injected").isEqualTo(-1);
            SparkDqnReplayImport.FAIL_ONCE_AFTER_UNIT.set(-1);
        }
        assertSameStores(a, b, "retried");
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".spark-retry")))
                    .as("no staging folder left").isEmpty();
        }
    }

    @Test
    void aFailedImportLeavesNoStore() throws IOException {
        Path b = tmp.resolve("spark-bad");
        // pong's actions are outside a 2-action set: every pong unit fails, also on retries
        DqnReplayImportConfig bad = config().withNumActions(Map.of("breakout", 5, "pong", 2));
        assertThatThrownBy(() -> SparkDqnReplayImport.run(sc, bad, b, 0, null)).isInstanceOf(IOException.class)
                .hasMessageContaining("the import job failed").hasMessageContaining("pong");
        assertThat(b).doesNotExist();
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".spark-bad")))
                    .isEmpty();
        }
    }
}
