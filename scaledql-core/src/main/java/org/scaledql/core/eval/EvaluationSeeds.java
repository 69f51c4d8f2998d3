package org.scaledql.core.eval;

import java.util.Objects;

/**
 * How an evaluation derives every random stream from its one seed. Each episode has three streams, each a
 * function of {@code (seed, game name, episode index)} only: the environment's seed, the epsilon generator's
 * seed and the behaviour policy's seed. So an episode's outcome does not depend on which other games are
 * evaluated, on their order, on the taskId, nor on how many episodes are stepped together.
 *
 * <p>Mixing is SplitMix64's finalizer ({@code mix64}, Steele et al. 2014) over
 * {@code mix64(seed) ^ mix64(name.hashCode())} (Java's {@link String#hashCode()} is specified, so stable).
 */
public final class EvaluationSeeds {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private EvaluationSeeds() {
    }

    /**
     * {@return the seed of the environment of one episode}
     *
     * @param seed    the evaluation's seed
     * @param game    the game's name
     * @param episode the episode index
     */
    public static long environment(long seed, String game, int episode) {
        return stream(seed, game, episode, 0);
    }

    /**
     * {@return the seed of the generator of one episode's epsilon draws}
     *
     * @param seed    the evaluation's seed
     * @param game    the game's name
     * @param episode the episode index
     */
    public static long epsilon(long seed, String game, int episode) {
        return stream(seed, game, episode, 1);
    }

    /**
     * {@return the seed handed to the behaviour policy factory for one episode}
     *
     * @param seed    the evaluation's seed
     * @param game    the game's name
     * @param episode the episode index
     */
    public static long policy(long seed, String game, int episode) {
        return stream(seed, game, episode, 2);
    }

    private static long stream(long seed, String game, int episode, int kind) {
        Objects.requireNonNull(game, "game");
        long base = mix64(seed) ^ mix64(game.hashCode());
        return mix64(base + (3L * episode + kind + 1) * GOLDEN);
    }

    /** SplitMix64's output function. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
