package org.scaledql.core.data.npy;

import java.io.ByteArrayInputStream;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of the header parser and the whole-array reader: mutated headers (byte flips, insertions,
 * deletions, truncations, forged lengths and shapes) must either parse or fail with {@link NpyFormatException};
 * never another exception type, never a hang, never a huge allocation (a forged shape reads only what the
 * stream holds).
 */
class NpyHeaderFuzzTest {

    private static final int CASES = 20_000;

    @Test
    void mutatedHeadersParseOrFailCleanly() throws Exception {
        long seed = 20240611L;
        SplittableRandom rnd = new SplittableRandom(seed);
        byte[][] bases = {
            withData(new NpyHeader(1, NpyDtype.U1, ByteOrder.LITTLE_ENDIAN, new long[] {3, 4}, -1).encode(0), 12),
            withData(new NpyHeader(2, NpyDtype.F4, ByteOrder.BIG_ENDIAN, new long[] {5}, -1).encode(0), 20),
            withData(new NpyHeader(3, NpyDtype.I8, ByteOrder.LITTLE_ENDIAN, new long[] {}, -1).encode(128), 8),
        };
        for (int c = 0; c < CASES; c++) {
            byte[] base = bases[rnd.nextInt(bases.length)];
            byte[] m = mutate(base, rnd);
            try {
                try (NpyReader r = NpyReader.open(new ByteArrayInputStream(m), "fuzz")) {
                    NpyArray.readRest(r);
                }
            } catch (NpyFormatException expected) {
                // fine: a clear refusal
            } catch (Throwable t) {
                throw new AssertionError("seed " + seed + " case " + c + " input " + HexFormat.of().formatHex(m)
                        + " threw " + t, t);
            }
        }
    }

    private static byte[] withData(byte[] header, int dataBytes) {
        byte[] out = Arrays.copyOf(header, header.length + dataBytes);
        for (int i = header.length; i < out.length; i++) {
            out[i] = (byte) i;
        }
        return out;
    }

    private static byte[] mutate(byte[] base, SplittableRandom rnd) {
        byte[] m = base.clone();
        int ops = 1 + rnd.nextInt(4);
        for (int o = 0; o < ops; o++) {
            switch (rnd.nextInt(7)) {
                case 0 -> {
                    if (m.length > 0) {
                        m[rnd.nextInt(m.length)] = (byte) rnd.nextInt(256);
                    }
                }
                case 1 -> m = Arrays.copyOf(m, rnd.nextInt(m.length + 1));
                case 2 -> { // insert a byte
                    int at = rnd.nextInt(m.length + 1);
                    byte[] n = new byte[m.length + 1];
                    System.arraycopy(m, 0, n, 0, at);
                    n[at] = (byte) "(),:'{} 0123456789TrueFalse<>|".charAt(rnd.nextInt(30));
                    System.arraycopy(m, at, n, at + 1, m.length - at);
                    m = n;
                }
                case 3 -> { // delete a byte
                    if (m.length > 1) {
                        int at = rnd.nextInt(m.length);
                        byte[] n = new byte[m.length - 1];
                        System.arraycopy(m, 0, n, 0, at);
                        System.arraycopy(m, at + 1, n, at, m.length - at - 1);
                        m = n;
                    }
                }
                case 4 -> { // forge the length field
                    if (m.length > 11) {
                        m[8 + rnd.nextInt(4)] = (byte) rnd.nextInt(256);
                    }
                }
                case 5 -> { // forge a big shape size
                    String s = new String(m, java.nio.charset.StandardCharsets.ISO_8859_1);
                    int at = s.indexOf('(');
                    if (at > 0) {
                        String big = Long.toString(rnd.nextLong(1, Long.MAX_VALUE) >>> rnd.nextInt(60));
                        s = s.substring(0, at + 1) + big + s.substring(at + 1);
                        m = s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                    }
                }
                default -> {
                    if (m.length > 6) {
                        m[6] = (byte) rnd.nextInt(5);
                    }
                }
            }
        }
        return m;
    }
}
