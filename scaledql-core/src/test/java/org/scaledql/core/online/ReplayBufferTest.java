package org.scaledql.core.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.scaledql.api.data.TransitionBatch;

class ReplayBufferTest {

    /** A [1, 1, 1] frame holding {@code id}, so a sample's observations name their rows. */
    static byte[] frame(int id) {
        return new byte[] {(byte) id};
    }

    static ReplayBuffer buffer(int capacity) {
        return new ReplayBuffer(capacity, new int[] {1, 1, 1}, 1f);
    }

    final long[] next = new long[1];
    final double[] rd = new double[2];

    @Test
    void oneStepTransitionsBootstrapFromTheNextRowAndStopAtTerminals() {
        ReplayBuffer b = buffer(10);
        b.add(frame(0), 0, 1f, false);
        b.add(frame(1), 1, 2f, true);
        b.add(frame(2), 2, 3f, false);
        assertThat(b.transition(0, 1, 0.9, next, rd)).isTrue();
        assertThat(next[0]).isEqualTo(1);
        assertThat(rd).containsExactly(1.0, 0.9);
        assertThat(b.transition(1, 1, 0.9, next, rd)).isTrue();
        assertThat(rd[1]).as("terminal: no bootstrap").isZero();
        assertThat(b.transition(2, 1, 0.9, next, rd)).as("newest row: next frame not stored yet").isFalse();
    }

    @Test
    void nStepSumsDiscountedRewardsAndTruncatesAtTerminals() {
        ReplayBuffer b = buffer(10);
        for (int i = 0; i < 5; i++) {
            b.add(frame(i), 0, i + 1, i == 3);
        }
        b.add(frame(5), 0, 0f, false);
        assertThat(b.transition(0, 3, 0.5, next, rd)).isTrue();
        assertThat(next[0]).isEqualTo(3);
        assertThat(rd[0]).isCloseTo(1 + 0.5 * 2 + 0.25 * 3, within(1e-9));
        assertThat(rd[1]).isCloseTo(0.125, within(1e-9));
        assertThat(b.transition(2, 3, 0.5, next, rd)).isTrue();
        assertThat(rd[0]).isCloseTo(3 + 0.5 * 4, within(1e-9));
        assertThat(rd[1]).as("terminal within n").isZero();
        assertThat(b.transition(4, 3, 0.5, next, rd)).as("window past the newest row").isFalse();
    }

    @Test
    void aCutEpisodeBootstrapsFromItsFinalRowWhichIsNeverSampled() {
        ReplayBuffer b = buffer(10);
        b.add(frame(0), 0, 1f, false);
        b.add(frame(1), 0, 1f, false);
        b.addFinal(frame(2));
        b.add(frame(3), 0, 0f, false);
        b.add(frame(4), 0, 0f, false);
        assertThat(b.transition(0, 3, 0.5, next, rd)).isTrue();
        assertThat(next[0]).as("bootstraps from the final observation").isEqualTo(2);
        assertThat(rd[0]).isCloseTo(1.5, within(1e-9));
        assertThat(rd[1]).isCloseTo(0.25, within(1e-9));
        assertThat(b.transition(2, 1, 0.5, next, rd)).as("final row").isFalse();
        assertThat(b.transition(3, 1, 0.5, next, rd)).isTrue();
        assertThat(next[0]).isEqualTo(4);
    }

    @Test
    void samplesHoldTheRightFramesAndRingOverwritesTheOldest() {
        ReplayBuffer b = buffer(4);
        for (int i = 0; i < 10; i++) {
            b.add(frame(i), i % 3, i, false);
        }
        assertThat(b.size()).isEqualTo(4);
        assertThat(b.addCount()).isEqualTo(10);
        SplittableRandom rng = new SplittableRandom(1);
        Set<Integer> seen = new HashSet<>();
        for (int k = 0; k < 20; k++) {
            TransitionBatch t = b.sample(8, 1, 0.9, 2, rng);
            float[] o = t.observations().data().asFloat();
            float[] n = t.nextObservations().data().asFloat();
            int[] a = t.actions().data().asInt();
            float[] r = t.rewards().data().asFloat();
            for (int i = 0; i < 8; i++) {
                int row = (int) o[i];
                seen.add(row);
                assertThat(row).as("only rows 6..8 are sampleable (9 has no next frame)").isBetween(6, 8);
                assertThat(n[i]).isEqualTo(row + 1);
                assertThat(a[i]).isEqualTo(row % 3);
                assertThat(r[i]).isEqualTo(row);
            }
            assertThat(t.taskIds().data().asInt()).containsOnly(2);
            assertThat(t.observations().shape()).containsExactly(8, 1, 1, 1);
        }
        assertThat(seen).containsExactlyInAnyOrder(6, 7, 8);
    }

    @Test
    void sameSeedSameBatches() {
        ReplayBuffer b = buffer(50);
        for (int i = 0; i < 50; i++) {
            b.add(frame(i), 0, 0f, i % 7 == 6);
        }
        TransitionBatch x = b.sample(16, 2, 0.9, 0, new SplittableRandom(3));
        TransitionBatch y = b.sample(16, 2, 0.9, 0, new SplittableRandom(3));
        assertThat(x.observations()).isEqualTo(y.observations());
        assertThat(x.discounts()).isEqualTo(y.discounts());
    }

    @Test
    void nothingSampleableIsAClearError() {
        ReplayBuffer b = buffer(4);
        b.add(frame(0), 0, 0f, false);
        assertThatThrownBy(() -> b.sample(1, 1, 0.9, 0, new SplittableRandom(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no sampleable transition");
        assertThatThrownBy(() -> b.add(new byte[2], 0, 0f, false)).hasMessageContaining("frame must have 1 bytes; got 2");
    }
}
