package org.scaledql.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void editDistanceCountsInsertionsDeletionsSubstitutionsAndSwaps() {
        assertThat(Json.editDistance("batchSize", "batchSize")).isZero();
        assertThat(Json.editDistance("batchSzie", "batchSize")).isEqualTo(1);
        assertThat(Json.editDistance("batchSiz", "batchSize")).isEqualTo(1);
        assertThat(Json.editDistance("batchSizee", "batchSize")).isEqualTo(1);
        assertThat(Json.editDistance("batchSixe", "batchSize")).isEqualTo(1);
        assertThat(Json.editDistance("", "abc")).isEqualTo(3);
    }

    @Test
    void closestNamesTheNearestKnownKey() {
        assertThat(Json.closest("stpes", List.of("steps", "seed", "discount")))
                .isEqualTo("; did you mean 'steps'? (known keys: discount, seed, steps)");
        assertThat(Json.closest("x", List.of())).isEmpty();
    }
}
