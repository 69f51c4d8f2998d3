package org.scaledql.core.env;

import java.util.SplittableRandom;
import org.scaledql.api.env.RandomSource;

/** Factories for {@link RandomSource}. */
public final class RandomSources {

    private RandomSources() {
    }

    /**
     * {@return a fast seeded generator ({@link SplittableRandom}); the same seed gives the same stream}
     *
     * @param seed the seed
     */
    public static RandomSource seeded(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return new RandomSource() {
            @Override
            public double nextDouble() {
                return r.nextDouble();
            }

            @Override
            public int nextInt(int bound) {
                return r.nextInt(bound);
            }
        };
    }
}
