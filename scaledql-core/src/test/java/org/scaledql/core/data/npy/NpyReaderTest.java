package org.scaledql.core.data.npy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Round trips through numpy-written fixtures (scripts/reference/npy_fixtures.py) and our own writer. */
class NpyReaderTest {

    private static final String RES = "/org/scaledql/core/data/npy/";

    @TempDir
    Path tmp;

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = NpyReaderTest.class.getResourceAsStream(RES + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void readsEveryNumpyFixtureExactly() throws IOException {
        JsonNode arrays = new ObjectMapper().readTree(resource("expected.json")).get("arrays");
        int seen = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = arrays.fields(); it.hasNext(); seen++) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode exp = e.getValue();
            try (NpyReader r = NpyReader.open(new ByteArrayInputStream(resource(e.getKey())), e.getKey())) {
                NpyHeader h = r.header();
                assertThat(h.descr()).as(e.getKey()).isEqualTo(exp.get("descr").asText());
                assertThat(h.majorVersion()).as(e.getKey()).isEqualTo(exp.get("version").asInt());
                long[] shape = new long[exp.get("shape").size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = exp.get("shape").get(i).asLong();
                }
                assertThat(h.shape()).as(e.getKey()).containsExactly(shape);
                double[] got = new double[(int) h.elementCount()];
                r.readAsDoubles(got, 0, got.length);
                assertThat(r.remaining()).isZero();
                for (int i = 0; i < got.length; i++) {
                    assertThat(got[i]).as("%s[%s]", e.getKey(), i).isEqualTo(exp.get("values").get(i).asDouble());
                }
            }
        }
        assertThat(seen).isGreaterThanOrEqualTo(15);
    }

    @Test
    void typedReadsMatchGenericReads() throws IOException {
        try (NpyReader r = NpyReader.open(new ByteArrayInputStream(resource("a_be_i8_v1.npy")), "be_i8")) {
            long[] v = new long[24];
            r.readLongs(v, 0, 24);
            assertThat(v[0]).isEqualTo(-5000L * 1_000_003L);
            assertThat(v[23]).isEqualTo((23L * 7919 - 5000) * 1_000_003L);
        }
        try (NpyReader r = NpyReader.open(new ByteArrayInputStream(resource("gz_le_i4.npy.gz")), "gz")) {
            int[] v = new int[7];
            r.readInts(v, 0, 7);
            assertThat(v).containsExactly(-5000, 2919, 10838, 18757, 26676, 34595, 42514);
        }
    }

    @Test
    void writerRoundTripsEveryTypeOrderVersionAndGzip() throws IOException {
        Random rnd = new Random(7);
        for (NpyDtype t : NpyDtype.values()) {
            for (ByteOrder o : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
                for (int version = 1; version <= 3; version++) {
                    for (boolean gz : new boolean[] {false, true}) {
                        int n = 1 + rnd.nextInt(40_000);
                        NpyHeader h = new NpyHeader(version, t, o, new long[] {n}, -1);
                        Path f = tmp.resolve(t + "-" + o + "-" + version + "-" + gz + ".npy");
                        double[] vals = new double[n];
                        try (NpyWriter w = NpyWriter.create(f, h, gz)) {
                            for (int i = 0; i < n; i++) {
                                vals[i] = switch (t) {
                                    case U1 -> rnd.nextInt(256);
                                    case I1 -> rnd.nextInt(256) - 128;
                                    case B1 -> rnd.nextInt(2);
                                    case I4 -> rnd.nextInt();
                                    case I8 -> rnd.nextInt() * 1000L;
                                    case F4 -> (float) rnd.nextGaussian();
                                    case F8 -> rnd.nextGaussian();
                                };
                            }
                            switch (t) {
                                case U1, I1, B1 -> {
                                    byte[] b = new byte[n];
                                    for (int i = 0; i < n; i++) {
                                        b[i] = (byte) (int) vals[i];
                                    }
                                    w.writeBytes(b, 0, n);
                                }
                                case I4 -> w.writeInts(java.util.Arrays.stream(vals).mapToInt(v -> (int) v).toArray(), 0, n);
                                case I8 -> w.writeLongs(java.util.Arrays.stream(vals).mapToLong(v -> (long) v).toArray(), 0, n);
                                case F4 -> {
                                    float[] fl = new float[n];
                                    for (int i = 0; i < n; i++) {
                                        fl[i] = (float) vals[i];
                                    }
                                    w.writeFloats(fl, 0, n);
                                }
                                case F8 -> w.writeDoubles(vals, 0, n);
                            }
                        }
                        byte[] raw = Files.readAllBytes(f);
                        if (!gz) {
                            int pre = version == 1 ? 10 : 12;
                            assertThat(raw.length - h.dataBytes()).as("header is 64-aligned").isEqualTo(
                                    (raw.length - h.dataBytes()) / 64 * 64).isGreaterThan(pre);
                        }
                        NpyArray a = NpyArray.read(f);
                        assertThat(a.header().dtype()).isEqualTo(t);
                        assertThat(a.header().majorVersion()).isEqualTo(version);
                        for (int i = 0; i < n; i++) {
                            double want = t == NpyDtype.U1 ? ((int) vals[i] & 0xff) : vals[i];
                            if (a.getDouble(i) != want) {
                                throw new AssertionError(f + "[" + i + "]: " + a.getDouble(i) + " != " + want);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void refusesFortranOrderAndPickledObjects() {
        assertThatThrownBy(() -> NpyReader.open(new ByteArrayInputStream(resource("bad_fortran.npy")), "bad_fortran.npy"))
                .isInstanceOf(NpyFormatException.class).hasMessageContaining("bad_fortran.npy")
                .hasMessageContaining("fortran_order");
        assertThatThrownBy(() -> NpyReader.open(new ByteArrayInputStream(resource("bad_object.npy")), "bad_object.npy"))
                .isInstanceOf(NpyFormatException.class).hasMessageContaining("bad_object.npy")
                .hasMessageContaining("'|O'").hasMessageContaining("object");
    }

    @Test
    void badMagicNamesTheFile() {
        byte[] b = "NOTNUMPY and some more bytes".getBytes();
        assertThatThrownBy(() -> NpyReader.open(new ByteArrayInputStream(b), "x.npy"))
                .isInstanceOf(NpyFormatException.class).hasMessageContaining("x.npy").hasMessageContaining("magic");
    }

    @Test
    void truncatedGzipIsAFormatErrorNamingTheFile() throws IOException {
        byte[] plain = resource("a_le_f8_v1.npy");
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(bo)) {
            g.write(plain);
        }
        byte[] gz = bo.toByteArray();
        for (int cut : new int[] {5, 20, gz.length / 2, gz.length - 4}) {
            byte[] t = java.util.Arrays.copyOf(gz, cut);
            assertThatThrownBy(() -> {
                try (NpyReader r = NpyReader.open(new ByteArrayInputStream(t), "cut.npy.gz")) {
                    r.readAsDoubles(new double[24], 0, 24);
                }
            }).as("cut at %s", cut).isInstanceOf(NpyFormatException.class).hasMessageContaining("cut.npy.gz");
        }
    }

    private static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(bo)) {
            g.write(plain);
        }
        return bo.toByteArray();
    }

    @Test
    void verifyRestChecksTheTrailerOfAPartlyReadGzipFile() throws IOException {
        byte[] gz = gzip(resource("a_le_f8_v1.npy"));
        for (int k = 0; k < 8; k++) {
            byte[] bad = gz.clone();
            bad[gz.length - 8 + k] ^= 0x10;
            try (NpyReader r = NpyReader.open(new ByteArrayInputStream(bad), "bad.npy.gz")) {
                r.readAsDoubles(new double[3], 0, 3); // the data itself inflates fine
                assertThatThrownBy(r::verifyRest).as("trailer byte %s", k).isInstanceOf(NpyFormatException.class)
                        .hasMessageContaining("bad.npy.gz").hasMessageContaining("at byte " + (gz.length - 8 + k / 4 * 4))
                        .hasMessageContaining(k < 4 ? "CRC-32" : "ISIZE");
            }
            // closing a part-read reader checks nothing, so it cannot mask an earlier error
            try (NpyReader r = NpyReader.open(new ByteArrayInputStream(bad), "bad.npy.gz")) {
                r.readAsDoubles(new double[3], 0, 3);
            }
        }
        try (NpyReader r = NpyReader.open(new ByteArrayInputStream(gz), "good.npy.gz")) {
            r.skip(5);
            r.verifyRest();
            assertThat(r.remaining()).isZero();
            r.verifyRest(); // idempotent
        }
        // numpy's own fixture (Python's gzip sets FNAME) verifies too
        try (NpyReader r = NpyReader.open(new ByteArrayInputStream(resource("gz_le_i4.npy.gz")), "py.npy.gz")) {
            r.verifyRest();
        }
    }

    @Test
    void bytesAfterTheLastGzipMemberAreRefused() throws IOException {
        byte[] gz = gzip(resource("a_le_f8_v1.npy"));
        byte[][] junks = {{0}, {0x1f, (byte) 0x8b}, "junk".getBytes(), gzip(new byte[] {1})};
        for (byte[] junk : junks) {
            byte[] bad = java.util.Arrays.copyOf(gz, gz.length + junk.length);
            System.arraycopy(junk, 0, bad, gz.length, junk.length);
            assertThatThrownBy(() -> {
                try (NpyReader r = NpyReader.open(new ByteArrayInputStream(bad), "junk.npy.gz")) {
                    r.readAsDoubles(new double[24], 0, 24);
                }
            }).as("junk %s", java.util.Arrays.toString(junk)).isInstanceOf(NpyFormatException.class)
                    .hasMessageContaining("junk.npy.gz");
        }
        // an empty array has no data to read to its end: NpyArray checks the end anyway
        byte[] empty = gzip(resource("a_na_u1_v1_empty.npy"));
        byte[] bad = java.util.Arrays.copyOf(empty, empty.length + 3);
        assertThatThrownBy(() -> {
            try (NpyReader r = NpyReader.open(new ByteArrayInputStream(bad), "empty.npy.gz")) {
                NpyArray.readRest(r);
            }
        }).isInstanceOf(NpyFormatException.class).hasMessageContaining("empty.npy.gz")
                .hasMessageContaining("after the end of gzip member 1");
    }

    @Test
    void twoGzipMembersReadAsOneArray() throws IOException {
        byte[] plain = resource("a_le_f8_v1.npy");
        for (int cut = 0; cut <= plain.length; cut += 7) {
            ByteArrayOutputStream bo = new ByteArrayOutputStream();
            bo.writeBytes(gzip(java.util.Arrays.copyOf(plain, cut)));
            bo.writeBytes(gzip(java.util.Arrays.copyOfRange(plain, cut, plain.length)));
            NpyArray two;
            try (NpyReader r = NpyReader.open(new ByteArrayInputStream(bo.toByteArray()), "two.npy.gz")) {
                two = NpyArray.readRest(r);
            }
            try (NpyReader r = NpyReader.open(new ByteArrayInputStream(plain), "one.npy")) {
                assertThat(two.data()).as("cut at %s", cut).isEqualTo(NpyArray.readRest(r).data());
            }
        }
    }

    @Test
    void truncatedDataSaysHowManyBytesWereExpected() throws IOException {
        byte[] plain = resource("a_le_i4_v1.npy");
        byte[] t = java.util.Arrays.copyOf(plain, plain.length - 3);
        assertThatThrownBy(() -> {
            try (NpyReader r = NpyReader.open(new ByteArrayInputStream(t), "short.npy")) {
                r.readInts(new int[24], 0, 24);
            }
        }).isInstanceOf(NpyFormatException.class).hasMessageContaining("short.npy").hasMessageContaining("96 data bytes");
    }

    @Test
    void wrongTypedReadIsRefused() throws IOException {
        try (NpyReader r = NpyReader.open(new ByteArrayInputStream(resource("a_le_f4_v1.npy")), "f.npy")) {
            assertThatThrownBy(() -> r.readInts(new int[1], 0, 1)).isInstanceOf(NpyFormatException.class)
                    .hasMessageContaining("'<f4'").hasMessageContaining("expected i4");
        }
    }

    @Test
    void malformedHeadersAreRefused() {
        String[] bad = {
            "{'descr': '<f4', 'fortran_order': False}",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (3), }",
            "{'descr': '<f4', 'fortran_order': Maybe, 'shape': (3,), }",
            "{'descr': '<c8', 'fortran_order': False, 'shape': (3,), }",
            "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (3,), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (-3,), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), 'extra': 1}",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999, 99999999999), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), } trailing",
            "{'descr': 'f4', 'fortran_order': False, 'shape': (3,), }",
            "{'descr': '|i4', 'fortran_order': False, 'shape': (3,), }",
        };
        for (String s : bad) {
            assertThatThrownBy(() -> NpyHeaderParser.parseDict(s, 1, 128, "h.npy")).as(s)
                    .isInstanceOf(NpyFormatException.class).hasMessageContaining("h.npy");
        }
    }
}
