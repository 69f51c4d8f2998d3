/**
 * rliable-grade evaluation metrics: aggregates over {@code [runs x tasks]} score matrices, stratified
 * bootstrap intervals, probability of improvement, performance profiles and score normalization.
 *
 * <p>Contents:
 * <ul>
 *   <li>{@link org.scaledql.core.metrics.Aggregates}: IQM, median, mean, optimality gap, profile points.</li>
 *   <li>{@link org.scaledql.core.metrics.StratifiedBootstrap}: seeded, parallel percentile intervals.</li>
 *   <li>{@link org.scaledql.core.metrics.ProbabilityOfImprovement}: {@code P(X > Y)} by pair counting.</li>
 *   <li>{@link org.scaledql.core.metrics.NormalizationTables}: the table registry and the Atari-57 table.</li>
 *   <li>{@link org.scaledql.core.metrics.ScoreCsv}: score matrices as CSV files.</li>
 * </ul>
 */
package org.scaledql.core.metrics;
