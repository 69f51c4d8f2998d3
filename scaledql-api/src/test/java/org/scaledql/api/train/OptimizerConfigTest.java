package org.scaledql.api.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;

class OptimizerConfigTest {

    @Test
    void constantScheduleIsPlainAdam() {
        IUpdater u = OptimizerConfig.adam(1e-3, 1e-8).toUpdater(100);
        assertThat(u).isInstanceOf(Adam.class);
        assertThat(u.getLearningRate(0, 0)).isEqualTo(1e-3);
        assertThat(u.getLearningRate(99, 0)).isEqualTo(1e-3);
    }

    /** Values against the closed form lr (1 + cos(pi t / T)) / 2 at the start, quarter, half, end and past it. */
    @Test
    void cosineScheduleDecaysFromTheRateToZeroOverTheRun() {
        IUpdater u = OptimizerConfig.adam(2e-3, 1e-8).withSchedule(OptimizerConfig.Schedule.COSINE).toUpdater(1000);
        assertThat(u.getLearningRate(0, 0)).isCloseTo(2e-3, within(1e-15));
        assertThat(u.getLearningRate(250, 0)).isCloseTo(2e-3 * (1 + Math.sqrt(0.5)) / 2, within(1e-15));
        assertThat(u.getLearningRate(500, 0)).isCloseTo(1e-3, within(1e-15));
        assertThat(u.getLearningRate(1000, 0)).isCloseTo(0, within(1e-15));
        assertThat(u.getLearningRate(5000, 0)).isCloseTo(0, within(1e-15));
        Adam adam = (Adam) u;
        assertThat(adam.getEpsilon()).isEqualTo(1e-8);
        assertThat(adam.getBeta1()).isEqualTo(0.9);
        assertThat(adam.getBeta2()).isEqualTo(0.999);
    }

    @Test
    void invalidValuesNameTheField() {
        assertThatThrownBy(() -> OptimizerConfig.adam(1e-3, 1e-8).withHeadLearningRateScale(-1))
                .hasMessageContaining("optimizer.headLearningRateScale");
        assertThatThrownBy(() -> OptimizerConfig.adam(1e-3, 1e-8).withSchedule(null))
                .hasMessageContaining("optimizer.schedule");
        assertThatThrownBy(() -> OptimizerConfig.adam(1e-3, 1e-8).toUpdater(0)).hasMessageContaining("totalSteps");
    }
}
