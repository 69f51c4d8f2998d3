package org.scaledql.api.metrics;

import java.util.List;

/**
 * Contributes named normalization tables to the registry ({@code NormalizationTables.byName} in core),
 * found with {@link java.util.ServiceLoader}: list the implementing class in
 * {@code META-INF/services/org.scaledql.api.metrics.NormalizationTableProvider}.
 */
public interface NormalizationTableProvider {

    /** {@return the tables this provider offers; each name must be unique across all providers} */
    List<NormalizationTable> tables();
}
