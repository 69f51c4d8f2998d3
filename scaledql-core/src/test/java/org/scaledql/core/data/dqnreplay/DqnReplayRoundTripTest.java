package org.scaledql.core.data.dqnreplay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scaledql.api.data.GameOrigin;
import org.scaledql.api.data.GameRecords;
import org.scaledql.api.env.ObservationFormat;
import org.scaledql.core.data.LoggedData;
import org.scaledql.core.data.npy.NpyArray;
import org.scaledql.core.data.store.InMemoryStoreWriter;
import org.scaledql.core.data.store.TransitionStores;

/**
 * Writes logged episodes in the real DQN-Replay layout with small capacities (several episodes crossing dump
 * boundaries, a partial last dump), imports them back and compares with a brute-force model of the buffer.
 */
class DqnReplayRoundTripTest {

    @TempDir
    Path tmp;

    /** Truncations become terminals in this format. */
    static List<LoggedData.Row> asLogged(List<LoggedData.Row> rows) {
        List<LoggedData.Row> out = new ArrayList<>();
        for (LoggedData.Row r : rows) {
            out.add(new LoggedData.Row(r.frame(), r.action(), r.reward(), r.terminal() || r.truncatedAfter(), false));
        }
        return out;
    }

    static Path write(Path root, String game, int capacity, List<LoggedData.Row> rows) throws IOException {
        try (DqnReplayWriter w = DqnReplayWriter.create(root, 1, capacity)) {
            w.declareGame(game, 5, new int[] {1, 3, 2}, 1 / 255f);
            LoggedData.write(w, game, rows);
        }
        return root;
    }

    static InMemoryStoreWriter importAll(DqnReplayImportConfig cfg) throws IOException {
        InMemoryStoreWriter sink = TransitionStores.inMemory();
        DqnReplayImporter.run(cfg, sink, null);
        return sink;
    }

    @Test
    void fullImportEqualsTheLoggedEpisodesForManyCapacitiesAndSeeds() throws IOException {
        for (long seed = 1; seed <= 20; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            int cap = 6 + rnd.nextInt(60);
            List<LoggedData.Row> rows = asLogged(LoggedData.episodes(rnd, 3 + rnd.nextInt(25), 1 + rnd.nextInt(30), 6, 5));
            Path root = write(tmp.resolve("s" + seed), "Game", cap, rows);
            Path logs = DqnReplayFiles.logs(root, "Game", 1);
            long dumps;
            try (Stream<Path> s = Files.list(logs)) {
                dumps = s.filter(p -> p.getFileName().toString().startsWith("add_count")).count();
            }
            var store = importAll(DqnReplayImportConfig.all(root).withNumActions(Map.of("Game", 5))).store();
            GameRecords rec = store.records("Game");
            String ctx = "seed " + seed + " capacity " + cap + " dumps " + dumps;
            try {
                LoggedData.assertEquals(rows, rec);
            } catch (AssertionError e) {
                throw new AssertionError(ctx + ": " + e.getMessage(), e);
            }
            assertThat(rec.metadata().observationScale()).isEqualTo(1 / 255f);
            assertThat(rec.metadata().frameShape()).containsExactly(1, 3, 2);
        }
    }

    static Path writeWithOrigin(Path root, int run, GameOrigin origin, List<LoggedData.Row> rows) throws IOException {
        try (DqnReplayWriter w = DqnReplayWriter.create(root, run, 8)) {
            w.declareGame("breakout", 5, new int[] {1, 3, 2}, 1 / 255f);
            w.declareOrigin("breakout", origin);
            LoggedData.write(w, "breakout", rows);
        }
        return root;
    }

    @Test
    void aTestbedOriginTravelsThroughTheLayoutIntoTheStore() throws IOException {
        GameOrigin pixels = new GameOrigin(GameOrigin.TESTBED, "breakout", 0, 0, ObservationFormat.PIXELS);
        List<LoggedData.Row> rows = asLogged(LoggedData.episodes(new SplittableRandom(3), 4, 6, 6, 5));
        Path root = writeWithOrigin(tmp.resolve("a"), 1, pixels, rows);
        assertThat(root.resolve("breakout/1").resolve(DqnReplayFiles.ORIGIN)).exists();
        writeWithOrigin(root, 2, pixels, rows);
        var cfg = DqnReplayImportConfig.all(root).withNumActions(Map.of("breakout", 5));
        assertThat(importAll(cfg).store().origin("breakout")).contains(pixels);

        // A run without the file (as DQN-Replay's own data): the game's origin is unknown.
        Files.delete(root.resolve("breakout/2").resolve(DqnReplayFiles.ORIGIN));
        assertThat(importAll(cfg).store().origin("breakout")).isEmpty();
        assertThat(importAll(cfg.withRuns(List.of(1))).store().origin("breakout")).contains(pixels);

        // Runs from different formats cannot become one game.
        Path mixed = tmp.resolve("mixed");
        writeWithOrigin(mixed, 1, pixels, rows);
        writeWithOrigin(mixed, 2, new GameOrigin(GameOrigin.TESTBED, "breakout", 0, 0, ObservationFormat.COMMON), rows);
        Path second = mixed.resolve("breakout/2").resolve(DqnReplayFiles.ORIGIN);
        assertThatThrownBy(() -> importAll(DqnReplayImportConfig.all(mixed).withNumActions(Map.of("breakout", 5))))
                .hasMessageContaining(second.toString()).hasMessageContaining("differs from");

        // A damaged file is named with its field.
        Files.writeString(second, Files.readString(second).replace("\"mode\" : 0", "\"mode\" : -1"));
        assertThatThrownBy(() -> importAll(DqnReplayImportConfig.all(mixed).withNumActions(Map.of("breakout", 5))))
                .hasMessageContaining(second.toString()).hasMessageContaining("mode must be >= 0; got -1");
    }

