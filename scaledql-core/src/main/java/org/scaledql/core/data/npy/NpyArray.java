package org.scaledql.core.data.npy;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A whole {@code .npy} array in memory (for small arrays: counters, index ranges, test fixtures; at most
 * 2 GB). Large arrays are streamed with {@link NpyReader}.
 *
 * @param header the array's header
 * @param data   the raw data bytes in the header's byte order (read-only view)
 */
public record NpyArray(NpyHeader header, ByteBuffer data) {

    /**
     * Validates that the data length matches the shape.
     *
     * @param header the array's header
     * @param data   the raw data bytes in the header's byte order (read-only view)
     */
    public NpyArray {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(data, "data");
        checkArgument(data.remaining() == header.dataBytes(), "array data has %s bytes but shape %s of %s needs %s",
                data.remaining(), java.util.Arrays.toString(header.shape()), header.descr(), header.dataBytes());
        data = data.slice().order(header.order()).asReadOnlyBuffer().order(header.order());
    }

    /**
     * Reads a whole file (plain or gzip).
     *
     * @param file the file
     * @return the array
     * @throws IOException if reading or writing fails
     */
    public static NpyArray read(Path file) throws IOException {
        try (NpyReader r = NpyReader.open(file)) {
            return readRest(r);
        }
    }

    /**
     * Reads the rest of an open reader (which must be at the first element) and checks that the stream ends.
     *
     * @param r the reader
     * @return the array
     * @throws IOException if reading or writing fails
     */
    public static NpyArray readRest(NpyReader r) throws IOException {
        long bytes = r.header().dataBytes();
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new NpyFormatException(r.source() + ": array of " + bytes + " bytes is too large to load whole;"
                    + " stream it with NpyReader");
        }
        long n = r.header().elementCount();
        // Grow the buffer as data arrives, so a header that lies about the shape cannot make us allocate
        // gigabytes before the stream runs out.
        Grower g = new Grower((int) bytes);
        int item = r.header().dtype().itemSize();
        if (item == 1) {
            byte[] chunk = new byte[(int) Math.min(n, 1 << 16)];
            for (long done = 0; done < n; ) {
                int k = (int) Math.min(n - done, chunk.length);
                r.readBytes(chunk, 0, k);
                g.ensure(k).put(chunk, 0, k);
                done += k;
            }
        } else {
            int m = (int) Math.min(n, 1 << 13);
            int[] ints = new int[m];
            long[] longs = new long[m];
            float[] floats = new float[m];
            double[] doubles = new double[m];
            for (long done = 0; done < n; ) {
                int k = (int) Math.min(n - done, m);
                ByteBuffer b = g.ensure(k * item).order(r.header().order());
                switch (r.header().dtype()) {
                    case I4 -> {
                        r.readInts(ints, 0, k);
                        b.asIntBuffer().put(ints, 0, k);
                    }
                    case I8 -> {
                        r.readLongs(longs, 0, k);
                        b.asLongBuffer().put(longs, 0, k);
                    }
                    case F4 -> {
                        r.readFloats(floats, 0, k);
                        b.asFloatBuffer().put(floats, 0, k);
                    }
                    case F8 -> {
                        r.readAsDoubles(doubles, 0, k);
                        b.asDoubleBuffer().put(doubles, 0, k);
                    }
                    default -> throw new AssertionError(r.header().dtype());
                }
                b.position(b.position() + k * item);
                done += k;
            }
        }
        r.verifyRest(); // reading all elements already did, except for an empty array
        ByteBuffer b = g.buf;
        b.flip();
        return new NpyArray(r.header(), b);
    }

    /** A heap buffer that doubles up to a known final size. */
    private static final class Grower {
        private final int target;
        private ByteBuffer buf;

        Grower(int target) {
            this.target = target;
            this.buf = ByteBuffer.allocate(Math.min(target, 1 << 20));
        }

        ByteBuffer ensure(int more) {
            if (buf.remaining() < more) {
                int cap = (int) Math.min(target, Math.max((long) buf.capacity() * 2, (long) buf.position() + more));
                ByteBuffer bigger = ByteBuffer.allocate(cap);
                buf.flip();
                bigger.put(buf);
                buf = bigger;
            }
            return buf;
        }
    }

    /** {@return number of elements} */
    public long size() {
        return header.elementCount();
    }

    /**
     * Element {@code i} (C order) as a double.
     *
     * @param i the element index
     * @return the element
     */
    public double getDouble(long i) {
        int idx = Math.toIntExact(i);
        return switch (header.dtype()) {
            case U1, B1 -> data.get(idx) & 0xff;
            case I1 -> data.get(idx);
            case I4 -> data.getInt(idx * 4);
            case I8 -> data.getLong(idx * 8);
            case F4 -> data.getFloat(idx * 4);
            case F8 -> data.getDouble(idx * 8);
        };
    }

    /**
     * Element {@code i} (C order) of an integer or bool array as a long.
     *
     * @param i the element index
     * @return the element
     */
    public long getLong(long i) {
        checkArgument(!header.dtype().isFloatingPoint(), "array is %s; getLong needs an integer type", header.descr());
        if (header.dtype() == NpyDtype.I8) {
            return data.getLong(Math.toIntExact(i) * 8);
        }
        return (long) getDouble(i);
    }
}
