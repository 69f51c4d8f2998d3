package org.scaledql.core.online;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.nd4j.linalg.learning.config.Adam;
import org.scaledql.api.data.GameOrigin;
import org.scaledql.api.data.TransitionSink;
import org.scaledql.api.env.EnvironmentConfig;
import org.scaledql.api.learn.LossConfig;
import org.scaledql.api.nn.FeatureReduction;
import org.scaledql.api.nn.HeadConfig;
import org.scaledql.api.nn.ImpalaConfig;
import org.scaledql.api.nn.NetworkConfig;
import org.scaledql.api.online.EpisodeRecord;
import org.scaledql.api.online.EpsilonSchedule;
import org.scaledql.api.online.OnlineConfig;
import org.scaledql.api.online.OnlineListener;
import org.scaledql.api.online.OnlineResult;
import org.scaledql.core.env.DatasetGenerator;
import org.scaledql.core.env.Games;
import org.scaledql.core.env.GridEnvironment;
import org.scaledql.core.env.TestbedScores;
import org.scaledql.core.learn.ScaledQlTrainStep;
import org.scaledql.core.nn.SameDiffQNetwork;
import org.scaledql.core.runtime.NativeThreads;
import org.scaledql.core.runtime.Tasks;

/**
 * Makes "dqn-log" datasets, the testbed's DQN-Replay: for each game, an online Q-learning agent learns from
 * scratch for {@code transitionsPerGame} environment steps and every step it takes is logged to the sink
 * (the replay of the run). The logged run is the <em>initial part</em> of a longer run: DQN-Replay's "initial
 * 20%" is the first 10M of 50M frames, and here the whole of a short run is kept; to keep only a prefix of a
 * longer run, log with a larger budget and import a fraction.
 *
 * <p>The reported behaviour return is the mean return of the episodes logged (played epsilon-greedily by the
 * agent as it learned), which is what the dataset's trajectories score.
 */
public final class DqnLogGenerator {

