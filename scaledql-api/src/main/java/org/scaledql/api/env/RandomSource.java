package org.scaledql.api.env;

/**
 * The one source of randomness a game draws from: spawns, reset positions and the sticky-action draw all
 * come from it, in a fixed order. Tests inject a source that replays recorded draws (the MinAtar
 * conformance traces); production code uses a seeded generator ({@code RandomSources.seeded(seed)} in core).
 */
public interface RandomSource {

    /** {@return a uniform number in {@code [0, 1)}} */
    double nextDouble();

    /**
     * {@return a uniform integer in {@code [0, bound)}}
     *
     * @param bound exclusive upper bound, at least 1
     */
    int nextInt(int bound);
}
