package org.scaledql.core.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.scaledql.api.metrics.NormalizationTable;
import org.scaledql.api.metrics.ReferenceScores;
import org.scaledql.core.metrics.NormalizationTables;

/** The testbed's table is registered through the ServiceLoader SPI and mirrors {@link TestbedScores}. */
class TestbedTableProviderTest {

    @Test
    void registeredUnderTestbedThroughTheServiceLoader() {
        assertThat(NormalizationTables.names()).contains("testbed");
        NormalizationTable t = NormalizationTables.byName("testbed");
        assertThat(t.name()).isEqualTo("testbed");
        assertThat(t).isSameAs(TestbedTableProvider.table());
    }

    @Test
    void everyGameHasExactlyItsTestbedScoresRow() {
        NormalizationTable t = NormalizationTables.byName("testbed");
        assertThat(t.games().keySet()).containsExactlyElementsOf(Games.names());
        for (TestbedScores.Reference r : TestbedScores.table()) {
            ReferenceScores s = t.reference(r.game());
            assertThat(s.random()).as(r.game()).isEqualTo(r.random());
            assertThat(s.reference()).as(r.game()).isEqualTo(r.reference());
            assertThat(t.normalize(r.game(), r.random())).as(r.game()).isEqualTo(0.0);
            assertThat(t.normalize(r.game(), r.reference())).as(r.game()).isCloseTo(1.0, within(1e-12));
            double score = r.random() + 0.37 * (r.reference() - r.random());
            assertThat(t.normalize(r.game(), score)).as(r.game())
                    .isCloseTo(TestbedScores.normalize(r.game(), score), within(1e-12));
        }
    }
}
