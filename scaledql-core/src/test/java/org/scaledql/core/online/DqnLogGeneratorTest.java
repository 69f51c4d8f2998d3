package org.scaledql.core.online;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.scaledql.api.env.EnvironmentConfig;
import org.scaledql.api.online.EpsilonSchedule;

class DqnLogGeneratorTest {

    @Test
    void initialPrefixKeepsMinAtarsProportionsOfTheFirstFifth() {
        // MinAtar: 5M steps, replay start 5,000, decay 100,000: of the first 1M steps, 0.5% and 10%
        DqnLogGenerator.Config c = DqnLogGenerator.Config.initialPrefix(List.of("catch"), 20_000,
                EnvironmentConfig.defaults(), 7);
        assertThat(c.online().minReplayHistory()).isEqualTo(100);
        assertThat(c.online().epsilon()).isEqualTo(new EpsilonSchedule(1.0, 0.1, 2_000, 100));
        assertThat(c.online().replayCapacity()).isGreaterThanOrEqualTo(20_000);

        DqnLogGenerator.Config testbed = DqnLogGenerator.Config.testbed(List.of("catch"), 20_000,
                EnvironmentConfig.defaults(), 7);
        assertThat(c.loss()).isEqualTo(testbed.loss());
        assertThat(c.learningRate()).isEqualTo(testbed.learningRate());
        assertThat(c.targetUpdatePeriod()).isEqualTo(testbed.targetUpdatePeriod());
        assertThat(c.online().updatePeriod()).isEqualTo(testbed.online().updatePeriod());
    }

    @Test
    void initialPrefixWaitsAtLeastOneBatchOnSmallBudgets() {
        DqnLogGenerator.Config c = DqnLogGenerator.Config.initialPrefix(List.of("catch"), 300,
                EnvironmentConfig.defaults(), 7);
        assertThat(c.online().minReplayHistory()).isEqualTo(c.online().batchSize());
        assertThat(c.online().epsilon().warmupSteps()).isEqualTo(c.online().batchSize());
        assertThat(c.online().epsilon().decaySteps()).isEqualTo(30);
    }
}