    @Test
    void finalDumpRightAfterAFullDumpAddsNothing() throws IOException {
        // capacity 9; two 1-row episodes = 8 adds (3 padding + 1, twice): dump 0 is full at add_count 8, and the
        // final dump (cursor 8 = capacity - 1) holds nothing new.
        List<LoggedData.Row> rows = List.of(
                new LoggedData.Row(new byte[] {1, 2, 3, 4, 5, 6}, 1, 1f, true, false),
                new LoggedData.Row(new byte[] {7, 8, 9, 10, 11, 12}, 2, 0f, true, false));
        Path root = write(tmp.resolve("edge"), "Game", 9, rows);
        Path logs = DqnReplayFiles.logs(root, "Game", 1);
        assertThat(NpyArray.read(logs.resolve(DqnReplayFiles.addCount(0))).getLong(0)).isEqualTo(8);
        assertThat(NpyArray.read(logs.resolve(DqnReplayFiles.addCount(1))).getLong(0)).isEqualTo(8);
        GameRecords rec = importAll(DqnReplayImportConfig.all(root).withNumActions(Map.of("Game", 5))).store().records("Game");
        LoggedData.assertEquals(rows, rec);
    }

    @Test
    void layoutMatchesBatchRlConventions() throws IOException {
        SplittableRandom rnd = new SplittableRandom(4);
        List<LoggedData.Row> rows = asLogged(LoggedData.episodes(rnd, 20, 10, 6, 5));
        Path root = write(tmp.resolve("l"), "Game", 50, rows);
        Path logs = DqnReplayFiles.logs(root, "Game", 1);
        // a full dump: add_count = k*cap + cap - 1, invalid_range = [cap-2, cap-1, 0, 1, 2]
        NpyArray inv = NpyArray.read(logs.resolve(DqnReplayFiles.invalidRange(1)));
        assertThat(NpyArray.read(logs.resolve(DqnReplayFiles.addCount(1))).getLong(0)).isEqualTo(99);
        assertThat(new long[] {inv.getLong(0), inv.getLong(1), inv.getLong(2), inv.getLong(3), inv.getLong(4)})
                .containsExactly(48, 49, 0, 1, 2);
        NpyArray obs = NpyArray.read(logs.resolve(DqnReplayFiles.observation(0)));
        assertThat(obs.header().shape()).containsExactly(50, 3, 2);
        assertThat(obs.header().descr()).isEqualTo("|u1");
        // the first three rows of the buffer are padding, the fourth is the first frame
        for (int i = 0; i < 18; i++) {
            assertThat(obs.getDouble(i)).isZero();
        }
        assertThat(obs.getDouble(18)).isEqualTo(rows.get(0).frame()[0] & 0xff);
        assertThat(NpyArray.read(logs.resolve(DqnReplayFiles.action(0))).header().descr()).isEqualTo("<i4");
        assertThat(NpyArray.read(logs.resolve(DqnReplayFiles.reward(0))).header().descr()).isEqualTo("<f4");
    }

