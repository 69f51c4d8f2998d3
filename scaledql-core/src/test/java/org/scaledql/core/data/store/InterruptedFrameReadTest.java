package org.scaledql.core.data.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scaledql.api.data.GameRecords;
import org.scaledql.core.data.LoggedData;

/**
 * Frames are read through a file channel, which an interrupted reader closes for every thread: the store must
 * stay readable for the others (a sampler's prefetch thread is interrupted when the sampler closes).
 */
class InterruptedFrameReadTest {

    @TempDir
    Path tmp;

    @Test
    void anInterruptedReadFailsAloneAndTheStoreStaysReadable() throws IOException {
        Path store = tmp.resolve("s");
        List<LoggedData.Row> rows = LoggedData.episodes(new SplittableRandom(3), 4, 8, 2 * 3 * 3, 4);
        try (DiskStoreWriter w = TransitionStores.writer(store)) {
            w.declareGame("A", 4, new int[] {2, 3, 3}, 1f);
            LoggedData.write(w, "A", rows);
        }
        try (DiskTransitionStore d = DiskTransitionStore.open(store)) {
            GameRecords r = d.records("A");
            int fb = r.metadata().frameBytes();
            ByteBuffer expected = ByteBuffer.allocateDirect(fb);
            r.readFrame(1, expected, 0);
            Thread.currentThread().interrupt(); // the channel closes when an interrupted thread reads through it
            try {
                assertThatThrownBy(() -> r.readFrame(2, ByteBuffer.allocateDirect(fb), 0))
                        .isInstanceOf(UncheckedIOException.class).hasMessageContaining("interrupted");
            } finally {
                Thread.interrupted();
            }
            ByteBuffer again = ByteBuffer.allocateDirect(fb);
            r.readFrame(1, again, 0);
            assertThat(again).isEqualTo(expected);
        }
        try (DiskTransitionStore d = DiskTransitionStore.open(store)) {
            GameRecords r = d.records("A");
            d.close();
            assertThatThrownBy(() -> r.readFrame(1, ByteBuffer.allocateDirect(r.metadata().frameBytes()), 0))
                    .isInstanceOf(UncheckedIOException.class).hasMessageContaining("closed");
        }
    }
}
