package org.scaledql.api.metrics;

/**
 * One scalar statistic of a {@code [runs x tasks]} score matrix, e.g. the interquartile mean. Implementations
 * are stateless (their fields are hyperparameters such as the optimality gap's {@code gamma}) and thread-safe;
 * the bootstrap calls {@link #compute(double[][])} from several threads on resampled copies.
 */
public interface Aggregate {

    /** {@return a short key for tables and JSON, e.g. {@code iqm}, {@code median}, {@code optimalityGap}} */
    String name();

    /**
     * {@return the statistic of raw scores} The caller guarantees a non-empty, rectangular {@code [runs][tasks]}
     * array of finite values (a {@link ScoreMatrix} guarantees this; the bootstrap passes resamples of one).
     * Implementations must not modify the array.
     *
     * @param scores {@code [runs][tasks]} scores; not modified
     */
    double compute(double[][] scores);

    /**
     * {@return the statistic of a validated score matrix}
     *
     * @param scores the scores, already validated
     */
    default double of(ScoreMatrix scores) {
        return compute(scores.scores());
    }
}
