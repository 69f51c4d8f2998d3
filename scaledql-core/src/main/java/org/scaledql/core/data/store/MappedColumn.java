package org.scaledql.core.data.store;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The rows of one column file: either a read-only memory mapping of a file region of any size, as chunks of at most
 * 1 GiB that each hold a whole number of elements (so no element straddles two chunks), or, for the frame column,
 * positional reads through the file channel.
 *
 * <p>Why frames are read, not mapped: a page fault on a mapping reads the device's read-ahead window around the
 * page (8 MiB on the development machine) and maps a block of neighbouring pages into the process, so random
 * frame sampling read the whole 7 GB of a 1M-row store from disk within 300 training steps and grew the resident
 * set with every step until it held the store. A positional read of a few KiB reads those pages only (the kernel
 * treats small random reads as such) and maps nothing. The small columns are read per row in random order by the
 * sampler's index and by value, and stay mapped.
 *
 * <p>A file channel is closed for every thread when a thread reading through it is interrupted (a sampler's
 * prefetch thread stopped by {@code close}, a cancelled task), which would break the store for all other readers.
 * So a read that finds the channel closed while the column is still open reopens the file and retries; the
 * interrupted thread's own read still fails.
 */
final class MappedColumn {

    private final Path file;
    private volatile FileChannel channel;
    private volatile boolean closed;
    private final long offset;
    private final long elements;
    private final MappedByteBuffer[] chunks;
    private final long elementsPerChunk;
    private final int elementBytes;

    /**
     * @param file the column file (reopened if an interrupt closed the channel)
     * @param ch   an open channel of {@code file}; the column closes it in {@link #close}
     * @param map  whether to map the region; if not, rows are read with positional reads ({@link #get} only)
     */
    MappedColumn(Path file, FileChannel ch, long offset, long elements, int elementBytes, boolean map)
            throws IOException {
        this.file = file;
        this.channel = ch;
        this.offset = offset;
        this.elements = elements;
        this.elementBytes = elementBytes;
        this.elementsPerChunk = Math.max(1, (1L << 30) / elementBytes);
        int n = map ? (int) ((elements + elementsPerChunk - 1) / elementsPerChunk) : 0;
        chunks = new MappedByteBuffer[n];
        for (int i = 0; i < n; i++) {
            long first = i * elementsPerChunk;
            long count = Math.min(elementsPerChunk, elements - first);
            chunks[i] = ch.map(FileChannel.MapMode.READ_ONLY, offset + first * elementBytes, count * elementBytes);
            chunks[i].order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    MappedByteBuffer chunk(long element) {
        return chunks[(int) (element / elementsPerChunk)];
    }

    int offsetInChunk(long element) {
        return (int) (element % elementsPerChunk) * elementBytes;
    }

    byte getByte(long i) {
        return chunk(i).get(offsetInChunk(i));
    }

    int getInt(long i) {
        return chunk(i).getInt(offsetInChunk(i));
    }

    float getFloat(long i) {
        return chunk(i).getFloat(offsetInChunk(i));
    }

    void get(long i, byte[] dst, int off) {
        if (chunks.length == 0) {
            readFully(ByteBuffer.wrap(dst, off, elementBytes), offset + i * elementBytes);
        } else {
            chunk(i).get(offsetInChunk(i), dst, off, elementBytes);
        }
    }

    /** Copies element {@code i} into {@code dst} at absolute index {@code index} (one bulk copy or one read). */
    void get(long i, ByteBuffer dst, int index) {
        if (chunks.length == 0) {
            readFully(dst.slice(index, elementBytes), offset + i * elementBytes);
        } else {
            dst.put(index, chunk(i), offsetInChunk(i), elementBytes);
        }
    }

    /** Copies elements {@code i .. i + count - 1} into {@code dst} at absolute index {@code index}. */
    void get(long i, int count, ByteBuffer dst, int index) {
        if (chunks.length == 0) {
            readFully(dst.slice(index, count * elementBytes), offset + i * elementBytes);
        } else {
            for (int k = 0; k < count; k++) {
                get(i + k, dst, index + k * elementBytes);
            }
        }
    }

    private void readFully(ByteBuffer b, long position) {
        int start = b.position();
        for (int attempt = 0; ; attempt++) {
            FileChannel ch = channel;
            try {
                long pos = position;
                while (b.hasRemaining()) {
                    int n = ch.read(b, pos);
                    if (n < 0) {
                        throw new EOFException("end of file at byte " + pos + " while reading a row");
                    }
                    pos += n;
                }
                return;
            } catch (ClosedByInterruptException e) {
                reopen(ch); // for the other readers; this thread was interrupted, so its read fails
                throw new UncheckedIOException("reading a row of " + file + " was interrupted", e);
            } catch (ClosedChannelException e) {
                if (closed || attempt > 0) {
                    throw new UncheckedIOException("reading a row of " + file + " failed: the store is closed", e);
                }
                b.position(start);
                reopen(ch);
            } catch (IOException e) {
                throw new UncheckedIOException("reading a row of " + file + " failed: " + e.getMessage(), e);
            }
        }
    }

    /** Replaces {@code broken} (closed by an interrupt) with a new channel, unless closed or already replaced. */
    private synchronized void reopen(FileChannel broken) {
        if (closed || channel != broken) {
            return;
        }
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new UncheckedIOException("reopening " + file + " after an interrupted read failed: " + e.getMessage(), e);
        }
    }

    /** Closes the column's channel; later reads fail. */
    synchronized void close() throws IOException {
        closed = true;
        channel.close();
    }

    /** Bytes per element (a row of the column). */
    int elementBytes() {
        return elementBytes;
    }

    /**
     * Reads the column's data in order into {@code buf} (cleared first), up to a whole number of elements.
     *
     * @param position bytes of data already read
     * @return the buffer flipped for reading, empty at the end
     */
    ByteBuffer readData(long position, ByteBuffer buf) throws IOException {
        buf.clear();
        long left = elements * elementBytes - position;
        int want = (int) Math.min(left, buf.capacity() / elementBytes * (long) elementBytes);
        buf.limit(want);
        long pos = offset + position;
        while (buf.hasRemaining()) {
            int n = channel.read(buf, pos);
            if (n < 0) {
                throw new EOFException("end of file at byte " + pos);
            }
            pos += n;
        }
        return buf.flip();
    }

    /** {@return the data bytes of the column} */
    long dataBytes() {
        return elements * elementBytes;
    }
}
