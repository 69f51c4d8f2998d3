package org.scaledql.core.data.npy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * {@link StrictGzipInputStream} against {@link GZIPOutputStream} output and hand-built members: valid input
 * reads back exactly, and every kind of damage is an {@link NpyFormatException} naming the source; no damaged
 * input ever reads back as different data. Seeded; failures print the seed and case.
 */
class StrictGzipInputStreamTest {

    private static final String SRC = "t.npy.gz";

    /** Random payloads of mixed compressibility: random bytes, a small alphabet, runs. */
    static byte[] payload(SplittableRandom rnd, int n) {
        byte[] b = new byte[n];
        switch (rnd.nextInt(3)) {
            case 0 -> rnd.nextBytes(b);
            case 1 -> {
                for (int i = 0; i < n; i++) {
                    b[i] = (byte) ('a' + rnd.nextInt(4));
                }
            }
            default -> {
                for (int i = 0; i < n; ) {
                    int run = 1 + rnd.nextInt(300);
                    byte v = (byte) rnd.nextInt(3);
                    for (int k = 0; k < run && i < n; k++) {
                        b[i++] = v;
                    }
                }
            }
        }
        return b;
    }

    static byte[] gzip(byte[] data, int level) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(bo) {
            {
                def.setLevel(level);
            }
        }) {
            g.write(data);
        }
        return bo.toByteArray();
    }

    /** Reads everything with read sizes drawn from {@code rnd} (single-byte reads included). */
    static byte[] readAll(byte[] gz, SplittableRandom rnd) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = new StrictGzipInputStream(new ByteArrayInputStream(gz), SRC, 1 + rnd.nextInt(4096))) {
            byte[] b = new byte[70_000];
            while (true) {
                if (rnd.nextInt(10) == 0) {
                    int c = in.read();
                    if (c < 0) {
                        break;
                    }
                    out.write(c);
                } else {
                    int n = in.read(b, 0, 1 + rnd.nextInt(b.length));
                    if (n < 0) {
                        break;
                    }
                    out.write(b, 0, n);
                }
            }
            assertThat(in.read()).as("read after the end").isEqualTo(-1);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            bo.writeBytes(p);
        }
        return bo.toByteArray();
    }

    /** A hand-built member: raw deflate, optional header fields, a correct trailer. */
    static byte[] member(byte[] data, int flags, byte[] extra, String name, String comment, int mtime) {
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        h.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, (byte) flags});
        for (int i = 0; i < 4; i++) {
            h.write(mtime >>> (8 * i));
        }
        h.write(0); // XFL
        h.write(3); // OS: Unix
        if ((flags & 0x04) != 0) {
            h.write(extra.length);
            h.write(extra.length >>> 8);
            h.writeBytes(extra);
        }
        if ((flags & 0x08) != 0) {
            h.writeBytes(name.getBytes(StandardCharsets.ISO_8859_1));
            h.write(0);
        }
        if ((flags & 0x10) != 0) {
            h.writeBytes(comment.getBytes(StandardCharsets.ISO_8859_1));
            h.write(0);
        }
        if ((flags & 0x02) != 0) {
            CRC32 c = new CRC32();
            c.update(h.toByteArray());
            h.write((int) c.getValue());
            h.write((int) c.getValue() >>> 8);
        }
        Deflater def = new Deflater(6, true);
        def.setInput(data);
        def.finish();
        byte[] chunk = new byte[4096];
        while (!def.finished()) {
            h.write(chunk, 0, def.deflate(chunk));
        }
        def.end();
        CRC32 c = new CRC32();
        c.update(data);
        long[] trailer = {c.getValue(), data.length & 0xffffffffL};
        for (long v : trailer) {
            for (int i = 0; i < 4; i++) {
                h.write((int) (v >>> (8 * i)));
            }
        }
        return h.toByteArray();
    }

    /** Reads fully and returns the error; fails if there is none. */
    private static NpyFormatException failure(byte[] gz, String ctx) {
        try {
            readAll(gz, new SplittableRandom(gz.length));
        } catch (NpyFormatException e) {
            assertThat(e.getMessage()).as(ctx).startsWith(SRC + ": at byte ");
            return e;
        } catch (Exception e) {
            throw new AssertionError(ctx + ": expected an NpyFormatException; got " + e, e);
        }
        throw new AssertionError(ctx + ": read without error; input " + HexFormat.of().formatHex(gz));
    }

    @Test
    void randomPayloadsReadBackExactly() throws IOException {
        long seed = 1701;
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int c = 0; c < 150; c++) {
            int n = switch (rnd.nextInt(4)) {
                case 0 -> rnd.nextInt(3);
                case 1 -> rnd.nextInt(1000);
                case 2 -> rnd.nextInt(100_000);
                default -> 100_000 + rnd.nextInt(400_000);
            };
            byte[] data = payload(rnd, n);
            int level = rnd.nextInt(10);
            assertThat(readAll(gzip(data, level), rnd)).as("seed %s case %s: %s bytes, level %s", seed, c, n, level)
                    .isEqualTo(data);
        }
    }

    @Test
    void concatenatedMembersReadAsTheConcatenation() throws IOException {
        long seed = 1702;
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int c = 0; c < 100; c++) {
            int members = 1 + rnd.nextInt(4);
            ByteArrayOutputStream plain = new ByteArrayOutputStream();
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            for (int m = 0; m < members; m++) {
                byte[] part = payload(rnd, rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(70_000));
                plain.writeBytes(part);
                gz.writeBytes(rnd.nextBoolean() ? gzip(part, rnd.nextInt(10))
                        : member(part, rnd.nextInt(32), new byte[rnd.nextInt(5)], "n" + m, "c", rnd.nextInt()));
            }
            assertThat(readAll(gz.toByteArray(), rnd)).as("seed %s case %s: %s members", seed, c, members)
                    .isEqualTo(plain.toByteArray());
        }
    }

    @Test
    void optionalHeaderFieldsAreSkippedAndTheHeaderCrcChecked() throws IOException {
        byte[] data = "optional fields".getBytes(StandardCharsets.US_ASCII);
        for (int flags = 0; flags < 32; flags++) {
            byte[] gz = member(data, flags, new byte[] {'A', 'B', 2, 0, 7, 9}, "name.npy", "a comment", 12345);
            assertThat(readAll(gz, new SplittableRandom(flags))).as("flags %s", flags).isEqualTo(data);
        }
        byte[] gz = member(data, 0x1e, new byte[3], "x", "y", 0);
        int hcrc = 10 + 2 + 3 + 2 + 2; // header, XLEN, extra, "x\0", "y\0"
        gz[hcrc] ^= 1;
        assertThat(failure(gz, "bad FHCRC").getMessage()).contains("at byte " + hcrc).contains("CRC-16")
                .contains("FHCRC");
    }

    @Test
    void badHeadersAreRefused() throws IOException {
        byte[] good = gzip("x".repeat(100).getBytes(), 6);
        byte[] cm = good.clone();
        cm[2] = 7;
        assertThat(failure(cm, "CM 7").getMessage()).contains("at byte 2").contains("compression method 7");
        for (int bit = 5; bit < 8; bit++) {
            byte[] r = good.clone();
            r[3] |= (byte) (1 << bit);
            assertThat(failure(r, "reserved bit " + bit).getMessage()).contains("at byte 3").contains("reserved");
        }
        byte[] magic = good.clone();
        magic[1] = (byte) 0x8c;
        assertThat(failure(magic, "magic").getMessage()).contains("at byte 0").contains("not a gzip file");
    }

    @Test
    void trailerDamageIsRefusedWithExpectedAndFoundValues() throws IOException {
        byte[] data = payload(new SplittableRandom(5), 5000);
        byte[] good = gzip(data, 6);
        CRC32 c = new CRC32();
        c.update(data);
        int at = good.length - 8;
        for (int k = 0; k < 8; k++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] bad = good.clone();
                bad[at + k] ^= (byte) (1 << bit);
                String msg = failure(bad, "trailer byte " + k + " bit " + bit).getMessage();
                if (k < 4) {
                    assertThat(msg).contains("at byte " + at)
                            .contains(String.format("CRC-32 of the data of gzip member 1 is 0x%08x", c.getValue()))
                            .contains("but its trailer says 0x");
                } else {
                    assertThat(msg).contains("at byte " + (at + 4)).contains("inflates to 5000 bytes")
                            .contains("trailer says ISIZE");
                }
            }
        }
    }

    @Test
    void anyTrailingByteIsRefused() throws IOException {
        long seed = 1703;
        SplittableRandom rnd = new SplittableRandom(seed);
        byte[] good = gzip(payload(rnd, 3000), 6);
        byte[] next = gzip(new byte[] {1, 2, 3}, 6);
        byte[][] junks = {
            {0}, new byte[4096], {0x1f}, {0x1f, (byte) 0x8b}, {0x1f, (byte) 0x8b, 8, 0, 0},
            Arrays.copyOf(next, next.length - 1), Arrays.copyOf(next, 12), "garbage".getBytes(),
        };
        for (byte[] junk : junks) {
            NpyFormatException e = failure(concat(good, junk), "junk " + HexFormat.of().formatHex(junk, 0,
                    Math.min(16, junk.length)));
            assertThat(e.getMessage()).contains("at byte " + good.length).containsAnyOf("after the end of gzip member 1",
                    "gzip member 2");
        }
        for (int c = 0; c < 200; c++) {
            byte[] junk = new byte[1 + rnd.nextInt(40)];
            rnd.nextBytes(junk);
            failure(concat(good, junk), "seed " + seed + " case " + c);
        }
        assertThat(failure(concat(good, new byte[8]), "zeros").getMessage()).contains("zero padding");
    }

    @Test
    void everyTruncationIsRefused() throws IOException {
        byte[] a = gzip(payload(new SplittableRandom(7), 2000), 6);
        byte[] b = member(new byte[] {9, 8, 7}, 0x1e, new byte[2], "n", "c", 0);
        byte[] two = concat(a, b);
        for (int cut = 0; cut < two.length; cut++) {
            if (cut == a.length) {
                continue; // a whole first member is a valid file
            }
            NpyFormatException e = failure(Arrays.copyOf(two, cut), "cut at " + cut);
            if (cut > 0) {
                assertThat(e.getMessage()).as("cut at %s", cut).contains("the file ends inside");
            }
        }
    }

    /**
     * The property the importer relies on: flip any bit of a gzip file and it either fails or reads back the
     * original data (a flip in MTIME, XFL, OS, FTEXT or in the unused bits of the last deflate byte).
     */
    @Test
    void noBitFlipReadsBackDifferentData() throws IOException {
        long seed = 1704;
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int c = 0; c < 6; c++) {
            byte[] data = payload(rnd, 50 + rnd.nextInt(400));
            byte[] gz = c % 2 == 0 ? gzip(data, rnd.nextInt(10))
                    : member(data, 0x1e, new byte[] {1, 2}, "file.npy", "c", rnd.nextInt());
            int failed = 0;
            for (int i = 0; i < gz.length * 8; i++) {
                byte[] bad = gz.clone();
                bad[i / 8] ^= (byte) (1 << (i % 8));
                byte[] got;
                try {
                    got = readAll(bad, rnd);
                } catch (NpyFormatException e) {
                    assertThat(e.getMessage()).startsWith(SRC + ": at byte ");
                    failed++;
                    continue;
                } catch (Exception e) {
                    throw new AssertionError("seed " + seed + " case " + c + " byte " + i / 8 + " bit " + i % 8
                            + ": expected an NpyFormatException; got " + e, e);
                }
                assertThat(got).as("seed %s case %s: byte %s bit %s read without error", seed, c, i / 8, i % 8)
                        .isEqualTo(data);
            }
            // only header bits that change nothing (and the last deflate byte's unused bits) may get through
            int headerBytes = c % 2 == 0 ? 10 : 10 + 4 + 9 + 2 + 2;
            assertThat(gz.length * 8 - failed).as("case %s: flips read back unchanged", c)
                    .isLessThanOrEqualTo(headerBytes * 8 + 8);
        }
    }

    @Test
    void emptyInputIsRefused() {
        assertThatThrownBy(() -> new StrictGzipInputStream(new ByteArrayInputStream(new byte[0]), SRC, 64))
                .isInstanceOf(NpyFormatException.class).hasMessageContaining(SRC).hasMessageContaining("magic");
    }
}
