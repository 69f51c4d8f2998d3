package org.scaledql.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** Setting the native thread count reaches ND4J (the speed effect is measured in docs/performance.md). */
class NativeThreadsTest {

    @Test
    void setsAndRestoresTheNativeThreadCount() {
        int before = Nd4j.getEnvironment().maxThreads();
        try {
            NativeThreads.set(1);
            assertThat(Nd4j.getEnvironment().maxThreads()).isEqualTo(1);
            assertThat(Nd4j.getEnvironment().maxMasterThreads()).isEqualTo(1);
        } finally {
            NativeThreads.set(before);
        }
        assertThat(Nd4j.getEnvironment().maxThreads()).isEqualTo(before);
    }

    /**
     * OpenMP's count is per thread: a thread started after {@code set(1)} gets it only by
     * {@code applyToCurrentThread()}, which Trainer and the data-parallel workers call.
     */
    @Test
    void anotherThreadGetsTheCountThroughApplyToCurrentThread() throws Exception {
        int before = NativeThreads.currentThreadOmpThreads();
        try {
            NativeThreads.set(1);
            assertThat(NativeThreads.currentThreadOmpThreads()).isEqualTo(1);
            int[] seen = new int[1];
            Thread t = new Thread(() -> {
                NativeThreads.applyToCurrentThread();
                seen[0] = NativeThreads.currentThreadOmpThreads();
            });
            t.start();
            t.join();
            assertThat(seen[0]).isEqualTo(1);
        } finally {
            NativeThreads.set(before);
        }
    }

    @Test
    void smallFramesPreferOneThread() {
        assertThat(NativeThreads.prefersOneThread(java.util.List.of(10, 10, 10))).isTrue();
        assertThat(NativeThreads.prefersOneThread(java.util.List.of(4, 32, 32))).isTrue();
        assertThat(NativeThreads.prefersOneThread(java.util.List.of(4, 84, 84))).isFalse();
    }

    @Test
    void rejectsZeroThreads() {
        assertThatThrownBy(() -> NativeThreads.set(0)).hasMessageContaining("native threads must be >= 1; got 0");
    }
}
