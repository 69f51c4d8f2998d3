package org.scaledql.core.data.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A read-only memory mapping of a file region of any size, as chunks of at most 1 GiB that each hold a
 * whole number of elements (so no element straddles two chunks).
 */
final class MappedColumn {

    private final MappedByteBuffer[] chunks;
    private final long elementsPerChunk;
    private final int elementBytes;

    MappedColumn(FileChannel ch, long offset, long elements, int elementBytes) throws IOException {
        this.elementBytes = elementBytes;
        this.elementsPerChunk = Math.max(1, (1L << 30) / elementBytes);
        int n = (int) ((elements + elementsPerChunk - 1) / elementsPerChunk);
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
        chunk(i).get(offsetInChunk(i), dst, off, elementBytes);
    }

    /** Copies element {@code i} into {@code dst} at absolute index {@code index} (one bulk copy). */
    void get(long i, ByteBuffer dst, int index) {
        dst.put(index, chunk(i), offsetInChunk(i), elementBytes);
    }

    /** Bytes per element (a row of the column). */
    int elementBytes() {
        return elementBytes;
    }

    /** Number of chunks (for checksumming in order). */
    int chunkCount() {
        return chunks.length;
    }

    /** Chunk {@code i} as a fresh view. */
    ByteBuffer chunkView(int i) {
        return chunks[i].duplicate();
    }
}
