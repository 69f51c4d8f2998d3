package org.scaledql.core.data.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.scaledql.core.data.npy.NpyDtype;
import org.scaledql.core.data.npy.NpyHeader;

/**
 * Appends the rows of one {@code .npy} column: room for the header is reserved up front and the header is
 * written with the final row count on {@link #finish()}. Tracks the CRC32C of the data bytes.
 */
final class ColumnWriter {

    private final Path file;
    private final FileChannel ch;
    private final NpyDtype dtype;
    private final long[] rowShape;
    private final int reserved;
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C crc = new CRC32C();
    private long dataBytes;

    ColumnWriter(Path file, NpyDtype dtype, long... rowShape) throws IOException {
        this.file = file;
        this.dtype = dtype;
        this.rowShape = rowShape;
        long perRow = dtype.itemSize();
        for (long d : rowShape) {
            perRow *= d;
        }
        this.reserved = header(Long.MAX_VALUE / perRow).encode(0).length; // room for the largest possible count
        this.ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        ch.position(reserved);
    }

    private NpyHeader header(long rows) {
        long[] shape = new long[rowShape.length + 1];
        shape[0] = rows;
        System.arraycopy(rowShape, 0, shape, 1, rowShape.length);
        return new NpyHeader(1, dtype, ByteOrder.LITTLE_ENDIAN, shape, -1);
    }

    Path file() {
        return file;
    }

    private void room(int n) throws IOException {
        if (buf.remaining() < n) {
            drain();
        }
    }

    private void drain() throws IOException {
        buf.flip();
        crc.update(buf.duplicate());
        dataBytes += buf.remaining();
        writeFully(buf);
        buf.clear();
    }

    void putBytes(byte[] b) throws IOException {
        if (b.length > buf.capacity()) {
            drain();
            ByteBuffer w = ByteBuffer.wrap(b);
            crc.update(w.duplicate());
            dataBytes += b.length;
            writeFully(w);
            return;
        }
        room(b.length);
        buf.put(b);
    }

    private void writeFully(ByteBuffer b) throws IOException {
        try {
            while (b.hasRemaining()) {
                ch.write(b);
            }
        } catch (IOException e) {
            throw writeFailure(file, dataBytes, e);
        }
    }

    /**
     * The error for a failed write: the operating system's message ("No space left on device") names no file, so
     * name the file, how much was written and what the file system has left.
     */
    static IOException writeFailure(Path file, long written, IOException e) {
        String free;
        try {
            free = java.nio.file.Files.getFileStore(file.getParent()).getUsableSpace() + " bytes free";
        } catch (IOException | RuntimeException unknown) {
            free = "free space unknown";
        }
        return new IOException("writing " + file + " failed after about " + written + " data bytes (" + free
                + " on its file system): " + e.getMessage(), e);
    }

    void putByte(int v) throws IOException {
        room(1);
        buf.put((byte) v);
    }

    void putInt(int v) throws IOException {
        room(4);
        buf.putInt(v);
    }

    void putFloat(float v) throws IOException {
        room(4);
        buf.putFloat(v);
    }

    /** Flushes, writes the header for {@code rows} rows and closes; returns the manifest entry. */
    Manifest.FileEntry finish(long rows) throws IOException {
        drain();
        byte[] h = header(rows).encode(reserved);
        if (h.length != reserved) {
            throw new IllegalStateException("header of " + file + " grew to " + h.length + " bytes; reserved " + reserved);
        }
        ch.write(ByteBuffer.wrap(h), 0);
        ch.force(true);
        long size = ch.size();
        ch.close();
        return new Manifest.FileEntry(file.getFileName().toString(), size, String.format("%08x", crc.getValue()));
    }

    void closeQuietly() {
        try {
            ch.close();
        } catch (IOException ignored) {
            // already failing; the folder is deleted next
        }
    }
}
