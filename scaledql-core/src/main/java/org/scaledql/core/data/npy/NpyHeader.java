package org.scaledql.core.data.npy;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The header of a {@code .npy} array: element type, byte order, shape (always C order: Fortran order is
 * rejected when parsing) and where the data starts.
 *
 * @param majorVersion format version, 1, 2 or 3
 * @param dtype        element type
 * @param order        byte order of multi-byte elements ({@code LITTLE_ENDIAN} for one-byte types)
 * @param shape        array shape; empty for a 0-d array, which holds one element
 * @param dataOffset   bytes from the start of the file to the first data byte
 */
public record NpyHeader(int majorVersion, NpyDtype dtype, ByteOrder order, long[] shape, long dataOffset) {

    /** The magic string at the start of every {@code .npy} file. */
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    /**
     * Validates and copies the shape.
     *
     * @param majorVersion format version, 1, 2 or 3
     * @param dtype        element type
     * @param order        byte order of multi-byte elements ({@code LITTLE_ENDIAN} for one-byte types)
     * @param shape        array shape; empty for a 0-d array, which holds one element
     * @param dataOffset   bytes from the start of the file to the first data byte
     */
    public NpyHeader {
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(order, "order");
        shape = shape.clone();
        checkArgument(majorVersion >= 1 && majorVersion <= 3, "npy version must be 1, 2 or 3; got %s", majorVersion);
        for (long d : shape) {
            checkArgument(d >= 0, "npy shape sizes must be >= 0; got %s", Arrays.toString(shape));
        }
        Math.multiplyExact(elementCount(shape), (long) dtype.itemSize()); // byte count must fit a long
    }

    /**
     * {@return a little-endian header for a new array, version 1.0}
     *
     * @param dtype element type
     * @param shape array shape; empty for a 0-d array, which holds one element
     */
    public static NpyHeader of(NpyDtype dtype, long... shape) {
        return new NpyHeader(1, dtype, ByteOrder.LITTLE_ENDIAN, shape, -1);
    }

    /** {@return array shape; empty for a 0-d array, which holds one element} */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** {@return number of elements: the product of the shape (1 for a 0-d array)} */
    public long elementCount() {
        return elementCount(shape);
    }

    /** {@return number of data bytes: elements times item size} */
    public long dataBytes() {
        return Math.multiplyExact(elementCount(), (long) dtype.itemSize());
    }

    /** {@return the {@code descr} string, e.g. {@code "<f4"} or {@code "|u1"}} */
    public String descr() {
        char o = dtype.itemSize() == 1 ? '|' : (order == ByteOrder.LITTLE_ENDIAN ? '<' : '>');
        return o + dtype.code();
    }

    /** {@return the Python dict literal numpy writes, without padding} */
    public String dictLiteral() {
        StringBuilder s = new StringBuilder("{'descr': '").append(descr()).append("', 'fortran_order': False, 'shape': (");
        if (shape.length == 1) {
            s.append(shape[0]).append(',');
        } else {
            for (int i = 0; i < shape.length; i++) {
                s.append(i > 0 ? ", " : "").append(shape[i]);
            }
        }
        return s.append("), }").toString();
    }

    /**
     * Encodes the full preamble and header: magic, version, length and the dict padded with spaces and a
     * newline so the total is a multiple of 64 and at least {@code minTotalBytes} (a writer that patches the
     * shape later reserves room this way).
     *
     * @param minTotalBytes the least size of the result
     * @return the bytes
     */
    public byte[] encode(int minTotalBytes) {
        byte[] dict = dictLiteral().getBytes(majorVersion == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        int pre = majorVersion == 1 ? 10 : 12;
        int total = Math.max(minTotalBytes, pre + dict.length + 1);
        total = (total + 63) / 64 * 64;
        int headerLen = total - pre;
        checkArgument(majorVersion != 1 || headerLen <= 0xFFFF,
                "npy version 1.0 headers hold at most 65535 bytes; need %s (use version 2)", headerLen);
        byte[] out = new byte[total];
        System.arraycopy(MAGIC, 0, out, 0, 6);
        out[6] = (byte) majorVersion;
        out[7] = 0;
        out[8] = (byte) headerLen;
        out[9] = (byte) (headerLen >>> 8);
        if (pre == 12) {
            out[10] = (byte) (headerLen >>> 16);
            out[11] = (byte) (headerLen >>> 24);
        }
        System.arraycopy(dict, 0, out, pre, dict.length);
        Arrays.fill(out, pre + dict.length, total - 1, (byte) ' ');
        out[total - 1] = '\n';
        return out;
    }

    private static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyHeader h && h.majorVersion == majorVersion && h.dtype == dtype && h.order.equals(order)
                && Arrays.equals(h.shape, shape) && h.dataOffset == dataOffset;
    }

    @Override
    public int hashCode() {
        return Objects.hash(majorVersion, dtype, order, Arrays.hashCode(shape), dataOffset);
    }

    @Override
    public String toString() {
        return "NpyHeader[v" + majorVersion + ".0, " + descr() + ", shape=" + Arrays.toString(shape)
                + ", dataOffset=" + dataOffset + "]";
    }
}
