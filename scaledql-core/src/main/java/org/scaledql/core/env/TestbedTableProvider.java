package org.scaledql.core.env;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scaledql.api.metrics.NormalizationTable;
import org.scaledql.api.metrics.NormalizationTableProvider;
import org.scaledql.api.metrics.ReferenceScores;

/**
 * Registers the testbed's reference scores as the normalization table {@value #NAME}, so
 * {@code NormalizationTables.byName("testbed")} and {@code ./scaledql normalize --table testbed} work. The
 * table is built from {@link TestbedScores#table()} (the one source of truth): {@code random} is the random
 * policy's mean, {@code reference} the published MinAtar DQN score or the scripted expert's mean. Variants
 * (modes other than 0) use their base game's row, so the table has one row per game name.
 *
 * <p>Listed in {@code META-INF/services/org.scaledql.api.metrics.NormalizationTableProvider} of
 * scaledql-core.
 */
public final class TestbedTableProvider implements NormalizationTableProvider {

    /** The registry name of the testbed's table. */
    public static final String NAME = "testbed";

    private static final NormalizationTable TABLE = build();

    /** Public no-argument constructor, as {@link java.util.ServiceLoader} requires. */
    public TestbedTableProvider() {
    }

    /** {@return the testbed's table (the same instance {@code NormalizationTables.byName("testbed")} returns)} */
    public static NormalizationTable table() {
        return TABLE;
    }

    @Override
    public List<NormalizationTable> tables() {
        return List.of(TABLE);
    }

    private static NormalizationTable build() {
        Map<String, ReferenceScores> games = new LinkedHashMap<>();
        for (TestbedScores.Reference r : TestbedScores.table()) {
            games.put(r.game(), new ReferenceScores(r.random(), r.reference()));
        }
        return new NormalizationTable(NAME, games);
    }
}
