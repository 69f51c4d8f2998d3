package org.scaledql.core.data.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.scaledql.api.data.GameMetadata;
import org.scaledql.api.data.GameWeighting;
import org.scaledql.api.data.Sampler;
import org.scaledql.api.data.SamplerConfig;
import org.scaledql.api.data.TransitionBatch;
import org.scaledql.core.data.LoggedData;
import org.scaledql.core.data.sampling.Samplers;
import org.scaledql.core.data.store.DiskTransitionStore.Verification;

/**
 * A sharded store (shards listed by a store manifest, each a plain store) reads as the concatenation of its
 * shards: the same rows, summaries and sampled batches as one plain store of the same data, whatever the shard
 * count; shards are checked like plain stores.
 */
class ShardedStoreTest {

    private static final long SEED = 2026_12_04L;

    @TempDir
    Path tmp;

    /** Per game, rows split into whole episodes (each piece ends in a terminal or truncation, or is the last). */
    private static List<List<LoggedData.Row>> episodesOf(List<LoggedData.Row> rows) {
        List<List<LoggedData.Row>> out = new ArrayList<>();
        List<LoggedData.Row> cur = new ArrayList<>();
        for (LoggedData.Row r : rows) {
            cur.add(r);
            if (r.terminal() || r.truncatedAfter()) {
                out.add(cur);
                cur = new ArrayList<>();
            }
        }
        if (!cur.isEmpty()) {
            out.add(cur);
        }
        return out;
    }

    private static Map<String, List<LoggedData.Row>> data() {
        SplittableRandom rnd = new SplittableRandom(SEED);
        Map<String, List<LoggedData.Row>> games = new LinkedHashMap<>();
        games.put("A", LoggedData.episodes(rnd, 40, 12, 2 * 4 * 4, 5));
        games.put("B", LoggedData.episodes(rnd, 25, 9, 2 * 4 * 4, 3));
        return games;
    }

    /**
     * Writes the data as {@code shards} shards: game A's episodes split evenly over all of them, game B's over the
     * first half only (so some shards hold one game); returns the store folder.
     */
    private Path sharded(String name, Map<String, List<LoggedData.Row>> data, int shards) throws IOException {
        Path store = tmp.resolve(name);
        Files.createDirectories(store);
        List<String> dirs = new ArrayList<>();
        List<List<List<LoggedData.Row>>> eps = new ArrayList<>();
        for (List<LoggedData.Row> rows : data.values()) {
            eps.add(episodesOf(rows));
        }
        for (int s = 0; s < shards; s++) {
            String dir = String.format("shard-%03d", s);
            dirs.add(dir);
            try (DiskStoreWriter w = TransitionStores.writer(store.resolve(dir))) {
                int g = 0;
                for (String game : data.keySet()) {
                    List<List<LoggedData.Row>> e = eps.get(g++);
                    int parts = game.equals("B") ? Math.max(1, shards / 2) : shards;
                    if (s >= parts) {
                        continue;
                    }
                    int from = e.size() * s / parts;
                    int to = e.size() * (s + 1) / parts;
                    w.declareGame(game, game.equals("A") ? 5 : 3, new int[] {2, 4, 4}, 1 / 255f);
                    for (List<LoggedData.Row> ep : e.subList(from, to)) {
                        LoggedData.write(w, game, ep);
                    }
                }
            }
        }
        TransitionStores.publishShards(store, dirs);
        return store;
    }

    private Path plain(String name, Map<String, List<LoggedData.Row>> data) throws IOException {
        Path store = tmp.resolve(name);
        try (DiskStoreWriter w = TransitionStores.writer(store)) {
            for (Map.Entry<String, List<LoggedData.Row>> e : data.entrySet()) {
                w.declareGame(e.getKey(), e.getKey().equals("A") ? 5 : 3, new int[] {2, 4, 4}, 1 / 255f);
                LoggedData.write(w, e.getKey(), e.getValue());
            }
        }
        return store;
    }