    /**
     * What to generate.
     *
     * @param games              game names (each at most once)
     * @param transitionsPerGame environment steps (and logged rows) per game, at least 1
     * @param environment        mode, difficulty, stickiness, cap and observation format of every game
     * @param online             the loop's settings; its budget and seed are replaced per game
     * @param loss               the agent's objective (default: C51, CQL off)
     * @param learningRate       Adam's step size
     * @param targetUpdatePeriod gradient steps between target syncs
     * @param seed               base seed: game i's environment gets {@code seed + 1000 i}, its network
     *                           {@code seed + 1000 i + 2}, its loop {@code seed + 1000 i + 3}
     */
    public record Config(List<String> games, long transitionsPerGame, EnvironmentConfig environment,
            OnlineConfig online, LossConfig loss, double learningRate, int targetUpdatePeriod, long seed) {

        /**
         * Validates and copies the fields.
         *
         * @param games              game names (each at most once)
         * @param transitionsPerGame environment steps (and logged rows) per game, at least 1
         * @param environment        mode, difficulty, stickiness, cap and observation format of every game
         * @param online             the loop's settings; its budget and seed are replaced per game
         * @param loss               the agent's objective (default: C51, CQL off)
         * @param learningRate       Adam's step size
         * @param targetUpdatePeriod gradient steps between target syncs
         * @param seed               base seed: game i's environment gets {@code seed + 1000 i}, its network {@code
         *                           seed + 1000 i + 2}, its loop {@code seed + 1000 i + 3}
         */
        public Config {
            games = List.copyOf(games);
            checkArgument(!games.isEmpty(), "a dataset needs >= 1 game; got none (choose from %s)", Games.names());
            checkArgument(games.stream().distinct().count() == games.size(), "games must be distinct; got %s", games);
            games.forEach(Games::info);
            checkArgument(transitionsPerGame >= 1, "transitionsPerGame must be >= 1; got %s", transitionsPerGame);
            Objects.requireNonNull(environment, "environment");
            Objects.requireNonNull(online, "online");
            Objects.requireNonNull(loss, "loss");
            checkArgument(learningRate > 0 && Double.isFinite(learningRate), "learningRate must be > 0; got %s",
                    learningRate);
            checkArgument(targetUpdatePeriod >= 0, "targetUpdatePeriod must be >= 0 (0 = never); got %s",
                    targetUpdatePeriod);
        }

        /**
         * Testbed defaults: {@link OnlineConfig#testbed} (replay capped at the budget), C51 without CQL, Adam
         * 1e-3 (epsilon 3.125e-4, Dopamine's), target sync every 250 gradient steps (MinAtar's 1,000
         * environment steps at update period 4).
         *
         * @param games              game names (each at most once)
         * @param transitionsPerGame environment steps (and logged rows) per game, at least 1
         * @param environment        mode, difficulty, stickiness, cap and observation format of every game
         * @param seed               base seed: game i's environment gets {@code seed + 1000 i}, its network {@code
         *                           seed + 1000 i + 2}, its loop {@code seed + 1000 i + 3}
         * @return the config
         */
        public static Config testbed(List<String> games, long transitionsPerGame, EnvironmentConfig environment,
                long seed) {
            OnlineConfig o = OnlineConfig.testbed(transitionsPerGame, seed);
            int capacity = (int) Math.min(o.replayCapacity(), Math.max(transitionsPerGame + 1, 2));
            o = o.withReplay(capacity, Math.min(o.minReplayHistory(), capacity));
            return new Config(games, transitionsPerGame, environment, o, LossConfig.scaledQl().withCqlAlpha(0),
                    1e-3, 250, seed);
        }

        /**
         * The testbed's counterpart of DQN-Replay's "initial 20%": the logged steps are the first fifth of a run
         * with MinAtar's DQN proportions. MinAtar's DQN trains for 5M steps with a replay start of 5,000 and an
         * epsilon decay (1 to 0.1) over 100,000 steps, so its first 1M steps hold a warm-up of 0.5% and a decay
         * over 10% of them. This preset keeps those proportions for any budget: learning starts (and epsilon
         * leaves 1.0, Dopamine's convention) after {@code max(batch, 0.5% of transitionsPerGame)} steps, and
         * epsilon reaches 0.1 after a further 10%. Everything else is {@link #testbed}. At 20,000 steps per
         * game (the demo's data): warm-up 100, decay 2,000, about 4,975 gradient steps.
         *
         * @param games              game names
         * @param transitionsPerGame logged steps per game
         * @param environment        variant and observation format of every game
         * @param seed               base seed
         * @return the config
         */
        public static Config initialPrefix(List<String> games, long transitionsPerGame,
                EnvironmentConfig environment, long seed) {
            Config t = testbed(games, transitionsPerGame, environment, seed);
            OnlineConfig o = t.online();
            long warmup = Math.max(o.batchSize(), Math.round(transitionsPerGame * 0.005));
            long decay = Math.max(1, Math.round(transitionsPerGame * 0.1));
            EpsilonSchedule e = o.epsilon();
            o = o.withReplay(o.replayCapacity(), warmup)
                    .withEpsilon(new EpsilonSchedule(e.initial(), e.end(), decay, warmup));
            return new Config(games, transitionsPerGame, environment, o, t.loss(), t.learningRate(),
                    t.targetUpdatePeriod(), seed);
        }
    }

    private DqnLogGenerator() {
    }

    /**
     * {@return the testbed agent's network: MinAtar-DQN-sized (a 3x3 convolution of 16 channels, here followed by
     * IMPALA's 3x3/2 max-pool, then a 128-wide dense layer) with a C51 head on [-10, 10], no feature normalization}
     *
     * @param observationShape {@code [C, H, W]}
     * @param numActions       actions per game
     */
    public static NetworkConfig network(int[] observationShape, int numActions) {
        return NetworkConfig.builder(observationShape, 1, numActions)
                .encoder(new ImpalaConfig(new int[] {16}, 1, 0)).reduction(FeatureReduction.FLATTEN).torso(128)
                .featureNormalization(false).head(HeadConfig.c51()).build();
    }

    /**
     * Runs one agent per game, logging its steps to {@code sink}. Does not close the sink.
     *
     * @param config   what to generate
     * @param sink     receives the transitions
     * @param listener hears every game's episodes and gradient steps (may be null)
     * @return one report per game, in order
     * @throws IOException if reading or writing fails
     */
    public static List<DatasetGenerator.GameReport> generate(Config config, TransitionSink sink,
            OnlineListener listener) throws IOException {
        return generate(config, sink, listener, 1);
    }

