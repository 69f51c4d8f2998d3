package org.scaledql.api.eval;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;
import org.scaledql.api.env.EnvironmentConfig;
import org.scaledql.api.metrics.BootstrapConfig;

/**
 * How a policy is evaluated on testbed games.
 *
 * <p>Defaults ({@link #defaults(long)}): {@value #DEFAULT_EPISODES} episodes per game, epsilon
 * {@value #DEFAULT_EPSILON} (Dopamine's evaluation epsilon, {@code epsilon_eval = 0.001} in its DQN/C51
 * gin configs), the testbed's default environment ({@link EnvironmentConfig#defaults()}: sticky actions
 * 0.1, episode cap 5,000 steps, the common observation layout), at most {@value #DEFAULT_MAX_PARALLEL_EPISODES}
 * episodes stepped together, and rliable's bootstrap defaults with the same seed.
 *
 * @param episodes            episodes per game ({@code M}), at least 1
 * @param epsilon             probability of a uniformly random action instead of the policy's, in {@code [0, 1]}
 * @param environment         variant, sticky actions, episode step cap ({@code maxEpisodeSteps}) and observation
 *                            format; the format must be the one the network was trained on
 * @param seed                every environment seed and every epsilon/policy generator is derived from it
 * @param maxParallelEpisodes how many episodes are stepped together (the network's batch size); does not
 *                            change the results, only speed and memory
 * @param bootstrap           settings of the stratified bootstrap behind the IQM interval
 */
public record EvaluationConfig(int episodes, double epsilon, EnvironmentConfig environment, long seed,
        int maxParallelEpisodes, BootstrapConfig bootstrap) {

    /** Default episodes per game. */
    public static final int DEFAULT_EPISODES = 10;
    /** Dopamine's evaluation epsilon. */
    public static final double DEFAULT_EPSILON = 0.001;
    /** Default cap on episodes stepped together. */
    public static final int DEFAULT_MAX_PARALLEL_EPISODES = 256;

    /**
     * Validates the fields.
     *
     * @param episodes            episodes per game ({@code M}), at least 1
     * @param epsilon             probability of a uniformly random action instead of the policy's, in {@code [0, 1]}
     * @param environment         variant, sticky actions, episode step cap ({@code maxEpisodeSteps}) and observation
     *                            format; the format must be the one the network was trained on
     * @param seed                every environment seed and every epsilon/policy generator is derived from it
     * @param maxParallelEpisodes how many episodes are stepped together (the network's batch size); does not change
     *                            the results, only speed and memory
     * @param bootstrap           settings of the stratified bootstrap behind the IQM interval
     */
    public EvaluationConfig {
        checkArgument(episodes >= 1, "evaluation needs episodes >= 1 per game; got episodes=%s", episodes);
        checkArgument(epsilon >= 0 && epsilon <= 1,
                "epsilon is a probability in [0, 1] (Dopamine evaluates with 0.001); got epsilon=%s", epsilon);
        Objects.requireNonNull(environment, "environment");
        checkArgument(maxParallelEpisodes >= 1, "maxParallelEpisodes must be >= 1; got %s", maxParallelEpisodes);
        Objects.requireNonNull(bootstrap, "bootstrap");
    }

    /**
     * {@return the defaults listed in the class comment, with one seed for the rollouts and the bootstrap}
     *
     * @param seed every environment seed and every epsilon/policy generator is derived from it
     */
    public static EvaluationConfig defaults(long seed) {
        return new EvaluationConfig(DEFAULT_EPISODES, DEFAULT_EPSILON, EnvironmentConfig.defaults(), seed,
                DEFAULT_MAX_PARALLEL_EPISODES, BootstrapConfig.defaults(seed));
    }

    /**
     * {@return a copy with another number of episodes per game}
     *
     * @param newEpisodes episodes per game ({@code M}), at least 1
     */
    public EvaluationConfig withEpisodes(int newEpisodes) {
        return new EvaluationConfig(newEpisodes, epsilon, environment, seed, maxParallelEpisodes, bootstrap);
    }

    /**
     * {@return a copy with another epsilon}
     *
     * @param newEpsilon probability of a uniformly random action instead of the policy's, in {@code [0, 1]}
     */
    public EvaluationConfig withEpsilon(double newEpsilon) {
        return new EvaluationConfig(episodes, newEpsilon, environment, seed, maxParallelEpisodes, bootstrap);
    }

    /**
     * {@return a copy with another environment configuration (format, variant, sticky actions, step cap)}
     *
     * @param newEnvironment variant, sticky actions, episode step cap ({@code maxEpisodeSteps}) and observation
     *                       format; the format must be the one the network was trained on
     */
    public EvaluationConfig withEnvironment(EnvironmentConfig newEnvironment) {
        return new EvaluationConfig(episodes, epsilon, newEnvironment, seed, maxParallelEpisodes, bootstrap);
    }

    /**
     * {@return a copy with another seed, used for the rollouts and the bootstrap alike}
     *
     * @param newSeed every environment seed and every epsilon/policy generator is derived from it
     */
    public EvaluationConfig withSeed(long newSeed) {
        return new EvaluationConfig(episodes, epsilon, environment, newSeed, maxParallelEpisodes,
                bootstrap.withSeed(newSeed));
    }

    /**
     * {@return a copy with another cap on episodes stepped together}
     *
     * @param n episodes stepped together, at least 1
     */
    public EvaluationConfig withMaxParallelEpisodes(int n) {
        return new EvaluationConfig(episodes, epsilon, environment, seed, n, bootstrap);
    }

    /**
     * {@return a copy with other bootstrap settings}
     *
     * @param newBootstrap settings of the stratified bootstrap behind the IQM interval
     */
    public EvaluationConfig withBootstrap(BootstrapConfig newBootstrap) {
        return new EvaluationConfig(episodes, epsilon, environment, seed, maxParallelEpisodes, newBootstrap);
    }
}
