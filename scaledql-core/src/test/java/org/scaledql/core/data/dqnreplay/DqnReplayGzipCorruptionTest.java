package org.scaledql.core.data.dqnreplay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scaledql.core.data.LoggedData;
import org.scaledql.core.data.npy.NpyFormatException;
import org.scaledql.core.data.store.InMemoryStoreWriter;
import org.scaledql.core.data.store.TransitionStores;

/**
 * Issue 17: a damaged gzip column file must fail the import naming the file, or (a flip in a header field that
 * does not matter, such as MTIME) import exactly the clean data; never silently import different data. Dump 0
 * is the sharp case: no skipping pass reads its files to the end, so only a verification of the rest of each
 * file reaches the gzip trailer.
 */
class DqnReplayGzipCorruptionTest {

    private static final long SEED = 17L;

    @TempDir
    Path tmp;

    private Path root;
    private Path logs;
    private List<LoggedData.Row> rows;

    @BeforeEach
    void fixture() throws IOException {
        // capacity 30: dumps 0..3 full, then a partial final dump
        rows = DqnReplayRoundTripTest.asLogged(LoggedData.episodes(new SplittableRandom(3), 12, 10, 6, 5));
        root = DqnReplayRoundTripTest.write(tmp.resolve("in"), "Game", 30, rows);
        logs = DqnReplayFiles.logs(root, "Game", 1);
        LoggedData.assertEquals(rows, importClean());
    }

    private org.scaledql.api.data.GameRecords importClean() throws IOException {
        InMemoryStoreWriter sink = TransitionStores.inMemory();
        DqnReplayImporter.run(DqnReplayImportConfig.all(root).withNumActions(Map.of("Game", 5)), sink, null);
        return sink.store().records("Game");
    }

    private int lastDump() throws IOException {
        int d = 0;
        while (Files.exists(logs.resolve(DqnReplayFiles.observation(d + 1)))) {
            d++;
        }
        return d;
    }

    private NpyFormatException outcome(Path f, byte[] bytes, boolean mayImport, String ctx) throws IOException {
        return outcome(f, bytes, mayImport, true, ctx);
    }

    /**
     * Imports with {@code f} replaced by {@code bytes} (restored afterwards) and checks the outcome: an
     * {@link NpyFormatException} (naming {@code f} when {@code mustName}), or, when {@code mayImport}, exactly
     * the clean rows.
     *
     * @return the exception, or null when the import succeeded
     */
    private NpyFormatException outcome(Path f, byte[] bytes, boolean mayImport, boolean mustName, String ctx)
            throws IOException {
        byte[] clean = Files.readAllBytes(f);
        Files.write(f, bytes);
        try {
            InMemoryStoreWriter sink = TransitionStores.inMemory();
            try {
                DqnReplayImporter.run(DqnReplayImportConfig.all(root).withNumActions(Map.of("Game", 5)), sink, null);
            } catch (NpyFormatException e) {
                if (mustName) {
                    assertThat(e.getMessage()).as(ctx + ": the error names the file").contains(f.toString());
                }
                return e;
            } catch (Exception e) {
                throw new AssertionError(ctx + ": expected an NpyFormatException naming " + f + "; got " + e, e);
            }
            if (!mayImport) {
                throw new AssertionError(ctx + ": imported with exit 0; expected an error naming " + f);
            }
            try {
                LoggedData.assertEquals(rows, sink.store().records("Game"));
            } catch (AssertionError e) {
                throw new AssertionError(ctx + ": imported silently with data that differs from the clean import: "
                        + e.getMessage(), e);
            }
            return null;
        } finally {
            Files.write(f, clean);
        }
    }

    @Test
    void bitFlipsInObservationFilesFailOrChangeNothing() throws IOException {
        SplittableRandom rnd = new SplittableRandom(SEED);
        int last = lastDump();
        int[] dumps = {0, 1, last};
        int failed = 0;
        int flips = 240;
        for (int i = 0; i < flips; i++) {
            int d = dumps[i % dumps.length];
            Path f = logs.resolve(DqnReplayFiles.observation(d));
            byte[] clean = Files.readAllBytes(f);
            // mostly the deflate payload (between the 10-byte header and the 8-byte trailer), sometimes anywhere
            int pos = i % 4 == 0 ? rnd.nextInt(clean.length) : 10 + rnd.nextInt(clean.length - 18);
            int bit = rnd.nextInt(8);
            byte[] bad = clean.clone();
            bad[pos] ^= (byte) (1 << bit);
            String ctx = "seed " + SEED + " flip " + i + ": " + f.getFileName() + " (dump " + d + ") byte " + pos
                    + " bit " + bit + " of " + clean.length;
            if (outcome(f, bad, true, ctx) != null) {
                failed++;
            }
        }
        System.err.println("DqnReplayGzipCorruptionTest seed " + SEED + ": " + flips + " observation-file flips, "
                + failed + " failed naming the file, " + (flips - failed) + " imported identically");
        // almost every flip must be caught; the ones allowed through land in fields that change nothing
        assertThat(failed).as("flips that failed the import").isGreaterThan(flips * 3 / 4);
    }