    private static List<float[]> batches(DiskTransitionStore store, GameWeighting w, int count) {
        List<float[]> out = new ArrayList<>();
        try (Sampler s = Samplers.fromStore(store, List.of("A", "B"), new SamplerConfig(16, 4, 3, 0.9, w, SEED, 0))) {
            for (int b = 0; b < count; b++) {
                TransitionBatch t = s.next();
                for (INDArray a : List.of(t.observations(), t.nextObservations(), t.actions(), t.rewards(),
                        t.discounts(), t.taskIds())) {
                    out.add(a.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).data().asFloat());
                }
            }
        }
        return out;
    }

    @Test
    void oneThreeAndSevenShardsReadAndSampleExactlyAsOnePlainStore() throws IOException {
        Map<String, List<LoggedData.Row>> data = data();
        System.out.println("ShardedStoreTest seed " + SEED);
        try (DiskTransitionStore ref = DiskTransitionStore.open(plain("plain", data))) {
            List<float[]> uniform = batches(ref, GameWeighting.uniform(), 15);
            List<float[]> balanced = batches(ref, GameWeighting.gameBalanced(), 15);
            for (int shards : new int[] {1, 3, 7}) {
                try (DiskTransitionStore s = DiskTransitionStore.open(sharded("s" + shards, data, shards))) {
                    assertThat(s.shardDirectories()).hasSize(shards);
                    assertThat(s.games()).as("%d shards", shards).isEqualTo(ref.games());
                    for (GameMetadata g : ref.games()) {
                        LoggedData.assertEquals(data.get(g.name()), s.records(g.name()));
                        assertThat(StoreSummary.of(s.records(g.name()), true))
                                .isEqualTo(StoreSummary.of(ref.records(g.name()), true));
                    }
                    List<float[]> u = batches(s, GameWeighting.uniform(), 15);
                    List<float[]> b = batches(s, GameWeighting.gameBalanced(), 15);
                    for (int i = 0; i < uniform.size(); i++) {
                        assertThat(u.get(i)).as("%d shards, uniform, array %d", shards, i).isEqualTo(uniform.get(i));
                        assertThat(b.get(i)).as("%d shards, balanced, array %d", shards, i).isEqualTo(balanced.get(i));
                    }
                }
            }
        }
    }

    @Test
    void shardsAreVerifiedLikePlainStoresAndOpenWithoutReadingData() throws IOException {
        Path s = sharded("s", data(), 3);
        long all;
        try (DiskTransitionStore d = DiskTransitionStore.open(s, Verification.FULL)) {
            all = d.checkedBytes();
        }
        long files = 0;
        for (String shard : List.of("shard-000", "shard-001", "shard-002")) {
            try (var list = Files.walk(s.resolve(shard))) {
                files += list.filter(p -> p.toString().endsWith(".npy")).mapToLong(p -> p.toFile().length()).sum();
            }
        }
        assertThat(all).isEqualTo(files);
        try (DiskTransitionStore d = DiskTransitionStore.open(s)) {
            assertThat(d.checkedBytes()).isZero();
        }
        Path frames = s.resolve("shard-001").resolve("game-000").resolve("frames.npy");
        try (RandomAccessFile f = new RandomAccessFile(frames.toFile(), "rw")) {
            f.seek(f.length() - 1);
            int b = f.read();
            f.seek(f.length() - 1);
            f.write(b ^ 1);
        }
        assertThatThrownBy(() -> DiskTransitionStore.open(s).close()).isInstanceOf(StoreFormatException.class)
                .hasMessageContaining(frames + ": data checksum (CRC32C)");
    }

    @Test
    void aReplacedOrMissingShardAndAnUnpublishedStoreAreRefused() throws IOException {
        Map<String, List<LoggedData.Row>> data = data();
        Path s = sharded("s", data, 3);
        Path other = sharded("other", data, 7);
        Path shard = s.resolve("shard-002");
        Folders.replace(shard, other.resolve("shard-002"));
        assertThatThrownBy(() -> DiskTransitionStore.open(s).close()).isInstanceOf(StoreFormatException.class)
                .hasMessageContaining(shard.resolve("manifest.json") + ": CRC32C is")
                .hasMessageContaining("shard replaced or edited");
        Folders.delete(shard);
        assertThatThrownBy(() -> DiskTransitionStore.open(s).close()).isInstanceOf(StoreFormatException.class)
                .hasMessageContaining(shard + ": missing (listed as a shard");
        Path unpublished = tmp.resolve("unpublished");
        try (DiskStoreWriter w = TransitionStores.writer(unpublished.resolve("shard-000"))) {
            w.declareGame("A", 5, new int[] {2, 4, 4}, 1 / 255f);
            LoggedData.write(w, "A", data.get("A"));
        }
        assertThatThrownBy(() -> DiskTransitionStore.open(unpublished).close())
                .isInstanceOf(StoreFormatException.class).hasMessageContaining("not a complete transition store");
        TransitionStores.publishShards(unpublished, List.of("shard-000"));
        assertThatThrownBy(() -> TransitionStores.publishShards(unpublished, List.of("shard-000")))
                .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
        try (DiskTransitionStore d = DiskTransitionStore.open(unpublished)) {
            LoggedData.assertEquals(data.get("A"), d.records("A"));
        }
    }

    /** Deletes and copies folders. */
    private static final class Folders {
        static void delete(Path dir) throws IOException {
            org.scaledql.core.io.OwnedTempDirectory.deleteTree(dir);
        }

        static void replace(Path dir, Path with) throws IOException {
            delete(dir);
            org.scaledql.core.testing.TestFiles.copyTree(with, dir);
        }
    }
}
