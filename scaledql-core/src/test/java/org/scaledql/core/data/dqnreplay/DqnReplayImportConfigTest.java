package org.scaledql.core.data.dqnreplay;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DqnReplayImportConfigTest {

    /** Regression: the message printed "1%%" (a format escape in a Guava template, which does not use them). */
    @Test
    void aFractionOutOfRangeIsNamedInPlainWords() {
        for (double f : new double[] {0, -0.5, 1.5}) {
            assertThatThrownBy(() -> DqnReplayImportConfig.all(Path.of("dqn-replay")).withFraction(f))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("fraction must be in (0, 1] (0.01 for the 1 percent sets); got " + f);
        }
    }
}
