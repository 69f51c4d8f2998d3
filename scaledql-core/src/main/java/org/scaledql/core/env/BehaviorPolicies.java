package org.scaledql.core.env;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Map;
import java.util.SplittableRandom;
import org.scaledql.api.env.BehaviorPolicy;
import org.scaledql.api.env.Environment;

/**
 * Behaviour policies for the testbed: uniform random, each game's scripted expert (which reads the game
 * state, so it needs a {@link GridEnvironment}), and the noisy expert that makes deliberately mediocre,
 * diverse datasets.
 *
 * <pre>{@code
 * BehaviorPolicy p = BehaviorPolicies.noisyExpert("breakout", 0.25, 7);
 * int action = p.act(env);
 * }</pre>
 */
public final class BehaviorPolicies {

    /**
     * Per-game noise of the default noisy expert: the probability of a uniformly random action, chosen so the
     * behaviour policy is clearly sub-optimal (roughly a third to two thirds of the expert's normalized score).
     */
    private static final Map<String, Double> DEFAULT_NOISE = Map.of(
            "asterix", 0.3, "breakout", 0.3, "freeway", 0.5, "seaquest", 0.2, "space_invaders", 0.3,
            "catch", 0.5, "pong", 0.4, "snake", 0.2, "frogger", 0.2, "maze", 0.3);

    private BehaviorPolicies() {
    }

    /**
     * Uniformly random actions from a seeded generator.
     *
     * @param seed the policy's seed
     * @return the policy
     */
    public static BehaviorPolicy random(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return env -> r.nextInt(env.spec().numActions());
    }

    /**
     * {@return the game's scripted expert (deterministic given the state)}
     *
     * @throws IllegalArgumentException at act time if the environment is not a {@link GridEnvironment}
     */
    public static BehaviorPolicy expert() {
        return BehaviorPolicies::expertAction;
    }

    private static int expertAction(Environment env) {
        checkArgument(env instanceof GridEnvironment, "the scripted expert reads the game state and needs a "
                + "GridEnvironment (from Games.create); got %s", env.getClass().getName());
        return ((GridEnvironment) env).game().expertAction();
    }

    /**
     * {@return the expert, replaced by a uniformly random action with probability {@code noise}}
     *
     * @param game  the game the policy will play (checked at act time)
     * @param noise probability of a random action, in {@code [0, 1]}
     * @param seed  seed of the policy's own generator (separate from the environment's)
     */
    public static BehaviorPolicy noisyExpert(String game, double noise, long seed) {
        checkArgument(noise >= 0 && noise <= 1, "noise is a probability in [0, 1]; got %s", noise);
        Games.info(game);
        SplittableRandom r = new SplittableRandom(seed);
        return env -> {
            checkArgument(env.spec().name().equals(game), "this noisy expert was built for %s but is playing %s",
                    game, env.spec().name());
            // draw both so the stream does not depend on the branch taken
            double u = r.nextDouble();
            int random = r.nextInt(env.spec().numActions());
            return u < noise ? random : expertAction(env);
        };
    }

    /** Default probability of the lazy expert's no-op ({@link #lazyExpert(String, long)}). */
    public static final double DEFAULT_LAZINESS = 0.5;

    /** Default probability of the lazy expert's uniformly random action. */
    public static final double DEFAULT_LAZY_NOISE = 0.2;

    /**
     * {@return a consistently sub-optimal behaviour: the no-op (action 0) with probability {@code laziness}, a
     * uniformly random action with probability {@code noise}, the scripted expert otherwise}
     *
     * <p>Why it exists: with purely random noise ({@link #noisyExpert}), the most frequent action in every state
     * is still the expert's, so behavioral cloning recovers the expert exactly and the data is "sub-optimal" in
     * name only. Here the most frequent action is the no-op whenever {@code laziness > 1 - laziness - noise},
     * so copying the data gives a lazy policy, while the expert's actions are still present and visibly lead to
     * more reward: a learner must tell them apart by their returns, as on DQN-Replay's early data (Scaled QL
     * Section 3), where the behaviour policies are consistently, not randomly, worse.
     *
     * @param game     the game the policy will play (checked at act time)
     * @param laziness probability of the no-op, in {@code [0, 1]}
     * @param noise    probability of a uniformly random action; {@code laziness + noise <= 1}
     * @param seed     seed of the policy's own generator
     */
    public static BehaviorPolicy lazyExpert(String game, double laziness, double noise, long seed) {
        checkArgument(laziness >= 0 && noise >= 0 && laziness + noise <= 1,
                "laziness and noise are probabilities with laziness + noise <= 1; got laziness=%s, noise=%s", laziness, noise);
        Games.info(game);
        SplittableRandom r = new SplittableRandom(seed);
        return env -> {
            checkArgument(env.spec().name().equals(game), "this lazy expert was built for %s but is playing %s",
                    game, env.spec().name());
            double u = r.nextDouble();
            int random = r.nextInt(env.spec().numActions());
            return u < laziness ? 0 : u < laziness + noise ? random : expertAction(env);
        };
    }

    /**
     * {@return the lazy expert with {@link #DEFAULT_LAZINESS} and {@link #DEFAULT_LAZY_NOISE}}
     *
     * @param game the game the policy will play
     * @param seed the policy's seed
     */
    public static BehaviorPolicy lazyExpert(String game, long seed) {
        return lazyExpert(game, DEFAULT_LAZINESS, DEFAULT_LAZY_NOISE, seed);
    }

    /**
     * {@return the noisy expert at the game's default noise level ({@link #defaultNoise(String)})}
     *
     * @param game the game the policy will play
     * @param seed the policy's seed
     */
    public static BehaviorPolicy noisyExpert(String game, long seed) {
        return noisyExpert(game, defaultNoise(game), seed);
    }

    /**
     * {@return the default noise level of a game's noisy expert}
     *
     * @param game a testbed game
     */
    public static double defaultNoise(String game) {
        Double n = DEFAULT_NOISE.get(game);
        checkArgument(n != null, "unknown game '%s'; the testbed has %s", game, Games.names());
        return n;
    }
}