    @Test
    void bitFlipsInOtherColumnFilesFailOrChangeNothing() throws IOException {
        SplittableRandom rnd = new SplittableRandom(SEED + 1);
        String[] names = {DqnReplayFiles.action(0), DqnReplayFiles.reward(0), DqnReplayFiles.terminal(0),
            DqnReplayFiles.addCount(0), DqnReplayFiles.invalidRange(0)};
        int failed = 0;
        for (int i = 0; i < 100; i++) {
            Path f = logs.resolve(names[i % names.length]);
            byte[] clean = Files.readAllBytes(f);
            int pos = 10 + rnd.nextInt(clean.length - 18);
            int bit = rnd.nextInt(8);
            byte[] bad = clean.clone();
            bad[pos] ^= (byte) (1 << bit);
            String ctx = "seed " + (SEED + 1) + " flip " + i + ": " + f.getFileName() + " byte " + pos + " bit " + bit;
            // a flipped terminal can trip the padding check first, which names the observation file: any format
            // error will do here, silently different data will not
            if (outcome(f, bad, true, false, ctx) != null) {
                failed++;
            }
        }
        System.err.println("DqnReplayGzipCorruptionTest seed " + (SEED + 1) + ": 100 flips in the other column files, "
                + failed + " failed, " + (100 - failed) + " imported identically");
    }

    @Test
    void everyTrailerByteFlipFailsNamingTheFile() throws IOException {
        SplittableRandom rnd = new SplittableRandom(SEED + 2);
        for (int d : new int[] {0, 1, lastDump()}) {
            Path f = logs.resolve(DqnReplayFiles.observation(d));
            byte[] clean = Files.readAllBytes(f);
            for (int k = 0; k < 8; k++) {
                int pos = clean.length - 8 + k;
                int bit = rnd.nextInt(8);
                byte[] bad = clean.clone();
                bad[pos] ^= (byte) (1 << bit);
                String ctx = "seed " + (SEED + 2) + ": dump " + d + " trailer byte " + k + " (file byte " + pos
                        + ") bit " + bit;
                NpyFormatException e = outcome(f, bad, false, ctx);
                assertThat(e.getMessage()).as(ctx).containsAnyOf("CRC-32", "ISIZE");
            }
        }
    }

    @Test
    void bytesAfterTheGzipStreamFailNamingTheFile() throws IOException {
        SplittableRandom rnd = new SplittableRandom(SEED + 3);
        byte[] member = gzip("junk".getBytes());
        byte[] random = new byte[1 + rnd.nextInt(64)];
        rnd.nextBytes(random);
        byte[][] junks = {
            random, new byte[1], new byte[512], {0x1f}, {0x1f, (byte) 0x8b}, {0x1f, (byte) 0x8b, 8, 0},
            "trailing garbage".getBytes(), member, java.util.Arrays.copyOf(member, member.length - 3),
        };
        for (int d : new int[] {0, 1, lastDump()}) {
            Path f = logs.resolve(DqnReplayFiles.observation(d));
            byte[] clean = Files.readAllBytes(f);
            for (byte[] junk : junks) {
                byte[] bad = java.util.Arrays.copyOf(clean, clean.length + junk.length);
                System.arraycopy(junk, 0, bad, clean.length, junk.length);
                outcome(f, bad, false, "dump " + d + " with " + junk.length + " bytes appended: "
                        + HexFormat.of().formatHex(junk, 0, Math.min(junk.length, 16)));
            }
        }
    }

    @Test
    void multiMemberFilesReadAsTheirConcatenation() throws IOException {
        SplittableRandom rnd = new SplittableRandom(SEED + 4);
        for (int d : new int[] {0, 1, lastDump()}) {
            for (String name : new String[] {DqnReplayFiles.observation(d), DqnReplayFiles.action(d)}) {
                Path f = logs.resolve(name);
                byte[] plain;
                try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(Files.readAllBytes(f)))) {
                    plain = in.readAllBytes();
                }
                int cut = rnd.nextInt(plain.length + 1);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.writeBytes(gzip(java.util.Arrays.copyOfRange(plain, 0, cut)));
                out.writeBytes(gzip(new byte[0])); // an empty member is valid too
                out.writeBytes(gzip(java.util.Arrays.copyOfRange(plain, cut, plain.length)));
                assertThat(outcome(f, out.toByteArray(), true, "seed " + (SEED + 4) + ": " + name + " split at "
                        + cut)).as(name + " split at " + cut).isNull();
            }
        }
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(bo)) {
            g.write(data);
        }
        return bo.toByteArray();
    }
}
