package org.scaledql.core.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.scaledql.api.online.EpsilonSchedule;

class EpsilonScheduleTest {

    /** Dopamine's linearly_decaying_epsilon, transcribed (dqn_agent.py). */
    static double dopamine(long decayPeriod, long step, long warmupSteps, double epsilon) {
        double stepsLeft = decayPeriod + warmupSteps - step;
        double bonus = (1.0 - epsilon) * stepsLeft / decayPeriod;
        bonus = Math.max(0., Math.min(bonus, 1. - epsilon));
        return epsilon + bonus;
    }

    @Test
    void dopaminePresetAtItsLandmarks() {
        EpsilonSchedule e = EpsilonSchedule.dopamine();
        assertThat(e.value(0)).isEqualTo(1.0);
        assertThat(e.value(20_000)).isEqualTo(1.0);
        assertThat(e.value(20_000 + 125_000)).isCloseTo(0.505, within(1e-12));
        assertThat(e.value(270_000)).isCloseTo(0.01, within(1e-12));
        assertThat(e.value(10_000_000)).isEqualTo(0.01);
    }

    @Test
    void matchesDopaminesFormulaOnRandomSchedules() {
        long seed = 20230501;
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < 2_000; i++) {
            double end = rng.nextDouble();
            long decay = 1 + rng.nextLong(1000);
            long warmup = rng.nextLong(1000);
            long step = rng.nextLong(3000);
            EpsilonSchedule e = new EpsilonSchedule(1.0, end, decay, warmup);
            assertThat(e.value(step)).as("seed %s case %s: %s at step %s", seed, i, e, step)
                    .isCloseTo(dopamine(decay, step, warmup, end), within(1e-12));
        }
    }

    @Test
    void isNonIncreasingAndStaysBetweenEndAndInitial() {
        long seed = 7;
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < 500; i++) {
            double initial = rng.nextDouble();
            double end = initial * rng.nextDouble();
            EpsilonSchedule e = new EpsilonSchedule(initial, end, 1 + rng.nextLong(200), rng.nextLong(200));
            double prev = e.value(0);
            for (long t = 1; t < 500; t++) {
                double v = e.value(t);
                assertThat(v).as("seed %s %s step %s", seed, e, t).isLessThanOrEqualTo(prev).isBetween(end, initial);
                prev = v;
            }
        }
    }

    @Test
    void constantNeverChanges() {
        EpsilonSchedule e = EpsilonSchedule.constant(0.3);
        assertThat(e.value(0)).isEqualTo(0.3);
        assertThat(e.value(1_000_000)).isEqualTo(0.3);
    }

    @Test
    void rejectsARisingSchedule() {
        assertThatThrownBy(() -> new EpsilonSchedule(0.1, 0.5, 10, 0)).hasMessageContaining("end=0.5")
                .hasMessageContaining("only decays");
    }
}
