package org.scaledql.core.data.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scaledql.core.data.LoggedData;
import org.scaledql.core.data.npy.NpyHeader;
import org.scaledql.core.data.npy.NpyHeaderParser;
import org.scaledql.core.data.npy.NpyReader;
import org.scaledql.core.data.npy.NpyWriter;
import org.scaledql.core.data.store.DiskTransitionStore.Verification;

/**
 * Values the writer refuses must not get past the reader either (issue 17, item 4). Each test corrupts one value
 * of a valid store and then recomputes the manifest's CRC32C and size, as a numpy rewrite would, so only the
 * value checks can catch it; open must fail with or without checksum verification, naming file, row and value.
 */
class StoreValueValidationTest {

    @TempDir
    Path tmp;

    /** Game A (6 actions) then game B (3 actions, in game-001); returns B's logged rows. */
    private List<LoggedData.Row> writeStore(Path store, long seed) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<LoggedData.Row> a = LoggedData.episodes(rnd, 5, 6, 2 * 3 * 3, 6);
        List<LoggedData.Row> b = LoggedData.episodes(rnd, 8, 7, 1 * 2 * 2, 3);
        try (DiskStoreWriter w = TransitionStores.writer(store)) {
            w.declareGame("A", 6, new int[] {2, 3, 3}, 1f);
            w.declareGame("B", 3, new int[] {1, 2, 2}, 1 / 255f);
            LoggedData.write(w, "A", a);
            LoggedData.write(w, "B", b);
        }
        return b;
    }

    private static Path col(Path store, String column) {
        return store.resolve("game-001").resolve(column);
    }

    private static NpyHeader header(Path f) throws IOException {
        try (InputStream in = Files.newInputStream(f)) {
            return NpyHeaderParser.read(in, f.toString());
        }
    }

    /** Overwrites the bytes of one element after the {@code .npy} header. */
    private static void patch(Path f, long row, ByteBuffer value) throws IOException {
        NpyHeader h = header(f);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.write(value, h.dataOffset() + row * h.dtype().itemSize());
        }
    }

    private static void patchInt(Path f, long row, int v) throws IOException {
        patch(f, row, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, v));
    }

    private static void patchByte(Path f, long row, int v) throws IOException {
        patch(f, row, ByteBuffer.wrap(new byte[] {(byte) v}));
    }

    private static int readByte(Path f, long row) throws IOException {
        NpyHeader h = header(f);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, h.dataOffset() + row);
            return b.get(0) & 0xff;
        }
    }

    /** Recomputes every file's size and CRC32C in the manifest, so the checksums pass whatever the values. */
    private static void rechecksum(Path store) throws IOException {
        Manifest m = Manifest.read(store);
        List<Manifest.Game> games = new ArrayList<>();
        for (Manifest.Game g : m.games()) {
            List<Manifest.FileEntry> files = new ArrayList<>();
            for (Manifest.FileEntry fe : g.files()) {
                Path f = store.resolve(g.dir()).resolve(fe.name());
                byte[] all = Files.readAllBytes(f);
                int off = (int) header(f).dataOffset();
                CRC32C crc = new CRC32C();
                crc.update(all, off, all.length - off);
                files.add(new Manifest.FileEntry(fe.name(), all.length, String.format("%08x", crc.getValue())));
            }
            games.add(new Manifest.Game(g.name(), g.numActions(), g.frameShape(), g.observationScale(), g.records(),
                    g.dir(), files, g.origin()));
        }
        Manifest.JSON.writeValue(store.resolve(Manifest.FILE).toFile(), new Manifest(m.format(), m.version(), games));
    }

    /** Asserts that open fails under every verification mode, with a message holding every part. */
    private static void assertOpenFails(Path store, String... parts) {
        for (Verification v : Verification.values()) {
            assertThatThrownBy(() -> DiskTransitionStore.open(store, v).close()).as("verification %s", v)
                    .isInstanceOf(StoreFormatException.class).hasMessageContainingAll(parts);
        }
    }

    /**
     * A store without verdicts (as written before {@code verified.json} existed) opens under every mode; the
     * progress of a checking open ends at the bytes of the files it checks: all of them, or with
     * {@code VALUES_ONLY} the small columns.
     */
    @Test
    void validStoreOpensUnderEveryVerification() throws IOException {
        Path s = tmp.resolve("s");
        List<LoggedData.Row> b = writeStore(s, 1);
        for (Verification v : List.of(Verification.VALUES_ONLY, Verification.FULL, Verification.INCREMENTAL)) {
            Files.deleteIfExists(s.resolve(Verdicts.FILE));
            List<Long> progress = new ArrayList<>();
            try (DiskTransitionStore d = DiskTransitionStore.open(s, v, (done, total, f) -> {
                progress.add(done);
                assertThat(done).isLessThanOrEqualTo(total);
            })) {
                LoggedData.assertEquals(b, d.records("B"));
            }
            long all = 0;
            for (String c : List.of("frames.npy", "actions.npy", "rewards.npy", "flags.npy")) {
                for (String g : List.of("game-000", "game-001")) {
                    all += v != Verification.VALUES_ONLY || !c.equals("frames.npy")
                            ? Files.size(s.resolve(g).resolve(c)) : 0;
                }
            }
            assertThat(progress).as("verification %s", v).isNotEmpty().isSorted().endsWith(all);
        }
    }

    @Test
    void actionOutsideTheActionSetIsNamedWithRowAndRange() throws IOException {
        Path s = tmp.resolve("s");
        writeStore(s, 2);
        Path actions = col(s, "actions.npy");
        patchInt(actions, 4, 3);
        rechecksum(s);
        assertOpenFails(s, actions + ": row 4: action 3 is outside [0, 3) (game B has 3 actions)");
        patchInt(actions, 4, 0);
        patchInt(actions, 0, -1);
        rechecksum(s);
        assertOpenFails(s, actions + ": row 0: action -1 is outside [0, 3)");
    }

    @Test
    void nonFiniteRewardWrittenWithNpyWriterIsNamed() throws IOException {
        Path s = tmp.resolve("s");
        List<LoggedData.Row> b = writeStore(s, 3);
        Path rewards = col(s, "rewards.npy");
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            // what np.save does: a fresh file with its own (shorter) header
            float[] r = new float[b.size()];
            try (NpyReader in = NpyReader.open(rewards)) {
                in.readFloats(r, 0, r.length);
            }
            r[b.size() - 2] = bad;
            Files.delete(rewards);
            try (NpyWriter w = NpyWriter.create(rewards, NpyHeader.of(org.scaledql.core.data.npy.NpyDtype.F4, r.length),
                    false)) {
                w.writeFloats(r, 0, r.length);
            }
            rechecksum(s);
            assertOpenFails(s, rewards + ": row " + (b.size() - 2) + ": reward " + bad, "is not finite", "game B");
            r[b.size() - 2] = 0f;
            Files.delete(rewards);
            try (NpyWriter w = NpyWriter.create(rewards, NpyHeader.of(org.scaledql.core.data.npy.NpyDtype.F4, r.length),
                    false)) {
                w.writeFloats(r, 0, r.length);
            }
            rechecksum(s);
            DiskTransitionStore.open(s).close();
        }
    }

    @Test
    void undefinedFlagBitsAreNamed() throws IOException {
        Path s = tmp.resolve("s");
        writeStore(s, 4);
        Path flags = col(s, "flags.npy");
        int f = readByte(flags, 2);
        patchByte(flags, 2, f | 0x08);
        rechecksum(s);
        assertOpenFails(s, flags + ": row 2: flags " + String.format("0x%02x", f | 0x08) + " set undefined bits 0x08",
                "game B");
        patchByte(flags, 2, 0x80 | f);
        rechecksum(s);
        assertOpenFails(s, flags + ": row 2: flags", "undefined bits 0x80");
    }

    @Test
    void inconsistentEpisodeFlagsAreNamed() throws IOException {
        Path s = tmp.resolve("s");
        List<LoggedData.Row> b = writeStore(s, 5);
        Path flags = col(s, "flags.npy");
        int n = b.size();
        int end = -1; // first row that ends an episode, not the last row
        for (int i = 0; i < n - 1 && end < 0; i++) {
            if (b.get(i).terminal() || b.get(i).truncatedAfter()) {
                end = i;
            }
        }
        assertThat(end).as("fixture needs an episode end before the last row").isNotNegative();
        int fe = readByte(flags, end);
        int next = readByte(flags, end + 1);

        patchByte(flags, end, RowFlags.TERMINAL | RowFlags.TRUNCATED | (fe & RowFlags.EPISODE_START));
        rechecksum(s);
        assertOpenFails(s, flags + ": row " + end + ": flags", "both terminal (0x01) and truncated (0x02)");
        patchByte(flags, end, fe);

        patchByte(flags, end + 1, next & ~RowFlags.EPISODE_START);
        rechecksum(s);
        assertOpenFails(s, flags + ": row " + (end + 1) + ": flags", "lack the episode-start bit 0x04, but row " + end,
                "ends an episode");
        patchByte(flags, end + 1, next);

        // the episode end of row `end` removed: row end+1 now starts an episode without a reason
        patchByte(flags, end, fe & RowFlags.EPISODE_START);
        rechecksum(s);
        assertOpenFails(s, flags + ": row " + (end + 1) + ": flags", "set the episode-start bit 0x04, but row " + end,
                "does not end an episode");
        patchByte(flags, end, fe);

        int f0 = readByte(flags, 0);
        patchByte(flags, 0, f0 & ~RowFlags.EPISODE_START);
        rechecksum(s);
        assertOpenFails(s, flags + ": row 0: flags", "row 0 starts the first episode");
        patchByte(flags, 0, f0);

        int last = readByte(flags, n - 1);
        patchByte(flags, n - 1, last & RowFlags.EPISODE_START);
        rechecksum(s);
        assertOpenFails(s, flags + ": row " + (n - 1) + ": flags", "last row neither terminal (0x01) nor truncated");
        patchByte(flags, n - 1, last);

        rechecksum(s);
        DiskTransitionStore.open(s).close();
    }

    @Test
    void damagedFileReportsTheChecksumBeforeItsValues() throws IOException {
        Path s = tmp.resolve("s");
        writeStore(s, 6);
        Path actions = col(s, "actions.npy");
        patchInt(actions, 1, 99); // no rechecksum: damage, not an edit
        assertThatThrownBy(() -> DiskTransitionStore.open(s).close()).isInstanceOf(StoreFormatException.class)
                .hasMessageContaining(actions + ": data checksum (CRC32C)");
        assertThatThrownBy(() -> DiskTransitionStore.open(s, Verification.VALUES_ONLY).close()).isInstanceOf(StoreFormatException.class)
                .hasMessageContaining(actions + ": row 1: action 99 is outside [0, 3)");
    }

    @Test
    void duplicateGameInTheManifestIsRefused() throws IOException {
        Path s = tmp.resolve("s");
        writeStore(s, 7);
        Manifest m = Manifest.read(s);
        Manifest.Game a = m.games().get(0);
        Manifest.JSON.writeValue(s.resolve(Manifest.FILE).toFile(),
                new Manifest(m.format(), m.version(), List.of(a, a)));
        assertThatThrownBy(() -> DiskTransitionStore.open(s).close()).isInstanceOf(StoreFormatException.class)
                .hasMessageContaining("game A is listed twice");
    }

    /**
     * Seeded fuzz: random stores with one out-of-range action, non-finite reward, undefined flag bit or toggled
     * episode-start bit at a random row; open must fail naming that file and row.
     */
    @Test
    void randomSingleCorruptionsAreFoundAtTheirRow() throws IOException {
        long base = 20_240_917L;
        for (int t = 0; t < 40; t++) {
            long seed = base + t;
            System.out.println("StoreValueValidationTest fuzz seed " + seed);
            SplittableRandom rnd = new SplittableRandom(seed);
            Path s = tmp.resolve("fuzz-" + t);
            int n = writeStore(s, seed).size();
            long row = rnd.nextInt(n);
            String column;
            switch (rnd.nextInt(4)) {
                case 0 -> {
                    column = "actions.npy";
                    patchInt(col(s, column), row, rnd.nextBoolean() ? 3 + rnd.nextInt(1000) : -1 - rnd.nextInt(1000));
                }
                case 1 -> {
                    column = "rewards.npy";
                    float[] bad = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
                        Float.intBitsToFloat(0x7f800001 + rnd.nextInt(1000))};
                    patch(col(s, column), row, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)
                            .putFloat(0, bad[rnd.nextInt(bad.length)]));
                }
                case 2 -> {
                    column = "flags.npy";
                    patchByte(col(s, column), row, readByte(col(s, column), row) | (8 << rnd.nextInt(5)));
                }
                default -> {
                    column = "flags.npy";
                    patchByte(col(s, column), row, readByte(col(s, column), row) ^ RowFlags.EPISODE_START);
                }
            }
            rechecksum(s);
            final Path store = s;
            assertThatThrownBy(() -> DiskTransitionStore.open(store,
                    Verification.values()[rnd.nextInt(Verification.values().length)]).close())
                    .as("seed %d", seed).isInstanceOf(StoreFormatException.class)
                    .hasMessageStartingWith(col(s, column) + ": row " + row + ": ");
        }
    }
}
