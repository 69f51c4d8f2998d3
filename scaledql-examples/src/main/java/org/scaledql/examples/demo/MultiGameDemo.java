package org.scaledql.examples.demo;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.scaledql.api.env.EnvironmentConfig;
import org.scaledql.api.eval.EvaluationConfig;
import org.scaledql.api.eval.EvaluationReport;
import org.scaledql.api.eval.Evaluator;
import org.scaledql.api.eval.GameEvaluation;
import org.scaledql.api.learn.LossConfig;
import org.scaledql.api.learn.StepResult;
import org.scaledql.api.metrics.Interval;
import org.scaledql.api.nn.HeadConfig;
import org.scaledql.api.online.OnlineListener;
import org.scaledql.api.train.TrainConfig;
import org.scaledql.core.data.store.DiskStoreWriter;
import org.scaledql.core.data.store.DiskTransitionStore;
import org.scaledql.core.data.store.TransitionStores;
import org.scaledql.core.env.BehaviorPolicies;
import org.scaledql.core.env.DatasetGenerator;
import org.scaledql.core.eval.DatasetScores;
import org.scaledql.core.eval.Evaluators;
import org.scaledql.core.online.DqnLogGenerator;
import org.scaledql.core.plot.Plots;
import org.scaledql.core.runtime.NativeThreads;
import org.scaledql.core.runtime.Tasks;
import org.scaledql.core.train.Trainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main job end to end, as one readable program: generate a sub-optimal multi-game dataset on the testbed (by
 * default the logged replay of an online DQN's first steps, the paper's protocol), train Scaled QL and behavioral
 * cloning on it with the same encoder, evaluate both, score the behaviour (its policy with the networks' protocol,
 * or a learning agent's logged trajectories), and report normalized scores with 95% intervals.
 *
 * <p>Used by {@code ./scaledql demo}; its integration test runs it at a tiny size.
 */
public final class MultiGameDemo {

    private static final Logger LOG = LoggerFactory.getLogger(MultiGameDemo.class);

    /**
     * What to run.
     *
     * @param games              training games (each gets a head)
     * @param transitionsPerGame dataset size per game
     * @param train              the Scaled QL run's config
     * @param bcSteps            BC's step count; BC otherwise uses {@code train} with the BC objective and a scalar
     *                           head on the same encoder and torso
     * @param evalEpisodes       evaluation episodes per game
     * @param seed               seeds data, training and evaluation
     * @param output             directory for data, runs, plots and the summary
     * @param behavior           the behaviour policy that logs the dataset
     * @param workers            threads sharing each training step's batch ({@link Trainer.Builder#workers}) in
     *                           each of the two runs, which train at the same time
     */
    public record Settings(List<String> games, long transitionsPerGame, TrainConfig train, long bcSteps,
            int evalEpisodes, long seed, Path output, Behavior behavior, int workers) {
        /** Validates. */
        public Settings {
            games = List.copyOf(games);
            checkArgument(games.size() >= 1, "the demo needs at least one game");
            checkArgument(transitionsPerGame >= 100, "transitionsPerGame must be >= 100; got %s", transitionsPerGame);
            checkArgument(bcSteps >= 1, "bcSteps must be >= 1; got %s", bcSteps);
            checkArgument(evalEpisodes >= 1, "evalEpisodes must be >= 1; got %s", evalEpisodes);
            checkArgument(workers >= 1, "workers must be >= 1; got %s", workers);
        }

        /**
         * The built-in defaults: 6 testbed games with different dynamics, 20,000 transitions each logged by an
         * online DQN learning from scratch ({@link Behavior#DQN_LOG}, the paper's protocol), Scaled QL with the
         * {@link TrainConfig#demo()} preset, BC with {@value #DEFAULT_BC_STEPS} steps (on lazy-expert data its loss
         * was flat from the first 500 steps on, docs/demo.md), 20 evaluation episodes per game, both runs at once
         * with one worker each (one core each).
         */
        public static Settings defaults(Path output) {
            return new Settings(DEFAULT_GAMES, 20_000, TrainConfig.demo(), DEFAULT_BC_STEPS, 20, 0, output,
                    Behavior.DQN_LOG, 1);
        }

        /** BC's steps in the default demo. */
        public static final long DEFAULT_BC_STEPS = 3_000;

        /** The BC run's config: {@code train} with the BC objective, a scalar head and {@link #bcSteps} steps. */
        public TrainConfig bcConfig() {
            return bcConfig(train, bcSteps);
        }

        /**
         * {@return the demo's BC protocol applied to a Scaled QL config: the BC objective, a scalar head on the same
         * encoder and torso, and {@code steps} steps}
         *
         * @param train a Scaled QL run's config
         * @param steps BC's step count
         */
        public static TrainConfig bcConfig(TrainConfig train, long steps) {
            return train.withObjective(LossConfig.behavioralCloning(), train.network().withHead(HeadConfig.scalar()))
                    .withSteps(steps);
        }
    }

    /** Behaviour policies that can log the demo's dataset. */
    public enum Behavior {
        /** {@link BehaviorPolicies#lazyExpert(String, long)}: consistently sub-optimal; BC copies its laziness. */
        LAZY_EXPERT(BehaviorPolicies::lazyExpert),
        /** {@link BehaviorPolicies#noisyExpert(String, long)}: random noise only; BC recovers the expert. */
        NOISY_EXPERT(BehaviorPolicies::noisyExpert),
        /**
         * The paper's protocol: the logged replay of an online DQN's first steps
         * ({@link DqnLogGenerator.Config#initialPrefix}, the testbed's "initial 20%" of DQN-Replay). The behaviour
         * changes as the agent learns, so its score is that of the dataset's trajectories
         * ({@link DatasetScores}), as in the paper's Fig. 2.
         */
        DQN_LOG(null);

        private final Evaluator.PolicyFactory factory;

        Behavior(Evaluator.PolicyFactory factory) {
            this.factory = factory;
        }

        /**
         * Builds the policy of one game and seed.
         *
         * @throws IllegalStateException for {@link #DQN_LOG}, whose behaviour is a learning agent
         */
        public Evaluator.PolicyFactory factory() {
            if (factory == null) {
                throw new IllegalStateException(this + " has no fixed policy: its data is a learning agent's log");
            }
            return factory;
        }
    }

    /** The demo's training games: two MinAtar games and four of our own, each with different dynamics. */
    public static final List<String> DEFAULT_GAMES = List.of("breakout", "asterix", "catch", "pong", "maze", "snake");

    /** One algorithm's scores: IQM of normalized scores with its interval, and each game's normalized mean. */
    public record AlgorithmScores(Interval iqm, Map<String, Double> perGame) {
    }

    /**
     * The demo's outcome.
     *
     * @param algorithms          scores per algorithm key ({@code behavior}, {@code bc}, {@code scaledQl})
     * @param games               the games, in head order
     * @param wallSeconds         the whole demo, data generation and evaluation included
     * @param trainStepsPerSecond training steps per second of each trained algorithm (all its workers together)
     * @param configs             the config each trained algorithm used
     * @param workers             threads (one per core) that shared each training step
     * @param behavior            what logged the data
     */
    public record Summary(Map<String, AlgorithmScores> algorithms, List<String> games, double wallSeconds,
            Map<String, Double> trainStepsPerSecond, Map<String, TrainConfig> configs, int workers,
            Behavior behavior) {
    }

    private MultiGameDemo() {
    }

    /** Runs every stage; progress goes to stderr through SLF4J and progress bars. */
    public static Summary run(Settings s) throws IOException {
        long t0 = System.nanoTime();
        // The testbed's small networks run twice as fast with one native thread per op (docs/performance.md).
        LOG.info("native threads per training thread: {}", NativeThreads.limitUnlessConfigured(1));
        Files.createDirectories(s.output());
        Path data = s.output().resolve("data");
        EnvironmentConfig env = EnvironmentConfig.defaults();
        if (!Files.exists(data.resolve("manifest.json"))) {
            LOG.info("generating {} {} transitions for each of {}", s.transitionsPerGame(), s.behavior(), s.games());
            try (DiskStoreWriter w = TransitionStores.writer(data)) {
                if (s.behavior() == Behavior.DQN_LOG) {
                    DqnLogGenerator.generate(DqnLogGenerator.Config.initialPrefix(s.games(), s.transitionsPerGame(),
                            env, s.seed()), w, new OnlineListener() {
                                @Override
                                public void onTrainStep(long environmentStep, StepResult result) {
                                    if (environmentStep % 5_000 == 0) {
                                        LOG.info("dqn-log: environment step {} of {}", environmentStep,
                                                s.transitionsPerGame());
                                    }
                                }
                            }, Runtime.getRuntime().availableProcessors()); // one game per core
                } else {
                    DatasetGenerator.generate(new DatasetGenerator.Config(s.games(), s.transitionsPerGame(), env,
                            s.seed()), s.behavior().factory()::create, w);
                }
            }
        } else {
            LOG.info("reusing the dataset in {}", data);
        }
        EvaluationConfig evaluation = EvaluationConfig.defaults(s.seed() + 1).withEpisodes(s.evalEpisodes())
                .withEnvironment(env);
        Evaluator evaluator = Evaluators.testbed(evaluation);
        Map<String, EvaluationReport> reports = new LinkedHashMap<>();
        if (s.behavior() == Behavior.DQN_LOG) {
            LOG.info("scoring the dataset's trajectories ({} per game, evenly spaced over the log)", s.evalEpisodes());
            try (DiskTransitionStore store = TransitionStores.open(data)) {
                reports.put("behavior", DatasetScores.of(store, s.games(), evaluation));
            }
        } else {
            LOG.info("evaluating the behaviour policy");
            reports.put("behavior", evaluator.evaluatePolicy(s.games(), s.behavior().factory()));
        }

        Map<String, Double> speed = new LinkedHashMap<>();
        Map<String, TrainConfig> runs = new LinkedHashMap<>();
        runs.put("scaledQl", s.train().withSeed(s.seed()));
        runs.put("bc", s.bcConfig().withSeed(s.seed()));
        // The two runs train at once, one thread each: a step of these small networks keeps one core busy, and
        // splitting each batch across both cores instead (DataParallelTrainStep, --workers 2) measured no faster
        // at batch 32 (docs/demo.md). Each run opens its own store handle, so no reader state is shared.
        ExecutorService pool = Executors.newFixedThreadPool(runs.size());
        Map<String, Future<Trainer.Result>> results = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, TrainConfig> run : runs.entrySet()) {
                results.put(run.getKey(), pool.submit(() -> train(s, data, run.getKey(), run.getValue())));
            }
            for (Map.Entry<String, Future<Trainer.Result>> e : results.entrySet()) {
                Trainer.Result r = Tasks.await(e.getValue(), "training " + e.getKey());
                speed.put(e.getKey(), r.stepsPerSecond());
                LOG.info("evaluating {}", e.getKey());
                reports.put(e.getKey(), evaluator.evaluate(r.network(), s.games()));
            }
        } finally {
            pool.shutdownNow();
        }
        Map<String, AlgorithmScores> algorithms = new LinkedHashMap<>();
        Map<String, Map<String, Interval>> forPlot = new LinkedHashMap<>();
        for (Map.Entry<String, EvaluationReport> e : reports.entrySet()) {
            Map<String, Double> perGame = new LinkedHashMap<>();
            for (GameEvaluation g : e.getValue().games()) {
                perGame.put(g.game(), g.normalizedMean());
            }
            algorithms.put(e.getKey(), new AlgorithmScores(e.getValue().iqm(), perGame));
            forPlot.put(label(e.getKey()), Map.of("IQM", e.getValue().iqm()));
        }
        Plots.aggregateEstimates(forPlot, "normalized score").saveBoth(s.output().resolve("plots"), "aggregates");
        return new Summary(algorithms, s.games(), (System.nanoTime() - t0) / 1e9, speed, runs, s.workers(),
                s.behavior());
    }

    private static Trainer.Result train(Settings s, Path data, String name, TrainConfig config) throws IOException {
        Path runDir = s.output().resolve(name);
        boolean resume = Files.exists(runDir.resolve("checkpoints"));
        try (DiskTransitionStore store = TransitionStores.open(data)) {
            return Trainer.builder(config, store, runDir).games(s.games()).resume(resume).label(name)
                    .workers(s.workers()).build().run();
        }
    }

    /** Display names of the algorithms. */
    public static String label(String key) {
        return switch (key) {
            case "behavior" -> "Behavior data";
            case "bc" -> "BC";
            case "scaledQl" -> "Scaled QL";
            default -> key;
        };
    }

    /** A text table: one row per game and one for the IQM, one column per algorithm. */
    public static String table(Summary s) {
        List<String> algs = new ArrayList<>(s.algorithms().keySet());
        StringBuilder b = new StringBuilder(String.format("%-16s", "normalized"));
        for (String a : algs) {
            b.append(String.format("%24s", label(a)));
        }
        b.append('\n');
        for (String g : s.games()) {
            b.append(String.format("%-16s", g));
            for (String a : algs) {
                b.append(String.format("%24.3f", s.algorithms().get(a).perGame().get(g)));
            }
            b.append('\n');
        }
        b.append(String.format("%-16s", "IQM [95% CI]"));
        for (String a : algs) {
            Interval i = s.algorithms().get(a).iqm();
            b.append(String.format("%24s", String.format("%.3f [%.3f, %.3f]", i.point(), i.lower(), i.upper())));
        }
        b.append('\n');
        return b.toString();
    }
}
