package org.scaledql.core.env;

import org.scaledql.api.env.RandomSource;

/** A {@link RandomSource} returning fixed values: every double is {@code u}, every int is {@code min(k, bound-1)}. */
final class ScriptedRandomSource implements RandomSource {
    private final double u;
    private final int k;
    int doubles;
    int ints;

    ScriptedRandomSource(double u, int k) {
        this.u = u;
        this.k = k;
    }

    @Override
    public double nextDouble() {
        doubles++;
        return u;
    }

    @Override
    public int nextInt(int bound) {
        ints++;
        return Math.min(k, bound - 1);
    }
}
