package org.scaledql.core.data.npy;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPOutputStream;

/**
 * Streams one {@code .npy} array whose shape is known up front, optionally gzip-compressed (as DQN-Replay's
 * files are). Writing to a path is atomic: data goes to a temporary file in the same directory, renamed on
 * {@link #close()}; {@link #abort()} deletes it. {@code close()} fails if fewer elements were written than
 * the shape holds.
 */
public final class NpyWriter implements Closeable {

    private static final int CHUNK = 1 << 16;

    private final OutputStream out;
    private final NpyHeader header;
    private final Path target;
    private final Path temp;
    private final byte[] scratch = new byte[CHUNK];
    private long written;
    private boolean closed;

    private NpyWriter(OutputStream out, NpyHeader header, Path target, Path temp) throws IOException {
        this.out = out;
        this.header = header;
        this.target = target;
        this.temp = temp;
        out.write(header.encode(0));
    }

    /**
     * Writes an array to {@code file} atomically, gzip-compressed when {@code gzip}.
     *
     * @param file   the destination
     * @param header the array's header
     * @param gzip   whether to compress
     * @return the writer
     * @throws IOException if reading or writing fails
     */
    public static NpyWriter create(Path file, NpyHeader header, boolean gzip) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, ".tmp-", ".npy");
        OutputStream os = new BufferedOutputStream(Files.newOutputStream(temp), CHUNK);
        if (gzip) {
            os = new GZIPOutputStream(os, CHUNK);
        }
        return new NpyWriter(os, header, file, temp);
    }

    /**
     * Writes an array to a stream the caller owns ({@link #close()} flushes and finishes, but does not close it).
     *
     * @param out    the stream
     * @param header the array's header
     * @return the writer
     * @throws IOException if reading or writing fails
     */
    public static NpyWriter to(OutputStream out, NpyHeader header) throws IOException {
        return new NpyWriter(out, header, null, null);
    }

    /** {@return the header being written} */
    public NpyHeader header() {
        return header;
    }

    /**
     * Writes {@code n} elements of a one-byte type.
     *
     * @param src the source
     * @param off where to start in {@code src}
     * @param n   the number of elements
     * @throws IOException if reading or writing fails
     */
    public void writeBytes(byte[] src, int off, int n) throws IOException {
        check(n, header.dtype().itemSize() == 1);
        out.write(src, off, n);
        written += n;
    }

    /**
     * Writes {@code n} {@code i4} elements.
     *
     * @param src the source
     * @param off where to start in {@code src}
     * @param n   the number of elements
     * @throws IOException if reading or writing fails
     */
    public void writeInts(int[] src, int off, int n) throws IOException {
        check(n, header.dtype() == NpyDtype.I4);
        for (int done = 0; done < n; ) {
            int k = Math.min(n - done, CHUNK / 4);
            ByteBuffer.wrap(scratch).order(header.order()).asIntBuffer().put(src, off + done, k);
            out.write(scratch, 0, k * 4);
            done += k;
        }
        written += n;
    }

    /**
     * Writes {@code n} {@code i8} elements.
     *
     * @param src the source
     * @param off where to start in {@code src}
     * @param n   the number of elements
     * @throws IOException if reading or writing fails
     */
    public void writeLongs(long[] src, int off, int n) throws IOException {
        check(n, header.dtype() == NpyDtype.I8);
        for (int done = 0; done < n; ) {
            int k = Math.min(n - done, CHUNK / 8);
            ByteBuffer.wrap(scratch).order(header.order()).asLongBuffer().put(src, off + done, k);
            out.write(scratch, 0, k * 8);
            done += k;
        }
        written += n;
    }

    /**
     * Writes {@code n} {@code f4} elements.
     *
     * @param src the source
     * @param off where to start in {@code src}
     * @param n   the number of elements
     * @throws IOException if reading or writing fails
     */
    public void writeFloats(float[] src, int off, int n) throws IOException {
        check(n, header.dtype() == NpyDtype.F4);
        for (int done = 0; done < n; ) {
            int k = Math.min(n - done, CHUNK / 4);
            ByteBuffer.wrap(scratch).order(header.order()).asFloatBuffer().put(src, off + done, k);
            out.write(scratch, 0, k * 4);
            done += k;
        }
        written += n;
    }

    /**
     * Writes {@code n} {@code f8} elements.
     *
     * @param src the source
     * @param off where to start in {@code src}
     * @param n   the number of elements
     * @throws IOException if reading or writing fails
     */
    public void writeDoubles(double[] src, int off, int n) throws IOException {
        check(n, header.dtype() == NpyDtype.F8);
        for (int done = 0; done < n; ) {
            int k = Math.min(n - done, CHUNK / 8);
            ByteBuffer.wrap(scratch).order(header.order()).asDoubleBuffer().put(src, off + done, k);
            out.write(scratch, 0, k * 8);
            done += k;
        }
        written += n;
    }

    private void check(int n, boolean typeOk) {
        checkState(!closed, "writer for %s is closed", target);
        checkArgument(typeOk, "array has descr %s; use the matching write method", header.descr());
        checkArgument(n >= 0 && written + n <= header.elementCount(),
                "writing %s elements would exceed the shape's %s elements (written %s)", n, header.elementCount(), written);
    }

    /**
     * Deletes the temporary file (path writers); nothing appears at the target.
     *
     * @throws IOException if reading or writing fails
     */
    public void abort() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            out.close();
        } finally {
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Finishes the array and, for path writers, renames it into place. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        if (written != header.elementCount()) {
            abort();
            throw new IllegalStateException("npy array " + (target != null ? target : "stream") + " got " + written
                    + " elements but its shape needs " + header.elementCount());
        }
        closed = true;
        if (out instanceof GZIPOutputStream g && target == null) {
            g.finish();
        }
        if (target == null) {
            out.flush();
            return;
        }
        try {
            out.close();
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }
}
