package org.scaledql.core.data.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scaledql.api.data.GameMetadata;
import org.scaledql.api.data.GameRecords;
import org.scaledql.api.data.TransitionStore;
import org.scaledql.core.data.LoggedData;
import org.scaledql.core.testing.TestFiles;

/**
 * Seeded corruption of a store's files (bit flips, truncation, appended bytes, swapped and deleted files), then
 * open with verification. Every case must either fail with an error naming the store, or open to exactly the
 * clean store's rows (frames, actions, rewards and flags compared one by one). Prints the seed and each case.
 */
class StoreCorruptionFuzzTest {

    private static final long SEED = 20261204L;
    private static final int CASES = 60;

    @Test
    void everyCorruptionFailsNamingTheStoreOrReadsIdentically(@TempDir Path tmp) throws Exception {
        SplittableRandom rnd = new SplittableRandom(SEED);
        Path clean = tmp.resolve("clean");
        List<LoggedData.Row> a = LoggedData.episodes(rnd, 12, 15, 2 * 5 * 5, 6);
        List<LoggedData.Row> b = LoggedData.episodes(rnd, 8, 9, 4 * 3, 3);
        DiskStoreWriter w = TransitionStores.writer(clean);
        w.declareGame("A", 6, new int[] {2, 5, 5}, 1f);
        w.declareGame("B", 3, new int[] {1, 4, 3}, 1 / 255f);
        LoggedData.write(w, "A", a);
        LoggedData.write(w, "B", b);
        w.close();
        List<Path> files;
        try (Stream<Path> s = Files.walk(clean)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        int failed = 0;
        int identical = 0;
        List<String> outcomes = new ArrayList<>();
        for (int c = 0; c < CASES; c++) {
            Path copy = tmp.resolve("case-" + c);
            TestFiles.copyTree(clean, copy);
            String what = corrupt(rnd, files.stream().map(f -> copy.resolve(clean.relativize(f).toString())).toList(), copy);
            try (TransitionStore s = TransitionStores.open(copy)) {
                try (TransitionStore ref = TransitionStores.open(clean)) {
                    assertSameRows(ref, s, "seed " + SEED + " case " + c + " (" + what + ")");
                }
                identical++;
                outcomes.add(c + " " + what + ": opened, identical");
            } catch (java.io.IOException | IllegalArgumentException | IllegalStateException e) {
                if (e.getMessage() == null || !e.getMessage().contains(copy.toString())) {
                    fail("seed " + SEED + " case " + c + " (" + what + "): the error does not name the store: " + e);
                }
                failed++;
                outcomes.add(c + " " + what + ": failed: " + e.getMessage().replace(copy.toString(), "STORE"));
            }
        }
        System.err.println("StoreCorruptionFuzzTest seed " + SEED + ": " + CASES + " cases, " + failed
                + " failed naming the store, " + identical + " read identically\n  " + String.join("\n  ", outcomes));
        assertThat(failed + identical).isEqualTo(CASES);
        assertThat(failed).isPositive();
    }

    private static String corrupt(SplittableRandom rnd, List<Path> files, Path store) throws Exception {
        Path f = files.get(rnd.nextInt(files.size()));
        String name = store.relativize(f).toString();
        byte[] bytes = Files.readAllBytes(f);
        switch (rnd.nextInt(5)) {
            case 0 -> {
                int at = rnd.nextInt(bytes.length);
                int bit = rnd.nextInt(8);
                bytes[at] ^= (byte) (1 << bit);
                Files.write(f, bytes);
                return "flipped bit " + bit + " of byte " + at + " of " + name;
            }
            case 1 -> {
                int len = rnd.nextInt(bytes.length);
                Files.write(f, Arrays.copyOf(bytes, len));
                return "truncated " + name + " to " + len + " bytes";
            }
            case 2 -> {
                byte[] extra = new byte[1 + rnd.nextInt(32)];
                rnd.nextBytes(extra);
                byte[] longer = Arrays.copyOf(bytes, bytes.length + extra.length);
                System.arraycopy(extra, 0, longer, bytes.length, extra.length);
                Files.write(f, longer);
                return "appended " + extra.length + " bytes to " + name;
            }
            case 3 -> {
                Path g = files.get(rnd.nextInt(files.size()));
                if (g.equals(f)) {
                    return "nothing (swapped " + name + " with itself)";
                }
                Path t = f.resolveSibling("swap.tmp");
                Files.move(f, t);
                Files.move(g, f);
                Files.move(t, g);
                return "swapped " + name + " and " + store.relativize(g);
            }
            default -> {
                Files.delete(f);
                return "deleted " + name;
            }
        }
    }

    private static void assertSameRows(TransitionStore ref, TransitionStore s, String what) {
        assertThat(s.games()).as(what).isEqualTo(ref.games());
        for (GameMetadata g : ref.games()) {
            GameRecords x = ref.records(g.name());
            GameRecords y = s.records(g.name());
            assertThat(y.size()).as(what).isEqualTo(x.size());
            int frameBytes = Arrays.stream(g.frameShapeArray()).reduce(1, (p, q) -> p * q);
            byte[] fx = new byte[frameBytes];
            byte[] fy = new byte[frameBytes];
            for (long r = 0; r < x.size(); r++) {
                x.readFrame(r, fx, 0);
                y.readFrame(r, fy, 0);
                assertThat(fy).as("%s: %s row %s frame", what, g.name(), r).isEqualTo(fx);
                assertThat(y.action(r)).as(what).isEqualTo(x.action(r));
                assertThat(Float.floatToRawIntBits(y.reward(r))).as(what).isEqualTo(Float.floatToRawIntBits(x.reward(r)));
                assertThat(y.terminal(r)).as(what).isEqualTo(x.terminal(r));
                assertThat(y.truncated(r)).as(what).isEqualTo(x.truncated(r));
                assertThat(y.episodeStart(r)).as(what).isEqualTo(x.episodeStart(r));
            }
        }
    }

}
