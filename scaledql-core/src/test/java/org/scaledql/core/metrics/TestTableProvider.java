package org.scaledql.core.metrics;

import java.util.List;
import java.util.Map;
import org.scaledql.api.metrics.NormalizationTable;
import org.scaledql.api.metrics.NormalizationTableProvider;

/** A provider found through META-INF/services, as the testbed will register its table. */
public final class TestTableProvider implements NormalizationTableProvider {

    @Override
    public List<NormalizationTable> tables() {
        return List.of(NormalizationTable.of("unit-test", Map.of("catch", new double[] {-1, 1})));
    }
}
