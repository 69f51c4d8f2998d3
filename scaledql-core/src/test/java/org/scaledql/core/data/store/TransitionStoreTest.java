package org.scaledql.core.data.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scaledql.api.data.GameOrigin;
import org.scaledql.api.data.TransitionStore;
import org.scaledql.api.env.ObservationFormat;
import org.scaledql.core.data.LoggedData;

class TransitionStoreTest {

    @TempDir
    Path tmp;

    @Test
    void diskAndMemoryStoresHoldExactlyWhatWasLoggedWithInterleavedGames() throws IOException {
        long seed = 11;
        SplittableRandom rnd = new SplittableRandom(seed);
        List<LoggedData.Row> a = LoggedData.episodes(rnd, 30, 20, 2 * 5 * 5, 6);
        List<LoggedData.Row> b = LoggedData.episodes(rnd, 12, 9, 1 * 4 * 3, 3);
        DiskStoreWriter disk = TransitionStores.writer(tmp.resolve("s"));
        InMemoryStoreWriter mem = TransitionStores.inMemory();
        for (var w : List.of(disk, mem)) {
            w.declareGame("A", 6, new int[] {2, 5, 5}, 1f);
            w.declareGame("B", 3, new int[] {1, 4, 3}, 1 / 255f);
            // interleave: half of A, all of B, rest of A
            LoggedData.write(w, "A", a.subList(0, a.size() / 2));
            LoggedData.write(w, "B", b);
            LoggedData.write(w, "A", a.subList(a.size() / 2, a.size()));
            w.close();
        }
        try (TransitionStore d = TransitionStores.open(tmp.resolve("s"))) {
            for (TransitionStore s : List.of(d, mem.store())) {
                assertThat(s.games()).extracting(g -> g.name()).containsExactly("A", "B");
                assertThat(s.games().get(1).observationScale()).isEqualTo(1 / 255f);
                LoggedData.assertEquals(a, s.records("A"));
                LoggedData.assertEquals(b, s.records("B"));
            }
        }
    }

    @Test
    void originsRoundTripThroughDiskAndMemoryStoresAndAStoreWithoutThemStillOpens() throws IOException {
        GameOrigin pixels = new GameOrigin(GameOrigin.TESTBED, "breakout", 1, 0, ObservationFormat.PIXELS);
        DiskStoreWriter disk = TransitionStores.writer(tmp.resolve("s"));
        InMemoryStoreWriter mem = TransitionStores.inMemory();
        SplittableRandom rnd = new SplittableRandom(5);
        List<LoggedData.Row> rows = LoggedData.episodes(rnd, 3, 4, 4, 6);
        for (var w : List.of(disk, mem)) {
            w.declareGame("A", 6, new int[] {1, 2, 2}, 1 / 255f);
            w.declareGame("B", 6, new int[] {1, 2, 2}, 1 / 255f);
            w.declareOrigin("A", pixels);
            assertThatThrownBy(() -> w.declareOrigin("A", new GameOrigin(GameOrigin.TESTBED, "pong", 1, 0,
                    ObservationFormat.PIXELS))).hasMessageContaining("game A already has origin");
            assertThatThrownBy(() -> w.declareOrigin("C", pixels)).hasMessageContaining("game C was not declared");
            LoggedData.write(w, "A", rows);
            LoggedData.write(w, "B", rows);
            w.close();
        }
        try (TransitionStore d = TransitionStores.open(tmp.resolve("s"))) {
            for (TransitionStore s : List.of(d, mem.store())) {
                assertThat(s.origin("A")).contains(pixels);
                assertThat(s.origin("B")).isEmpty();
                assertThatThrownBy(() -> s.origin("C")).isInstanceOf(java.util.NoSuchElementException.class);
            }
        }
        // A manifest written before origins existed has no such key: it opens, and no game has an origin.
        Path manifest = tmp.resolve("s").resolve(Manifest.FILE);
        String text = Files.readString(manifest);
        assertThat(text).contains("\"origin\"");
        String old = text.replaceAll("(?s),\\s*\"origin\"\\s*:\\s*\\{[^}]*\\}", "");
        assertThat(old).doesNotContain("origin");
        Files.writeString(manifest, old);
        try (TransitionStore d = TransitionStores.open(tmp.resolve("s"))) {
            assertThat(d.origin("A")).isEmpty();
            LoggedData.assertEquals(rows, d.records("A"));
        }
    }

