/**
 * The vocabulary of evaluation: score matrices, aggregate statistics over them, interval estimates and
 * score-normalization tables, following rliable (Agarwal et al., NeurIPS 2021) with two things pinned that
 * rliable leaves vague: IQM trimming when the number of scores is not a multiple of 4, and explicit seeds.
 *
 * <p>Contents:
 * <ul>
 *   <li>{@link org.scaledql.api.metrics.ScoreMatrix}: validated {@code [runs x tasks]} scores with task names.</li>
 *   <li>{@link org.scaledql.api.metrics.Aggregate}: one scalar statistic of a score matrix (IQM, median, ...).</li>
 *   <li>{@link org.scaledql.api.metrics.Interval}: a point estimate with a confidence interval.</li>
 *   <li>{@link org.scaledql.api.metrics.BootstrapConfig}: reps, confidence, seed and task resampling of a
 *       stratified bootstrap.</li>
 *   <li>{@link org.scaledql.api.metrics.PerformanceProfile}: fraction of scores above each threshold, with intervals.</li>
 *   <li>{@link org.scaledql.api.metrics.NormalizationTable} and {@link org.scaledql.api.metrics.ReferenceScores}:
 *       per-game random and reference scores for {@code (score - random) / (reference - random)}.</li>
 *   <li>{@link org.scaledql.api.metrics.NormalizationTableProvider}: how a module contributes named tables
 *       to the registry.</li>
 * </ul>
 */
package org.scaledql.api.metrics;
