package org.scaledql.examples.demo;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scaledql.api.env.EnvironmentConfig;
import org.scaledql.api.eval.EvaluationConfig;
import org.scaledql.api.eval.Evaluator;
import org.scaledql.api.metrics.BootstrapConfig;
import org.scaledql.api.metrics.Interval;
import org.scaledql.api.metrics.ScoreMatrix;
import org.scaledql.api.train.TrainConfig;
import org.scaledql.api.transfer.OnlineFineTuningConfig;
import org.scaledql.api.transfer.TransferConfig;
import org.scaledql.core.data.store.DiskStoreWriter;
import org.scaledql.core.data.store.DiskTransitionStore;
import org.scaledql.core.data.store.TransitionStores;
import org.scaledql.core.env.DatasetGenerator;
import org.scaledql.core.env.Games;
import org.scaledql.core.online.DqnLogGenerator;
import org.scaledql.api.online.OnlineListener;
import org.scaledql.core.metrics.Aggregates;
import org.scaledql.core.metrics.StratifiedBootstrap;
import org.scaledql.core.nn.SameDiffQNetwork;
import org.scaledql.core.train.Trainer;
import org.scaledql.core.transfer.FineTuning;
import org.scaledql.core.transfer.Pretrained;
import org.scaledql.core.runtime.NativeThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transfer end to end (Scaled QL Section 5.2) as one readable program: take a multi-game Scaled QL network
 * (the main demo's, or pre-train one here), then over several seeds
 *
 * <ol>
 *   <li><b>offline</b>: fine-tune on a small noisy-expert dataset of a held-out game from the pre-trained encoder
 *       (fine-tuned and frozen) and from scratch, with the same losses;</li>
 *   <li><b>online</b>: fine-tune on a variant of a training game from the pre-trained encoder and from scratch,
 *       with a budget of environment steps and a reduced CQL alpha;</li>
 * </ol>
 *
 * <p>and report each arm's normalized score with a stratified-bootstrap interval across seeds. Used by
 * {@code ./scaledql demo transfer}.
 */
public final class TransferDemo {

    private static final Logger LOG = LoggerFactory.getLogger(TransferDemo.class);

    /**
     * What to run.
     *
     * @param pretrained         a pre-trained run directory to reuse when it holds a network (else pre-train here)
     * @param pretrainGames      games to pre-train on when there is nothing to reuse
     * @param pretrainTransitions dqn-log transitions per game for that pre-training (the main demo's data protocol)
     * @param pretrainConfig     the pre-training config (its architecture is also the scratch arms')
     * @param heldOutGame        the offline fine-tuning game (must not be a pre-training game)
     * @param heldOutTransitions size of its noisy-expert dataset
     * @param offlineSteps       gradient steps of each offline fine-tuning run
     * @param onlineGame         the online fine-tuning game (a pre-training game)
     * @param onlineMode         its variant
     * @param onlineSteps        environment steps of each online run
     * @param onlineCqlAlpha     CQL alpha online
     * @param seeds              seeds per arm (at least 3 for an interval worth reading)
     * @param evalEpisodes       evaluation episodes per run
     * @param evalMaxSteps       evaluation episode cap
     * @param output             directory for data and runs
     */
    public record Settings(Path pretrained, List<String> pretrainGames, long pretrainTransitions, TrainConfig pretrainConfig,
            String heldOutGame, long heldOutTransitions, long offlineSteps, String onlineGame, int onlineMode,
            long onlineSteps, double onlineCqlAlpha, int seeds, int evalEpisodes, int evalMaxSteps, Path output) {
        /** Validates. */
        public Settings {
            pretrainGames = List.copyOf(pretrainGames);
            Games.info(heldOutGame);
            Games.info(onlineGame);
            checkArgument(!pretrainGames.contains(heldOutGame), "the held-out game %s must not be a pre-training game %s",
                    heldOutGame, pretrainGames);
            checkArgument(onlineMode >= 0 && onlineMode < Games.info(onlineGame).modes().size(),
                    "%s has modes 0..%s; got mode %s", onlineGame, Games.info(onlineGame).modes().size() - 1, onlineMode);
            checkArgument(seeds >= 1, "seeds must be >= 1; got %s", seeds);
            checkArgument(heldOutTransitions >= 100, "heldOutTransitions must be >= 100; got %s", heldOutTransitions);
            checkArgument(offlineSteps >= 1 && onlineSteps >= 10, "offlineSteps >= 1 and onlineSteps >= 10; got %s and %s",
                    offlineSteps, onlineSteps);
            checkArgument(evalEpisodes >= 1 && evalMaxSteps >= 1, "evalEpisodes and evalMaxSteps must be >= 1");
        }

        /**
         * Built-in defaults sized for a 2-core machine: reuse {@code runs/demo/scaledQl} if it exists, else
         * pre-train the main demo's Scaled QL run here: its preset ({@link TrainConfig#demo()}, 25,000 steps) on its
         * data (20,000 dqn-log transitions of each of its six games, seed 0), the run that scored far above its data
         * in docs/demo.md (about 13 minutes there); frogger held out with 3,000 noisy-expert transitions and 1,000 fine-tuning steps; breakout's
         * invisible-bricks variant (mode 1) online for 5,000 environment steps with CQL alpha 0.01; 3 seeds;
         * 10 evaluation episodes capped at 1,000 steps.
         */
        public static Settings defaults(Path output) {
            MultiGameDemo.Settings demo = MultiGameDemo.Settings.defaults(output);
            return new Settings(Path.of("runs/demo/scaledQl"), demo.games(), demo.transitionsPerGame(),
                    demo.train().withSeed(demo.seed()), "frogger", 3_000, 1_000, "breakout", 1, 5_000,
                    OnlineFineTuningConfig.DEFAULT_ONLINE_CQL_ALPHA, 3, 10, 1_000, output);
        }
    }

    /** One comparison: each arm's normalized score across seeds, and the per-seed values. */
    public record Comparison(String game, int mode, Map<String, Interval> arms, Map<String, double[]> perSeed) {
    }

    /**
     * The demo's outcome.
     *
     * @param pretrainedFrom the pre-trained network's run directory
     * @param pretrainedHow  {@code reused} (an existing run) or {@code pre-trained here} with its steps
     * @param offline        the offline comparison
     * @param online         the online comparison
     * @param wallSeconds    the whole demo
     */
    public record Summary(String pretrainedFrom, String pretrainedHow, Comparison offline, Comparison online,
            double wallSeconds) {
    }

    private TransferDemo() {
    }

    /** Runs every stage; progress goes to stderr. */
    public static Summary run(Settings s) throws IOException {
        long t0 = System.nanoTime();
        // The testbed's small networks run twice as fast with one native thread per op (docs/performance.md).
        LOG.info("native threads per training thread: {}", NativeThreads.limitUnlessConfigured(1));
        Files.createDirectories(s.output());
        Pretrained pre = pretrained(s);
        checkArgument(!pre.games().contains(s.heldOutGame()), "the pre-trained network %s was trained on %s, which "
                + "includes the held-out game %s; hold out another game", pre.source(), pre.games(), s.heldOutGame());
        TrainConfig base = FineTuning.configFor(pre, pre.trainConfig().orElse(s.pretrainConfig()))
                .withSteps(s.offlineSteps()).withPeriods(s.offlineSteps(), Math.max(1, s.offlineSteps() / 10), 0);
        EnvironmentConfig plain = EnvironmentConfig.defaults().withMaxEpisodeSteps(s.evalMaxSteps());

        // Offline: held-out game, small noisy-expert dataset.
        Path data = s.output().resolve("heldout-data");
        if (!Files.exists(data.resolve("manifest.json"))) {
            LOG.info("generating {} noisy-expert transitions of {}", s.heldOutTransitions(), s.heldOutGame());
            try (DiskStoreWriter w = TransitionStores.writer(data)) {
                DatasetGenerator.generate(new DatasetGenerator.Config(List.of(s.heldOutGame()), s.heldOutTransitions(),
                        EnvironmentConfig.defaults(), 100), w);
            }
        }
        Map<String, double[]> offline = new LinkedHashMap<>();
        for (String arm : List.of("pretrained", "frozen", "scratch")) {
            offline.put(arm, new double[s.seeds()]);
        }
        try (DiskTransitionStore store = TransitionStores.open(data)) {
            for (int seed = 0; seed < s.seeds(); seed++) {
                TrainConfig c = base.withSeed(seed);
                for (String arm : offline.keySet()) {
                    Path runDir = s.output().resolve("offline").resolve(arm + "-seed" + seed);
                    deleteRun(runDir);
                    Trainer.Builder b = arm.equals("scratch")
                            ? Trainer.builder(c, store, runDir).games(List.of(s.heldOutGame()))
                            : FineTuning.offline(pre, TransferConfig.paper().withFreezeEncoder(arm.equals("frozen")), c,
                                    store, List.of(s.heldOutGame()), runDir);
                    SameDiffQNetwork net = b.label("offline " + arm + " seed " + seed).build().run().network();
                    offline.get(arm)[seed] = evaluate(net, s.heldOutGame(), plain, s, seed);
                    LOG.info("offline {} seed {}: normalized {}", arm, seed, offline.get(arm)[seed]);
                }
            }
        }

        // Online: a variant of a pre-training game.
        EnvironmentConfig variant = EnvironmentConfig.defaults().withVariant(s.onlineMode(), 0);
        Map<String, double[]> online = new LinkedHashMap<>();
        online.put("pretrained", new double[s.seeds()]);
        online.put("scratch", new double[s.seeds()]);
        for (int seed = 0; seed < s.seeds(); seed++) {
            OnlineFineTuningConfig oc = OnlineFineTuningConfig.testbed(s.onlineSteps(), seed).withCqlAlpha(s.onlineCqlAlpha());
            for (String arm : online.keySet()) {
                var env = Games.create(s.onlineGame(), variant, 1000L + seed);
                FineTuning.OnlineRun r = arm.equals("scratch")
                        ? FineTuning.online(SameDiffQNetwork.create(FineTuning.singleGameConfig(pre, env), seed), n -> false,
                                oc, env, null)
                        : FineTuning.online(pre, TransferConfig.paper(), oc, env, seed, null);
                online.get(arm)[seed] = evaluate(r.network(), s.onlineGame(), variant.withMaxEpisodeSteps(s.evalMaxSteps()),
                        s, seed);
                LOG.info("online {} seed {}: {} gradient steps, normalized {}", arm, seed, r.result().gradientSteps(),
                        online.get(arm)[seed]);
            }
        }
        String how = pre.source().equals(s.output().resolve("pretrain")) ? String.format(
                "pre-trained here: %,d steps of %s on %,d dqn-log transitions per game", s.pretrainConfig().steps(),
                s.pretrainConfig().network().encoder().displayName(), s.pretrainTransitions()) : "reused";
        return new Summary(pre.source().toString(), how, compare(s.heldOutGame(), 0, offline, s),
                compare(s.onlineGame(), s.onlineMode(), online, s), (System.nanoTime() - t0) / 1e9);
    }

    private static Pretrained pretrained(Settings s) throws IOException {
        if (s.pretrained() != null && Files.exists(s.pretrained().resolve(Pretrained.NETWORK_FILE))) {
            LOG.info("reusing the pre-trained network in {}", s.pretrained());
            return Pretrained.load(s.pretrained());
        }
        Path runDir = s.output().resolve("pretrain");
        if (Files.exists(runDir.resolve(Pretrained.NETWORK_FILE))) {
            LOG.info("reusing the pre-trained network in {}", runDir);
            return Pretrained.load(runDir);
        }
        Path data = s.output().resolve("pretrain-data");
        if (!Files.exists(data.resolve("manifest.json"))) {
            LOG.info("no pre-trained network in {}: pre-training here ({} dqn-log transitions for each of {}, the "
                    + "main demo's data)", s.pretrained(), s.pretrainTransitions(), s.pretrainGames());
            DiskStoreWriter w = TransitionStores.writer(data);
            try {
                DqnLogGenerator.generate(DqnLogGenerator.Config.initialPrefix(s.pretrainGames(), s.pretrainTransitions(),
                        EnvironmentConfig.defaults(), s.pretrainConfig().seed()), w, new OnlineListener() { },
                        Runtime.getRuntime().availableProcessors()); // one game per core, as the main demo
            } catch (IOException | RuntimeException e) {
                w.abort();
                throw e;
            }
            w.close();
        }
        try (DiskTransitionStore store = TransitionStores.open(data)) {
            Trainer.builder(s.pretrainConfig(), store, runDir).games(s.pretrainGames())
                    .resume(Files.exists(runDir.resolve("checkpoints"))).label("pre-train").build().run();
        }
        return Pretrained.load(runDir);
    }

    private static double evaluate(SameDiffQNetwork net, String game, EnvironmentConfig env, Settings s, int seed) {
        Evaluator ev = org.scaledql.core.eval.Evaluators.testbed(EvaluationConfig.defaults(500 + seed)
                .withEpisodes(s.evalEpisodes()).withEnvironment(env));
        return ev.evaluate(net, List.of(game)).game(game).normalizedMean();
    }

    private static Comparison compare(String game, int mode, Map<String, double[]> perSeed, Settings s) {
        StratifiedBootstrap boot = new StratifiedBootstrap(BootstrapConfig.defaults(0), 1);
        Map<String, Interval> arms = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : perSeed.entrySet()) {
            double[][] rows = new double[e.getValue().length][1];
            for (int i = 0; i < rows.length; i++) {
                rows[i][0] = e.getValue()[i];
            }
            arms.put(e.getKey(), boot.interval(new ScoreMatrix(List.of(game), rows), Aggregates.iqm()));
        }
        return new Comparison(game, mode, arms, perSeed);
    }

    private static void deleteRun(Path runDir) throws IOException {
        if (!Files.exists(runDir)) {
            return;
        }
        try (var paths = Files.walk(runDir)) {
            List<Path> all = new ArrayList<>(paths.toList());
            java.util.Collections.reverse(all);
            for (Path p : all) {
                Files.delete(p);
            }
        }
    }

    /** A text table: one block per scenario, one row per arm with the point estimate and interval. */
    public static String table(Summary s) {
        StringBuilder b = new StringBuilder();
        b.append("pre-trained network: ").append(s.pretrainedFrom()).append(" (").append(s.pretrainedHow())
                .append(")\n");
        for (Comparison c : List.of(s.offline(), s.online())) {
            String title = c == s.offline() ? "offline, held-out game " + c.game()
                    : "online, " + c.game() + " mode " + c.mode() + " (" + Games.info(c.game()).modes().get(c.mode()).name() + ")";
            b.append(String.format("%-44s %28s%n", title, "normalized [95% CI, seeds]"));
            for (Map.Entry<String, Interval> e : c.arms().entrySet()) {
                Interval i = e.getValue();
                b.append(String.format("  %-42s %28s%n", e.getKey(),
                        String.format("%.3f [%.3f, %.3f]", i.point(), i.lower(), i.upper())));
            }
        }
        return b.toString();
    }
}