    @Test
    void badAppendsAreRefusedWithTheRuleAndValue() throws IOException {
        InMemoryStoreWriter w = TransitionStores.inMemory();
        w.declareGame("G", 4, new int[] {1, 2, 2}, 1f);
        assertThatThrownBy(() -> w.append("G", new byte[4], 4, 0f, false)).hasMessageContaining("[0, 4)")
                .hasMessageContaining("got 4");
        assertThatThrownBy(() -> w.append("G", new byte[4], 0, Float.NaN, false)).hasMessageContaining("finite");
        assertThatThrownBy(() -> w.append("G", new byte[3], 0, 0f, false)).hasMessageContaining("4 bytes");
        assertThatThrownBy(() -> w.append("H", new byte[4], 0, 0f, false)).hasMessageContaining("not declared");
        assertThatThrownBy(() -> w.declareGame("G", 4, new int[] {1, 2, 2}, 1f)).hasMessageContaining("already");
    }

    @Test
    void abortedOrFailedWriteLeavesNothingBehind() throws IOException {
        DiskStoreWriter w = TransitionStores.writer(tmp.resolve("gone"));
        w.declareGame("G", 2, new int[] {1, 2, 2}, 1f);
        w.append("G", new byte[4], 1, 1f, false);
        w.abort();
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.toList()).isEmpty();
        }
        assertThatThrownBy(() -> TransitionStores.open(tmp.resolve("gone"))).isInstanceOf(StoreFormatException.class)
                .hasMessageContaining("gone");
    }

    @Test
    void corruptedFileIsNamedOnOpen() throws IOException {
        Path s = tmp.resolve("s");
        try (DiskStoreWriter w = TransitionStores.writer(s)) {
            w.declareGame("G", 2, new int[] {1, 3, 3}, 1f);
            LoggedData.write(w, "G", LoggedData.episodes(new SplittableRandom(3), 4, 5, 9, 2));
        }
        Path frames = s.resolve("game-000").resolve("frames.npy");
        try (RandomAccessFile f = new RandomAccessFile(frames.toFile(), "rw")) {
            f.seek(f.length() - 1);
            int b = f.read();
            f.seek(f.length() - 1);
            f.write(b ^ 1);
        }
        assertThatThrownBy(() -> TransitionStores.open(s)).isInstanceOf(StoreFormatException.class)
                .hasMessageContaining(frames.toString()).hasMessageContaining("CRC32C");
        try (RandomAccessFile f = new RandomAccessFile(frames.toFile(), "rw")) {
            f.setLength(f.length() - 1);
        }
        assertThatThrownBy(() -> TransitionStores.open(s)).isInstanceOf(StoreFormatException.class)
                .hasMessageContaining(frames.toString()).hasMessageContaining("size");
        Files.delete(frames);
        assertThatThrownBy(() -> TransitionStores.open(s)).isInstanceOf(StoreFormatException.class)
                .hasMessageContaining("frames.npy").hasMessageContaining("missing");
    }

    @Test
    void summaryCountsEpisodesAndSampleableRows() throws IOException {
        InMemoryStoreWriter w = TransitionStores.inMemory();
        w.declareGame("G", 2, new int[] {1, 1, 1}, 1f);
        byte[] f = {1};
        // episode 1: 3 rows, return 2; episode 2 truncated after 2 rows; episode 3: 1 row, return -1; then 2 running rows
        w.append("G", f, 0, 1f, false);
        w.append("G", f, 0, 0f, false);
        w.append("G", f, 0, 1f, true);
        w.append("G", f, 0, 5f, false);
        w.append("G", f, 0, 5f, false);
        w.truncateEpisode("G");
        w.append("G", f, 0, -1f, true);
        w.append("G", f, 0, 0f, false);
        w.append("G", f, 0, 0f, false);
        w.close();
        StoreSummary s = StoreSummary.of(w.store().records("G"), true);
        assertThat(s.records()).isEqualTo(8);
        assertThat(s.episodes()).isEqualTo(2);
        assertThat(s.sampleable()).isEqualTo(8 - 2); // the truncated row and the last row have no next frame
        assertThat(s.episodeLengths()).containsExactly(3L, 1L);
        assertThat(s.episodeReturns()).containsExactly(2.0, -1.0);
    }
}
