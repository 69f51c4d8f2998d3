package org.scaledql.core.data.npy;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Streams the elements of one {@code .npy} array, plain or gzip-compressed (detected by the gzip magic
 * bytes), in chunks: an array of any size (e.g. a 7 GB DQN-Replay observation dump) is read with a
 * constant-size buffer. Elements come in C order; typed reads convert from the file's byte order.
 *
 * <p>Every format problem, including a truncated or corrupt gzip stream, is an {@link NpyFormatException}
 * that names the source. Gzip is read strictly (every member's CRC-32 and length, nothing after the last
 * member), but a trailer is only reached by reading to the end: a caller that stops early and needs to know the
 * whole file is intact calls {@link #verifyRest()}.
 */
public final class NpyReader implements Closeable {

    private static final int CHUNK = 1 << 16;

    private final InputStream in;
    private final String source;
    private final NpyHeader header;
    private final byte[] scratch = new byte[CHUNK];
    private long elementsRead;
    private long bytesRead;
    private boolean ended;

    private NpyReader(InputStream in, String source, NpyHeader header) {
        this.in = in;
        this.source = source;
        this.header = header;
    }

    /**
     * Opens a file, plain or gzip.
     *
     * @param file the file
     * @return the reader
     * @throws IOException if reading or writing fails
     */
    public static NpyReader open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        try {
            return open(raw, file.toString());
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /**
     * Reads the header from a stream, plain or gzip; the reader owns the stream from here on (it is closed
     * if the header cannot be read).
     *
     * @param raw    the stream
     * @param source name used in error messages
     * @return the reader
     * @throws IOException if reading or writing fails
     */
    public static NpyReader open(InputStream raw, String source) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(raw, CHUNK);
        InputStream in = buffered;
        try {
            buffered.mark(2);
            int b0 = buffered.read();
            int b1 = buffered.read();
            buffered.reset();
            if (b0 == 0x1f && b1 == 0x8b) {
                in = new StrictGzipInputStream(buffered, source, CHUNK);
            }
            return new NpyReader(in, source, NpyHeaderParser.read(in, source));
        } catch (IOException | RuntimeException e) {
            try {
                in.close(); // frees the inflater too
            } catch (IOException c) {
                e.addSuppressed(c);
            }
            throw e;
        }
    }

    /** {@return the array's header} */
    public NpyHeader header() {
        return header;
    }

    /** {@return the name used in error messages} */
    public String source() {
        return source;
    }

    /**
     * Elements not yet read.
     *
     * @return the count
     */
    public long remaining() {
        return header.elementCount() - elementsRead;
    }

    /**
     * Elements read or skipped so far.
     *
     * @return the count
     */
    public long position() {
        return elementsRead;
    }

    /**
     * Reads {@code n} elements of a one-byte type ({@code u1}, {@code i1}, {@code b1}) as raw bytes.
     *
     * @param dst the destination
     * @param off where to start in {@code dst}
     * @param n   the number of elements
     * @throws IOException if reading or writing fails
     */
    public void readBytes(byte[] dst, int off, int n) throws IOException {
        require(n, header.dtype().itemSize() == 1, "a one-byte type (u1, i1, b1)");
        fill(dst, off, n);
        elementsRead += n;
    }

    /**
     * Reads {@code n} {@code i4} elements.
     *
     * @param dst the destination
     * @param off where to start in {@code dst}
     * @param n   the number of elements
     * @throws IOException if reading or writing fails
     */
    public void readInts(int[] dst, int off, int n) throws IOException {
        require(n, header.dtype() == NpyDtype.I4, "i4");
        readChunks(off, n, 4, (bb, at, k) -> bb.asIntBuffer().get(dst, at, k));
    }

    /**
     * Reads {@code n} {@code i8} elements.
     *
     * @param dst the destination
     * @param off where to start in {@code dst}
     * @param n   the number of elements
     * @throws IOException if reading or writing fails
     */
    public void readLongs(long[] dst, int off, int n) throws IOException {
        require(n, header.dtype() == NpyDtype.I8, "i8");
        readChunks(off, n, 8, (bb, at, k) -> bb.asLongBuffer().get(dst, at, k));
    }

    /**
     * Reads {@code n} {@code f4} elements.
     *
     * @param dst the destination
     * @param off where to start in {@code dst}
     * @param n   the number of elements
     * @throws IOException if reading or writing fails
     */
    public void readFloats(float[] dst, int off, int n) throws IOException {
        require(n, header.dtype() == NpyDtype.F4, "f4");
        readChunks(off, n, 4, (bb, at, k) -> bb.asFloatBuffer().get(dst, at, k));
    }

    /** Decodes {@code k} elements from a chunk into the caller's array at {@code at}. */
    @FunctionalInterface
    private interface ChunkDecoder {
        void decode(ByteBuffer chunk, int at, int k);
    }

    /** Streams {@code n} elements of {@code itemSize} bytes through the scratch buffer, chunk by chunk. */
    private void readChunks(int off, int n, int itemSize, ChunkDecoder decoder) throws IOException {
        int done = 0;
        while (done < n) {
            int k = Math.min(n - done, CHUNK / itemSize);
            fill(scratch, 0, k * itemSize);
            decoder.decode(ByteBuffer.wrap(scratch, 0, k * itemSize).order(header.order()), off + done, k);
            done += k;
            elementsRead += k;
        }
    }

    /**
     * Reads {@code n} elements of any supported type, converted to double (uint8 as 0..255, bool as 0/1).
     *
     * @param dst the destination
     * @param off where to start in {@code dst}
     * @param n   the number of elements
     * @throws IOException if reading or writing fails
     */
    public void readAsDoubles(double[] dst, int off, int n) throws IOException {
        require(n, true, "any type");
        int size = header.dtype().itemSize();
        int done = 0;
        while (done < n) {
            int k = Math.min(n - done, CHUNK / size);
            fill(scratch, 0, k * size);
            ByteBuffer b = ByteBuffer.wrap(scratch, 0, k * size).order(header.order());
            for (int i = 0; i < k; i++) {
                dst[off + done + i] = switch (header.dtype()) {
                    case U1, B1 -> b.get(i) & 0xff;
                    case I1 -> b.get(i);
                    case I4 -> b.getInt(i * 4);
                    case I8 -> b.getLong(i * 8);
                    case F4 -> b.getFloat(i * 4);
                    case F8 -> b.getDouble(i * 8);
                };
            }
            done += k;
            elementsRead += k;
        }
    }

    /**
     * Skips {@code n} elements (decompressing them if the file is gzip).
     *
     * @param n the number of elements
     * @throws IOException if reading or writing fails
     */
    public void skip(long n) throws IOException {
        if (n < 0 || n > remaining()) {
            throw new IllegalArgumentException("cannot skip " + n + " elements of " + source + "; "
                    + remaining() + " remain");
        }
        long bytes = n * header.dtype().itemSize();
        while (bytes > 0) {
            int k = (int) Math.min(bytes, CHUNK);
            fill(scratch, 0, k);
            bytes -= k;
        }
        elementsRead += n;
    }

    /**
     * Reads and discards the elements not read yet, then checks that the stream ends right after the data; for
     * gzip this inflates the rest of the file and checks every member's CRC-32 and ISIZE and that no byte
     * follows the last member. Streaming, so constant memory; a no-op once the end has been checked. Call it
     * where a file read only in part (some rows, or a skip to the last row) must still be intact as a whole;
     * {@link #close()} does not do it, so that closing after an error neither hides the error nor inflates
     * gigabytes for nothing.
     *
     * @throws NpyFormatException if the rest of the file is truncated, corrupt or followed by extra bytes
     */
    public void verifyRest() throws IOException {
        skip(remaining());
        if (!ended) {
            verifyEnd();
        }
    }

    private void require(int n, boolean typeOk, String expected) throws NpyFormatException {
        if (!typeOk) {
            throw new NpyFormatException(source + ": descr is '" + header.descr() + "'; expected " + expected);
        }
        if (n < 0 || n > remaining()) {
            throw new IllegalArgumentException("cannot read " + n + " elements of " + source + "; " + remaining()
                    + " remain");
        }
    }

    private void fill(byte[] dst, int off, int len) throws IOException {
        int done = 0;
        while (done < len) {
            int r = in.read(dst, off + done, len - done);
            if (r < 0) {
                long at = header.dataOffset() + bytesRead + done;
                throw new NpyFormatException(source + ": data ends at byte " + at + " but the header's shape "
                        + java.util.Arrays.toString(header.shape()) + " needs " + header.dataBytes()
                        + " data bytes (truncated file?)");
            }
            done += r;
        }
        bytesRead += len;
        if (bytesRead == header.dataBytes()) {
            verifyEnd();
        }
    }

    /** At the end of the data: the stream must end too (this also makes gzip check its trailers). */
    private void verifyEnd() throws IOException {
        ended = true;
        if (in.read() >= 0) {
            throw new NpyFormatException(source + ": unexpected bytes after the " + header.dataBytes()
                    + " data bytes that shape " + java.util.Arrays.toString(header.shape()) + " needs");
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