    /**
     * Brute force: the add stream (padding = -1, else logged row index) and, for checkpoints {@code from..to},
     * the logged rows an import must produce: skip to the first terminal when {@code from > 0}, drop padding.
     */
    static List<Integer> expectedRows(List<LoggedData.Row> rows, int cap, int from, int to, int lastDump) {
        List<Integer> adds = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (i == 0 || rows.get(i - 1).terminal()) {
                adds.add(-1);
                adds.add(-1);
                adds.add(-1);
            }
            adds.add(i);
        }
        long start = from == 0 ? 0 : (long) from * cap - 1;
        long end = to == lastDump ? adds.size() : (long) to * cap + cap - 1;
        List<Integer> out = new ArrayList<>();
        boolean skipping = from > 0;
        for (long a = start; a < end; a++) {
            int r = adds.get((int) a);
            if (skipping) {
                if (r >= 0 && rows.get(r).terminal()) {
                    skipping = false;
                }
                continue;
            }
            if (r >= 0) {
                out.add(r);
            }
        }
        return out;
    }

    @Test
    void checkpointRangesImportExactlyTheirPartOfTheStream() throws IOException {
        for (long seed = 1; seed <= 10; seed++) {
            SplittableRandom rnd = new SplittableRandom(100 + seed);
            int cap = 20 + rnd.nextInt(30);
            List<LoggedData.Row> rows = asLogged(LoggedData.episodes(rnd, 30, 12, 6, 5));
            Path root = write(tmp.resolve("r" + seed), "Game", cap, rows);
            int lastDump;
            try (Stream<Path> s = Files.list(DqnReplayFiles.logs(root, "Game", 1))) {
                lastDump = (int) s.filter(p -> p.getFileName().toString().startsWith("add_count")).count() - 1;
            }
            int from = rnd.nextInt(lastDump + 1);
            int to = from + rnd.nextInt(lastDump - from + 1);
            List<Integer> want = expectedRows(rows, cap, from, to, lastDump);
            DqnReplayImportConfig cfg = DqnReplayImportConfig.all(root).withNumActions(Map.of("Game", 5))
                    .withCheckpoints(DqnReplayImportConfig.parseCheckpoints(from + "-" + to));
            InMemoryStoreWriter sink = TransitionStores.inMemory();
            DqnReplayImporter.Report rep = DqnReplayImporter.run(cfg, sink, null);
            GameRecords rec = sink.store().records("Game");
            String ctx = "seed " + seed + " cap " + cap + " checkpoints " + from + "-" + to + " of 0-" + lastDump;
            assertThat(rec.size()).as(ctx).isEqualTo(want.size());
            byte[] f = new byte[6];
            for (int i = 0; i < want.size(); i++) {
                LoggedData.Row r = rows.get(want.get(i));
                rec.readFrame(i, f, 0);
                assertThat(f).as(ctx + " row " + i).containsExactly(r.frame());
                assertThat(rec.terminal(i)).as(ctx + " row " + i).isEqualTo(r.terminal());
                boolean last = i == want.size() - 1;
                assertThat(rec.truncated(i)).as(ctx + " row " + i).isEqualTo(last && !r.terminal());
            }
            assertThat(rep.games().get(0).rowsKept()).isEqualTo(want.size());
        }
    }

    @Test
    void fractionKeepsWholeEpisodesSpreadOverTheData() throws IOException {
        SplittableRandom rnd = new SplittableRandom(8);
        List<LoggedData.Row> rows = asLogged(LoggedData.episodes(rnd, 400, 20, 6, 5));
        Path root = write(tmp.resolve("f"), "Game", 64, rows);
        DqnReplayImportConfig cfg = DqnReplayImportConfig.all(root).withNumActions(Map.of("Game", 5)).withFraction(0.1);
        InMemoryStoreWriter sink = TransitionStores.inMemory();
        DqnReplayImporter.Report rep = DqnReplayImporter.run(cfg, sink, null);
        GameRecords rec = sink.store().records("Game");
        DqnReplayImporter.GameReport g = rep.games().get(0);
        assertThat(g.episodeRows()).isEqualTo(rows.size());
        assertThat((double) g.rowsKept()).isBetween(0.1 * rows.size() - 20, 0.1 * rows.size() + 20);
        assertThat(rec.size()).isEqualTo(g.rowsKept());
        // every kept episode is a whole logged episode: find each by its first frame and compare row by row
        java.util.Map<String, Integer> firstRow = new java.util.HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            if (i == 0 || rows.get(i - 1).terminal()) {
                firstRow.put(java.util.Arrays.toString(rows.get(i).frame()), i);
            }
        }
        byte[] f = new byte[6];
        int lastSource = -1;
        for (long i = 0; i < rec.size(); ) {
            rec.readFrame(i, f, 0);
            Integer src = firstRow.get(java.util.Arrays.toString(f));
            assertThat(src).as("row %s starts a logged episode", i).isNotNull();
            assertThat(src).as("episodes stay in chronological order").isGreaterThan(lastSource);
            lastSource = src;
            int j = src;
            do {
                rec.readFrame(i, f, 0);
                assertThat(f).containsExactly(rows.get(j).frame());
                i++;
            } while (!rows.get(j++).terminal() && i < rec.size());
        }
        assertThat(lastSource).as("kept episodes reach the end of the data").isGreaterThan(rows.size() * 8 / 10);
    }
}
