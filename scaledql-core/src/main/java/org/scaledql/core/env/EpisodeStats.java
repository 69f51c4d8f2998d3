package org.scaledql.core.env;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.function.LongFunction;
import org.scaledql.api.env.BehaviorPolicy;
import org.scaledql.api.env.Environment;
import org.scaledql.api.env.EnvironmentConfig;

/**
 * Mean return of a policy over complete episodes.
 *
 * @param game          the game
 * @param episodes      number of episodes
 * @param meanReturn    mean undiscounted return
 * @param stdError      standard error of the mean (sample standard deviation / sqrt(n))
 * @param maxReturn     best episode
 * @param meanLength    mean episode length in steps
 * @param truncated     episodes cut at the step cap
 */
public record EpisodeStats(String game, int episodes, double meanReturn, double stdError, double maxReturn,
        double meanLength, int truncated) {

    /**
     * Plays {@code episodes} episodes of {@code game} (mode and difficulty from {@code config}).
     *
     * @param game     the game
     * @param config   the environment configuration
     * @param policies builds the policy from a seed (e.g. {@code BehaviorPolicies::random})
     * @param episodes number of episodes
     * @param seed     seeds the environment ({@code seed}) and the policy ({@code seed + 1})
     * @return the statistics of the episodes
     */
    public static EpisodeStats measure(String game, EnvironmentConfig config, LongFunction<BehaviorPolicy> policies,
            int episodes, long seed) {
        checkArgument(episodes >= 1, "episodes must be >= 1; got %s", episodes);
        Environment env = Games.create(game, config, seed);
        BehaviorPolicy policy = policies.apply(seed + 1);
        double sum = 0;
        double sumSq = 0;
        double max = Double.NEGATIVE_INFINITY;
        long steps = 0;
        int truncated = 0;
        for (int e = 0; e < episodes; e++) {
            env.reset();
            while (true) {
                var o = env.step(policy.act(env));
                if (o.done()) {
                    truncated += o.truncated() ? 1 : 0;
                    break;
                }
            }
            double ret = env.episodeReturn();
            sum += ret;
            sumSq += ret * ret;
            max = Math.max(max, ret);
            steps += env.episodeSteps();
        }
        double mean = sum / episodes;
        double var = episodes > 1 ? Math.max(0, (sumSq - episodes * mean * mean) / (episodes - 1)) : 0;
        return new EpisodeStats(game, episodes, mean, Math.sqrt(var / episodes), max, (double) steps / episodes,
                truncated);
    }
}
