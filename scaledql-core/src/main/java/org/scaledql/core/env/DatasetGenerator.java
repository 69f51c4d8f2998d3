package org.scaledql.core.env;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.scaledql.api.data.TransitionSink;
import org.scaledql.api.env.BehaviorPolicy;
import org.scaledql.api.env.EnvironmentConfig;

/**
 * Runs a behaviour policy on chosen games for a fixed number of transitions each and writes every step to a
 * {@link TransitionSink}, game after game. Reports each game's behaviour-policy mean return and normalized
 * score ({@link TestbedScores}).
 *
 * <pre>{@code
 * var config = new DatasetGenerator.Config(List.of("breakout", "catch"), 100_000,
 *         EnvironmentConfig.defaults(), 7);
 * List<DatasetGenerator.GameReport> report = DatasetGenerator.generate(config, sink);  // noisy experts
 * }</pre>
 */
public final class DatasetGenerator {

    /**
     * What to generate.
     *
     * @param games              game names (each at most once)
     * @param transitionsPerGame steps logged per game, at least 1
     * @param environment        mode, difficulty, stickiness, cap and observation format of every game
     * @param seed               base seed: game i's environment gets {@code seed + 1000 i}, its policy
     *                           {@code seed + 1000 i + 1}
     */
    public record Config(List<String> games, long transitionsPerGame, EnvironmentConfig environment, long seed) {

        /**
         * Validates and copies the fields.
         *
         * @param games              game names (each at most once)
         * @param transitionsPerGame steps logged per game, at least 1
         * @param environment        mode, difficulty, stickiness, cap and observation format of every game
         * @param seed               base seed: game i's environment gets {@code seed + 1000 i}, its policy {@code
         *                           seed + 1000 i + 1}
         */
        public Config {
            games = List.copyOf(games);
            checkArgument(!games.isEmpty(), "a dataset needs >= 1 game; got none (choose from %s)", Games.names());
            checkArgument(games.stream().distinct().count() == games.size(), "games must be distinct; got %s", games);
            games.forEach(Games::info);
            checkArgument(transitionsPerGame >= 1, "transitionsPerGame must be >= 1; got %s", transitionsPerGame);
            Objects.requireNonNull(environment, "environment");
        }
    }

    /** Builds a game's behaviour policy from its name and a seed. */
    @FunctionalInterface
    public interface PolicyFactory {
        /**
         * {@return the policy for {@code game}}
         *
         * @param game the game
         * @param seed the policy's seed
         */
        BehaviorPolicy create(String game, long seed);
    }

    /**
     * What was written for one game.
     *
     * @param game            the game
     * @param transitions     steps written
     * @param episodes        completed episodes (game over or cut at the step cap)
     * @param meanReturn      mean return of the completed episodes (of the partial one if none completed)
     * @param normalizedScore {@code meanReturn} normalized by {@link TestbedScores}
     */
    public record GameReport(String game, long transitions, int episodes, double meanReturn,
            double normalizedScore) {
    }

    private DatasetGenerator() {
    }

    /**
     * Generates with each game's default noisy expert ({@link BehaviorPolicies#noisyExpert(String, long)}).
     *
     * @param config what to generate
     * @param sink   receives the transitions
     * @return one report per game, in order
     * @throws IOException if reading or writing fails
     */
    public static List<GameReport> generate(Config config, TransitionSink sink) throws IOException {
        return generate(config, BehaviorPolicies::noisyExpert, sink);
    }

    /**
     * Generates with the given policies. Does not close the sink.
     *
     * @param config   what to generate
     * @param policies builds each game's behaviour policy
     * @param sink     receives the transitions
     * @return one report per game, in order
     * @throws IOException if reading or writing fails
     */
    public static List<GameReport> generate(Config config, PolicyFactory policies, TransitionSink sink)
            throws IOException {
        List<GameReport> reports = new ArrayList<>();
        for (int i = 0; i < config.games().size(); i++) {
            String game = config.games().get(i);
            long seed = config.seed() + 1000L * i;
            GridEnvironment env = Games.create(game, config.environment(), seed);
            BehaviorPolicy policy = policies.create(game, seed + 1);
            TransitionRecorder recorder = new TransitionRecorder(env, sink, game);
            double returns = 0;
            int episodes = 0;
            env.reset();
            for (long t = 0; t < config.transitionsPerGame(); t++) {
                if (recorder.step(policy.act(env)).done()) {
                    returns += env.episodeReturn();
                    episodes++;
                    env.reset();
                }
            }
            recorder.cut();
            double mean = episodes > 0 ? returns / episodes : env.episodeReturn();
            reports.add(new GameReport(game, config.transitionsPerGame(), episodes, mean,
                    TestbedScores.normalize(game, mean)));
        }
        return reports;
    }
}
