package org.scaledql.api.metrics;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The two anchors of a normalized score for one game: {@code (score - random) / (reference - random)} maps
 * the random policy's score to 0 and the reference (e.g. human) score to 1.
 *
 * @param random    score of a uniformly random policy
 * @param reference score that normalizes to 1 (human, or the best known agent); differs from {@code random}
 */
public record ReferenceScores(double random, double reference) {

    /**
     * Requires finite anchors that differ.
     *
     * @param random    score of a uniformly random policy
     * @param reference score that normalizes to 1 (human, or the best known agent); differs from {@code random}
     */
    public ReferenceScores {
        checkArgument(Double.isFinite(random) && Double.isFinite(reference),
                "reference scores must be finite; got random=%s, reference=%s", random, reference);
        checkArgument(random != reference,
                "normalization divides by reference - random, so they must differ; got both %s", random);
    }

    /** {@return the identity anchors {@code (0, 1)}: normalizing leaves the score unchanged} */
    public static ReferenceScores identity() {
        return new ReferenceScores(0, 1);
    }

    /**
     * {@return {@code (score - random) / (reference - random)}}
     *
     * @param score a raw score
     */
    public double normalize(double score) {
        return (score - random) / (reference - random);
    }
}
