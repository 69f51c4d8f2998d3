package org.scaledql.api.data;

import java.nio.ByteBuffer;

/**
 * Read access to one game's rows in a transition store, in chronological order. Row {@code t} holds the
 * frame the action was taken in, the action, the reward that followed and flags; each frame is stored once
 * and frame stacks are assembled by the sampler. Implementations are safe for concurrent reads.
 *
 * <p>Episode structure: the first row of the store and every row after a terminal or a truncated row starts
 * an episode ({@link #episodeStart}). A row is {@link #truncated} when its episode was cut after it without a
 * terminal, so its next frame was never stored.
 */
public interface GameRecords {

    /** {@return the game this data belongs to} */
    GameMetadata metadata();

    /** {@return number of rows (padding is never stored)} */
    long size();

    /**
     * {@return the action taken at row {@code row}, in {@code [0, numActions)}}
     *
     * @param row the row, in {@code [0, size())}
     */
    int action(long row);

    /**
     * {@return the reward that followed the action at row {@code row}}
     *
     * @param row the row, in {@code [0, size())}
     */
    float reward(long row);

    /**
     * {@return whether the episode ended (game over or a time-out marked terminal) right after row {@code row}}
     *
     * @param row the row, in {@code [0, size())}
     */
    boolean terminal(long row);

    /**
     * {@return whether the episode was cut after row {@code row} without a terminal}
     *
     * @param row the row, in {@code [0, size())}
     */
    boolean truncated(long row);

    /**
     * {@return whether row {@code row} is the first row of an episode}
     *
     * @param row the row, in {@code [0, size())}
     */
    boolean episodeStart(long row);

    /**
     * Copies the frame of row {@code row} ({@code C*H*W} uint8 values in C order) into {@code dst}.
     *
     * @param row    the row, in {@code [0, size())}
     * @param dst    destination, with at least {@code offset + metadata().frameBytes()} bytes
     * @param offset where the frame starts in {@code dst}
     */
    void readFrame(long row, byte[] dst, int offset);

    /**
     * Copies the frame of row {@code row} ({@code C*H*W} uint8 values in C order) into {@code dst} at absolute
     * index {@code index}, leaving {@code dst}'s position and limit unchanged, so a sampler can fill the
     * off-heap memory of a batch array directly. The stores of this library override it with one bulk copy
     * from their mapped or heap column; this default goes through a temporary array.
     *
     * @param row   the row, in {@code [0, size())}
     * @param dst   destination with at least {@code index + metadata().frameBytes()} bytes
     * @param index where the frame starts in {@code dst}
     */
    default void readFrame(long row, ByteBuffer dst, int index) {
        byte[] tmp = new byte[metadata().frameBytes()];
        readFrame(row, tmp, 0);
        dst.put(index, tmp);
    }

    /**
     * Copies the frames of rows {@code row .. row + count - 1}, one after another, into {@code dst} at absolute
     * index {@code index}, leaving {@code dst}'s position and limit unchanged. The on-disk store reads them with
     * one positional read (they are contiguous in its frame column); this default copies them one by one.
     *
     * @param row   the first row, in {@code [0, size() - count]}
     * @param count how many rows, {@code >= 0}
     * @param dst   destination with at least {@code index + count * metadata().frameBytes()} bytes
     * @param index where the first frame starts in {@code dst}
     */
    default void readFrames(long row, int count, ByteBuffer dst, int index) {
        int fb = metadata().frameBytes();
        for (int i = 0; i < count; i++) {
            readFrame(row + i, dst, index + i * fb);
        }
    }
}