    /**
     * As {@link #generate(Config, TransitionSink, OnlineListener)}, with up to {@code threads} games learning
     * at once, one per thread (each with the native thread setting of {@link NativeThreads#applyToCurrentThread}).
     * Every game's seeds, and so its rows, do not depend on {@code threads}, and the sink receives the games one
     * after another in the config's order, exactly as with one thread: a game that finishes before the games
     * ahead of it is held in memory (its frames, about {@code transitionsPerGame x frame bytes}) until they are
     * written.
     *
     * @param listener hears every game's episodes and gradient steps (may be null); with {@code threads > 1} it is
     *                 called from several threads at once
     * @param config   what to generate
     * @param sink     receives every game's rows, game after game
     * @param threads  at least 1
     * @return one report per game, in order
     * @throws IOException if the sink fails
     */
    public static List<DatasetGenerator.GameReport> generate(Config config, TransitionSink sink,
            OnlineListener listener, int threads) throws IOException {
        checkArgument(threads >= 1, "threads must be >= 1; got %s", threads);
        Objects.requireNonNull(sink, "sink");
        int n = config.games().size();
        if (threads == 1 || n == 1) {
            List<DatasetGenerator.GameReport> reports = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                reports.add(generateGame(config, i, sink, listener));
            }
            return reports;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, n), r -> {
            Thread t = new Thread(r, "dqn-log");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<RecordingSink>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int game = i;
                futures.add(pool.submit(() -> {
                    NativeThreads.applyToCurrentThread();
                    RecordingSink rec = new RecordingSink();
                    rec.report = generateGame(config, game, rec, listener);
                    return rec;
                }));
            }
            List<DatasetGenerator.GameReport> reports = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                RecordingSink rec = Tasks.await(futures.get(i), "generating dqn-log data for " + config.games().get(i));
                futures.set(i, null); // lets the game's rows be collected once written
                rec.replayTo(sink);
                reports.add(rec.report);
            }
            return reports;
        } finally {
            pool.shutdownNow();
        }
    }

    private static DatasetGenerator.GameReport generateGame(Config config, int i, TransitionSink sink,
            OnlineListener listener) throws IOException {
        String game = config.games().get(i);
        long seed = config.seed() + 1000L * i;
        GridEnvironment env = Games.create(game, config.environment(), seed);
        SameDiffQNetwork net = SameDiffQNetwork.create(network(env.spec().observationShape(),
                env.spec().numActions()), seed + 2);
        ScaledQlTrainStep step = ScaledQlTrainStep.builder(net).loss(config.loss())
                .updater(new Adam(config.learningRate(), 0.9, 0.999, 3.125e-4))
                .targetUpdatePeriod(config.targetUpdatePeriod()).build();
        OnlineConfig online = config.online().withEnvironmentSteps(config.transitionsPerGame())
                .withSeed(seed + 3);
        OnlineQLearning.Builder b = OnlineQLearning.builder(step, env).config(online).tap(sink, game);
        if (listener != null) {
            b.listener(listener);
        }
        OnlineResult r = b.build().run();
        double mean = r.episodes().isEmpty() ? env.episodeReturn()
                : r.episodes().stream().mapToDouble(EpisodeRecord::episodeReturn).average().orElseThrow();
        return new DatasetGenerator.GameReport(game, config.transitionsPerGame(), r.episodes().size(), mean,
                TestbedScores.normalize(game, mean));
    }

    /** Holds one game's sink calls, in order, until they can be written in the config's game order. */
    private static final class RecordingSink implements TransitionSink {
        private interface Call {
            void applyTo(TransitionSink sink) throws IOException;
        }

        private final List<Call> calls = new ArrayList<>();
        private DatasetGenerator.GameReport report;

        @Override
        public void declareGame(String game, int numActions, int[] frameShape, float observationScale) {
            int[] shape = frameShape.clone();
            calls.add(s -> s.declareGame(game, numActions, shape, observationScale));
        }

        @Override
        public void declareOrigin(String game, GameOrigin origin) {
            calls.add(s -> s.declareOrigin(game, origin));
        }

        @Override
        public void append(String game, byte[] frame, int action, float reward, boolean terminal) {
            byte[] copy = frame.clone(); // the caller may reuse its buffer
            calls.add(s -> s.append(game, copy, action, reward, terminal));
        }

        @Override
        public void truncateEpisode(String game) {
            calls.add(s -> s.truncateEpisode(game));
        }

        void replayTo(TransitionSink sink) throws IOException {
            for (Call c : calls) {
                c.applyTo(sink);
            }
            calls.clear();
        }

        @Override
        public void close() {
        }
    }
}
