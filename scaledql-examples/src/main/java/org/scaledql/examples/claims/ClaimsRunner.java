package org.scaledql.examples.claims;

import static com.google.common.base.Preconditions.checkArgument;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.scaledql.api.dt.DecisionTransformerConfig;
import org.scaledql.api.env.EnvironmentConfig;
import org.scaledql.api.eval.EvaluationConfig;
import org.scaledql.api.eval.EvaluationReport;
import org.scaledql.api.eval.GameEvaluation;
import org.scaledql.api.learn.StepResult;
import org.scaledql.api.nn.NetworkConfig;
import org.scaledql.api.nn.QNetwork;
import org.scaledql.api.online.OnlineListener;
import org.scaledql.api.train.TrainConfig;
import org.scaledql.api.transfer.OnlineFineTuningConfig;
import org.scaledql.api.transfer.MaeConfig;
import org.scaledql.api.transfer.TransferConfig;
import org.scaledql.core.data.store.DiskStoreWriter;
import org.scaledql.core.data.store.DiskTransitionStore;
import org.scaledql.core.data.store.TransitionStores;
import org.scaledql.core.dt.DecisionTransformer;
import org.scaledql.core.dt.DecisionTransformerPolicy;
import org.scaledql.core.dt.DecisionTransformerTrainer;
import org.scaledql.core.env.Games;
import org.scaledql.core.env.GridEnvironment;
import org.scaledql.core.eval.DatasetScores;
import org.scaledql.core.eval.Evaluators;
import org.scaledql.core.io.AtomicFiles;
import org.scaledql.core.io.Json;
import org.scaledql.core.nn.SameDiffQNetwork;
import org.scaledql.core.online.DqnLogGenerator;
import org.scaledql.core.runtime.NativeThreads;
import org.scaledql.core.runtime.Tasks;
import org.scaledql.core.train.Trainer;
import org.scaledql.core.transfer.FineTuning;
import org.scaledql.core.transfer.MaskedAutoencoder;
import org.scaledql.core.transfer.Pretrained;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Plan}: each step in its directory under the output, {@code parallel} steps at a time (one native
 * thread each), a step only once its dependencies are done. Resumable: a run whose {@link RunResult#FILE} exists is
 * skipped, data whose store exists is reused, and an unfinished offline run continues from its last checkpoint
 * (the {@link Trainer} resumes bit for bit), so a rerun of the same command ends with the same result files as an
 * uninterrupted one. Online runs keep no checkpoint and restart. Progress with an ETA goes to stderr.
 */
public final class ClaimsRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ClaimsRunner.class);

    /** Training steps between a run's progress lines. */
    private static final long PROGRESS_EVERY = 1_000;
    /** Written last into a masked-autoencoder step's directory: its settings and losses; marks the step done. */
    static final String MAE_FILE = "mae.json";

    /** The output's record of the budget it was started with: a rerun must use the same one. */
    public static final String MANIFEST = "reproduce.json";

    /**
     * What to run.
     *
     * @param output    the output directory
     * @param plan      the plan
     * @param parallel  steps at a time (one native thread each)
     * @param interrupt stops the whole command with an exception at one step of one run (tests use it to simulate a
     *                  kill), or null
     * @param progress  where the plan, each step's start and end, and the ETA are written (the command's stderr)
     */
    public record Options(Path output, Plan plan, int parallel, Interrupt interrupt, PrintWriter progress) {
        /** Validates. */
        public Options {
            Objects.requireNonNull(output, "output");
            Objects.requireNonNull(plan, "plan");
            Objects.requireNonNull(progress, "progress");
            checkArgument(parallel >= 1, "parallel must be >= 1; got %s", parallel);
        }
    }

    /**
     * Where to stop the command, as a kill would: the run's step counts up to {@code step}, then an {@link
     * Interrupted} exception ends every step in flight.
     *
     * @param run  a run id ({@link Plan#runId})
     * @param step the training step after which to stop
     */
    public record Interrupt(String run, long step) {
    }

    /** Thrown by an {@link Interrupt}. */
    public static final class Interrupted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Interrupted(String message) {
            super(message);
        }
    }

    private final Options options;
    private final Budget budget;
    private final Path out;
    private volatile boolean cancelled;

    private ClaimsRunner(Options options) {
        this.options = options;
        this.budget = options.plan().budget();
        this.out = options.output();
    }

    /**
     * Runs every step not yet done.
     *
     * @param options what to run
     * @return every run's result, by run id, in plan order
     * @throws IOException              if reading or writing fails
     * @throws IllegalArgumentException if the output was started with another budget
     */
    public static Map<String, RunResult> run(Options options) throws IOException {
        return new ClaimsRunner(options).runAll();
    }

    private Map<String, RunResult> runAll() throws IOException {
        Files.createDirectories(out);
        checkManifest();
        LOG.info("native threads per run: {}", NativeThreads.limitUnlessConfigured(1));
        Plan plan = options.plan();
        Set<String> done = new HashSet<>();
        double totalWeight = 0;
        int skipped = 0;
        Map<String, Double> weights = new LinkedHashMap<>();
        for (Plan.Step s : plan.steps()) {
            if (isDone(s)) {
                done.add(s.id());
                skipped++;
            } else {
                weights.put(s.id(), estimatedSeconds(s));
                totalWeight += weights.get(s.id());
            }
        }
        say(String.format(Locale.ROOT, "plan: %d steps (%d runs of %d arms x %d seeds, budget %s); %d already done",
                plan.steps().size(), plan.runs().size(), plan.arms().size(), plan.seeds(), budget.name(), skipped));
        Scheduler scheduler = new Scheduler(plan.steps(), done, weights, totalWeight, this::say);
        int threads = Math.min(options.parallel(), Math.max(1, plan.steps().size() - skipped));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "reproduce");
            t.setDaemon(true);
            return t;
        });
        List<Future<Void>> workers = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                workers.add(pool.submit(() -> {
                    work(scheduler);
                    return null;
                }));
            }
            for (Future<Void> w : workers) {
                Tasks.await(w, "a reproduce worker");
            }
        } finally {
            pool.shutdown();
        }
        scheduler.rethrow();
        Map<String, RunResult> results = new LinkedHashMap<>();
        for (Plan.Step s : plan.runs()) {
            results.put(s.id(), RunResult.read(out.resolve(s.id())));
        }
        return results;
    }

    /**
     * A step's estimated seconds on one core, for the ETA only: a training step costs about 0.02 s plus 4e-8 s per
     * encoder parameter (fitted to the step rates measured for the capacity study, docs/claims.md), plus its
     * evaluations; data costs its transitions at the demo's rate.
     */
    private double estimatedSeconds(Plan.Step s) {
        return estimatedSeconds(s, budget, stepSeconds);
    }

    private final Map<TrainConfig, Double> stepSeconds = new java.util.HashMap<>();

    private static double estimatedSeconds(Plan.Step s, Budget budget, Map<TrainConfig, Double> cache) {
        if (s.type() == Plan.Type.MAE) {
            return budget.maeSteps() * secondsPerStep(budget.train(), budget, cache);
        }
        if (s.type() != Plan.Type.RUN) {
            return s.weight();
        }
        Arm a = s.arm();
        return switch (a.kind()) {
            case BEHAVIOR -> 1;
            case OFFLINE, FINETUNE_PRETRAINED, FINETUNE_SCRATCH, FINETUNE_MAE, FROZEN_MAE ->
                    a.train().steps() * secondsPerStep(a.train(), budget, cache) + 30;
            case ONLINE_PRETRAINED, ONLINE_SCRATCH -> budget.onlineSteps() / 4.0
                    * secondsPerStep(budget.train(), budget, cache) + budget.onlineSteps() * 0.004 + 10;
            case DECISION_TRANSFORMER -> budget.dtConfig().steps() / Budget.DT_STEPS_PER_SQL_STEP
                    * secondsPerStep(budget.train(), budget, cache) + 30;
        };
    }

    private static double secondsPerStep(TrainConfig c, Budget budget, Map<TrainConfig, Double> cache) {
        return cache.computeIfAbsent(c, k -> 0.02 + 4e-8 * parameters(k, budget.games()).get("encoder"));
    }

    /**
     * {@return the plan's estimated core-seconds (every step, done or not), from the step-time model above: a guide
     * for sizing budgets, not a measurement}
     *
     * @param plan the plan
     */
    public static double estimatedCoreSeconds(Plan plan) {
        Map<TrainConfig, Double> cache = new java.util.HashMap<>();
        double total = 0;
        for (Plan.Step s : plan.steps()) {
            total += estimatedSeconds(s, plan.budget(), cache);
        }
        return total;
    }

    private void say(String line) {
        synchronized (options.progress()) {
            options.progress().println("reproduce: " + line);
            options.progress().flush();
        }
    }

    private void checkManifest() throws IOException {
        Path m = out.resolve(MANIFEST);
        if (Files.exists(m)) {
            JsonNode n = Json.mapper().readTree(m.toFile());
            String was = n == null || !n.has("budget") ? null : n.get("budget").asText();
            checkArgument(budget.name().equals(was), "%s: field 'budget' is '%s', but this command asks for --budget %s; "
                    + "rerun with --budget %s to continue that matrix, or choose another --output", m, was, budget.name(),
                    was);
        } else {
            ObjectNode n = Json.mapper().createObjectNode().put("budget", budget.name());
            AtomicFiles.writeString(m, Json.mapper().writeValueAsString(n));
        }
    }

    private boolean isDone(Plan.Step s) throws IOException {
        Path dir = out.resolve(s.id());
        if (s.type() == Plan.Type.MAE) {
            return Files.exists(dir.resolve(MAE_FILE));
        }
        if (s.type() != Plan.Type.RUN) {
            return Files.exists(dir.resolve("manifest.json"));
        }
        boolean done = Files.exists(dir.resolve(RunResult.FILE));
        Path saved = dir.resolve("config.json");
        if (done && s.arm().kind() == Arm.Kind.OFFLINE && Files.exists(saved)) {
            // A finished run of another config (the code's arms changed since) must not pass for this arm's.
            TrainConfig was = Json.mapper().readValue(saved.toFile(), TrainConfig.class);
            TrainConfig now = withCurve(s.arm().train().withSeed(s.seed()));
            checkArgument(was.equals(now), "%s: the finished run was trained with another config than arm '%s' has "
                    + "now (%s, expected %s); delete %s to rerun it, or choose another --output", saved, s.arm().id(),
                    was, now, dir);
        }
        if (done && s.arm().kind() == Arm.Kind.DECISION_TRANSFORMER && Files.exists(saved)) {
            DecisionTransformerConfig was = Json.mapper().readValue(saved.toFile(), DecisionTransformerConfig.class);
            DecisionTransformerConfig now = budget.dtConfig().withSeed(s.seed());
            checkArgument(was.equals(now), "%s: the finished run was trained with another config than arm '%s' has "
                    + "now (%s, expected %s); delete %s to rerun it, or choose another --output", saved, s.arm().id(),
                    was, now, dir);
        }
        return done;
    }

    private void work(Scheduler scheduler) throws Exception {
        NativeThreads.applyToCurrentThread();
        Plan.Step s;
        while ((s = scheduler.next()) != null) {
            long t0 = System.nanoTime();
            try {
                execute(s);
            } catch (Throwable e) {
                cancelled = true;
                scheduler.fail(s, e);
                return;
            }
            scheduler.finished(s, (System.nanoTime() - t0) / 1e9);
        }
    }

    private void execute(Plan.Step s) throws IOException {
        Path dir = out.resolve(s.id());
        switch (s.type()) {
            case DATA -> generate(dir, budget.games(), budget.transitionsPerGame(), s.seed());
            case HELD_OUT_DATA -> generate(dir, budget.heldOutGames(), budget.heldOutTransitions(), s.seed());
            case MAE -> pretrainMae(s, dir);
            case RUN -> {
                if (Files.isDirectory(dir.resolve("checkpoints"))) {
                    say("resuming " + s.id() + " from its last checkpoint");
                }
                Files.createDirectories(dir);
                long t0 = System.nanoTime();
                RunResult r = switch (s.arm().kind()) {
                    case BEHAVIOR -> behavior(s);
                    case OFFLINE -> offline(s, dir);
                    case FINETUNE_PRETRAINED, FINETUNE_SCRATCH, FINETUNE_MAE, FROZEN_MAE -> fineTune(s, dir);
                    case ONLINE_PRETRAINED, ONLINE_SCRATCH -> online(s, dir);
                    case DECISION_TRANSFORMER -> decisionTransformer(s, dir);
                };
                ObjectNode timing = Json.mapper().createObjectNode().put("wallSeconds", (System.nanoTime() - t0) / 1e9);
                AtomicFiles.writeString(dir.resolve("timing.json"), Json.mapper().writeValueAsString(timing));
                r.write(dir);
            }
            default -> throw new IllegalStateException("unreachable: " + s.type());
        }
    }

    /** The demo's data protocol (dqn-log, the initial prefix of an online DQN's replay), one game after another. */
    private void generate(Path dir, List<String> games, long transitions, int seed) throws IOException {
        LOG.info("generating {} dqn-log transitions for each of {} (seed {})", transitions, games, seed);
        Files.createDirectories(dir.getParent());
        DiskStoreWriter w = TransitionStores.writer(dir);
        try {
            DqnLogGenerator.generate(DqnLogGenerator.Config.initialPrefix(games, transitions, environment(), seed), w,
                    new OnlineListener() {
                        @Override
                        public void onTrainStep(long environmentStep, StepResult result) {
                            checkCancelled();
                        }
                    }, 1);
        } catch (IOException | RuntimeException e) {
            w.abort();
            throw e;
        }
        w.close();
    }

    private static EnvironmentConfig environment() {
        return EnvironmentConfig.defaults();
    }

    private EvaluationConfig evaluation(int seed, int episodes, EnvironmentConfig env) {
        return EvaluationConfig.defaults(seed + 1L).withEpisodes(episodes)
                .withEnvironment(env.withMaxEpisodeSteps(budget.evalMaxSteps()));
    }

    private RunResult behavior(Plan.Step s) throws IOException {
        try (DiskTransitionStore store = TransitionStores.open(out.resolve(Plan.dataId(s.seed())))) {
            EvaluationReport r = DatasetScores.of(store, budget.games(), evaluation(s.seed(), budget.evalEpisodes(),
                    environment()));
            return result(s, r, null, 0);
        }
    }

    private RunResult offline(Plan.Step s, Path dir) throws IOException {
        TrainConfig c = withCurve(s.arm().train().withSeed(s.seed()));
        try (DiskTransitionStore store = TransitionStores.open(out.resolve(Plan.dataId(s.seed())))) {
            Trainer.Builder b = Trainer.builder(c, store, dir).games(budget.games());
            return train(s, dir, c, b, budget.games(), environment());
        }
    }

    /**
     * Claim (f)'s representation baseline: a masked autoencoder on the seed's training data, with the baseline's
     * network; {@code network.sqlarr} and {@code games.json} as a run directory has them (so fine-tuning loads it
     * as it loads the baseline), then {@value #MAE_FILE} (settings and losses) last, which marks the step done.
     */
    private void pretrainMae(Plan.Step s, Path dir) throws IOException {
        MaeConfig mae = budget.maeConfig(s.seed());
        try (DiskTransitionStore store = TransitionStores.open(out.resolve(Plan.dataId(s.seed())))) {
            NetworkConfig nc = Trainer.networkConfig(budget.train().withSeed(s.seed()), store, budget.games());
            MaskedAutoencoder.Result r = MaskedAutoencoder.pretrain(nc, mae, store, budget.games(), (step, loss) -> {
                checkCancelled();
                if (step % PROGRESS_EVERY == 0 && step < mae.steps()) {
                    say(String.format(Locale.ROOT, "%s: step %,d of %,d, loss %.5f", s.id(), step, mae.steps(), loss));
                }
            });
            Files.createDirectories(dir);
            r.network().save(dir.resolve(Pretrained.NETWORK_FILE));
            AtomicFiles.writeString(dir.resolve(Pretrained.GAMES_FILE), Json.mapper().writeValueAsString(budget.games()));
            ObjectNode n = Json.mapper().createObjectNode();
            n.set("config", Json.mapper().valueToTree(mae));
            n.put("firstLoss", r.firstLoss()).put("lastLoss", r.lastLoss());
            n.set("trained", Json.mapper().valueToTree(r.trained()));
            AtomicFiles.writeString(dir.resolve(MAE_FILE), Json.mapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(n));
        }
    }

    private RunResult fineTune(Plan.Step s, Path dir) throws IOException {
        TrainConfig c = withCurve(s.arm().train().withSeed(s.seed()));
        List<String> games = budget.heldOutGames();
        try (DiskTransitionStore store = TransitionStores.open(out.resolve(Plan.heldOutId(s.seed())))) {
            Trainer.Builder b;
            Arm.Kind kind = s.arm().kind();
            if (kind == Arm.Kind.FINETUNE_SCRATCH) {
                b = Trainer.builder(c, store, dir).games(games);
            } else {
                Pretrained pre = Pretrained.load(out.resolve(kind.needsMae() ? Plan.maeId(s.seed())
                        : Plan.runId(Claims.BASELINE, s.seed())));
                TransferConfig transfer = TransferConfig.paper().withFreezeEncoder(kind == Arm.Kind.FROZEN_MAE);
                b = FineTuning.offline(pre, transfer, FineTuning.configFor(pre, c), store, games, dir);
            }
            return train(s, dir, c, b, games, environment());
        }
    }

    /** Intermediate evaluations for the learning curves, evenly spaced; the last one at the end of the run. */
    private TrainConfig withCurve(TrainConfig c) {
        long every = budget.curvePoints() == 0 ? c.steps() : Math.max(1, c.steps() / (budget.curvePoints() + 1));
        return c.withPeriods(Math.min(c.checkpointEvery(), c.steps()), Math.min(c.logEvery(), c.steps()), every);
    }

    private RunResult train(Plan.Step s, Path dir, TrainConfig c, Trainer.Builder b, List<String> games,
            EnvironmentConfig env) throws IOException {
        EvaluationReport[] last = new EvaluationReport[1];
        Trainer.Result r = b.resume(Files.exists(dir.resolve("checkpoints"))).label(s.id()).progress(false)
                .evalHook((net, step) -> {
                    boolean end = step >= c.steps();
                    EvaluationReport rep = Evaluators.testbed(evaluation(s.seed(), end ? budget.evalEpisodes()
                            : budget.curveEpisodes(), env)).evaluate(net, games);
                    if (end) {
                        last[0] = rep;
                    }
                    return normalizedScores(rep);
                })
                .listener(new Trainer.Listener() {
                    @Override
                    public void stepped(long step, double seconds) {
                        trainingStep(s, step, c.steps());
                    }
                }).build().run();
        return result(s, last[0], r.network(), c.steps());
    }

    /**
     * After each training step of a run: stops when the matrix is cancelled, reports progress every {@value
     * #PROGRESS_EVERY} steps, and throws {@link Interrupted} at the step the options' {@link Interrupt} names.
     */
    private void trainingStep(Plan.Step s, long step, long steps) {
        checkCancelled();
        if (step % PROGRESS_EVERY == 0 && step < steps) {
            say(String.format(Locale.ROOT, "%s: step %,d of %,d", s.id(), step, steps));
        }
        Interrupt stop = options.interrupt();
        if (stop != null && stop.run().equals(s.id()) && step == stop.step()) {
            throw new Interrupted("interrupted at step " + step + " of " + s.id());
        }
    }

    private RunResult online(Plan.Step s, Path dir) throws IOException {
        int seed = s.seed();
        OnlineFineTuningConfig oc = budget.onlineConfig(seed);
        ObjectNode saved = Json.mapper().createObjectNode().put("game", budget.onlineGame())
                .put("mode", budget.onlineMode());
        saved.set("online", Json.mapper().valueToTree(oc));
        AtomicFiles.writeString(dir.resolve("config.json"), Json.mapper().writeValueAsString(saved));
        EnvironmentConfig variant = environment().withVariant(budget.onlineMode(), 0);
        GridEnvironment env = Games.create(budget.onlineGame(), variant, 1000L + seed);
        OnlineListener listener = new OnlineListener() {
            @Override
            public void onTrainStep(long environmentStep, StepResult result) {
                checkCancelled();
            }
        };
        FineTuning.OnlineRun r;
        if (s.arm().kind() == Arm.Kind.ONLINE_PRETRAINED) {
            Pretrained pre = Pretrained.load(out.resolve(Plan.runId(Claims.BASELINE, seed)));
            r = FineTuning.online(pre, TransferConfig.paper(), oc, env, seed, listener);
        } else {
            NetworkConfig nc = budget.train().network().toNetworkConfig(env.spec().observationShape(), 1,
                    env.spec().numActions());
            r = FineTuning.online(SameDiffQNetwork.create(nc, seed), n -> false, oc, env, listener);
        }
        EvaluationReport rep = Evaluators.testbed(evaluation(seed, budget.evalEpisodes(), variant))
                .evaluate(r.network(), List.of(budget.onlineGame()));
        return result(s, rep, r.network(), budget.onlineSteps());
    }

    private void checkCancelled() {
        if (cancelled) {
            throw new CancellationException("another step of the matrix failed");
        }
    }

    private static Map<String, Double> normalizedScores(EvaluationReport rep) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (GameEvaluation g : rep.games()) {
            m.put("norm/" + g.game(), g.normalizedMean());
        }
        return m;
    }

    /**
     * The Decision Transformer arm: trained on the seed's data (its run directory as {@code ./scaledql train
     * --preset dt-small} writes it), then played by its return-conditioned policy with the protocol that scores
     * every other arm. A finished model whose evaluation did not complete is evaluated, not retrained; an
     * interrupted training starts over (it has no checkpoints).
     */
    private RunResult decisionTransformer(Plan.Step s, Path dir) throws IOException {
        DecisionTransformerConfig c = budget.dtConfig().withSeed(s.seed());
        Path modelFile = dir.resolve(DecisionTransformerTrainer.MODEL_FILE);
        DecisionTransformer model;
        if (Files.exists(modelFile)) {
            model = DecisionTransformer.load(modelFile);
        } else {
            try (DiskTransitionStore store = TransitionStores.open(out.resolve(Plan.dataId(s.seed())))) {
                model = DecisionTransformerTrainer.train(c, store, budget.games(), dir,
                        (stats, seconds) -> trainingStep(s, stats.step(), c.steps()), false).model();
            }
        }
        EvaluationReport rep = Evaluators.testbed(evaluation(s.seed(), budget.evalEpisodes(), environment()))
                .evaluatePolicy(budget.games(), DecisionTransformerPolicy.factory(model));
        return result(s, rep, model.parameterCount(), model.encoderParameterCount(), c.steps());
    }

    private static RunResult result(Plan.Step s, EvaluationReport rep, QNetwork net, long steps) {
        return result(s, rep, net == null ? 0 : net.parameterCount(),
                net == null ? 0 : net.parameterBreakdown().get("encoder"), steps);
    }

    private static RunResult result(Plan.Step s, EvaluationReport rep, long parameters, long encoderParameters,
            long steps) {
        Objects.requireNonNull(rep, "the run ended without its final evaluation");
        List<String> games = new ArrayList<>();
        Map<String, Double> norm = new LinkedHashMap<>();
        Map<String, Double> ret = new LinkedHashMap<>();
        for (GameEvaluation g : rep.games()) {
            games.add(g.game());
            norm.put(g.game(), g.normalizedMean());
            ret.put(g.game(), g.meanReturn());
        }
        return new RunResult(s.arm().id(), s.seed(), games, norm, ret, parameters, encoderParameters, steps);
    }

    /**
     * {@return the parameter counts of an offline arm's network on these games (built, not trained): {@code
     * encoder}, {@code reduction}, {@code torso}, {@code heads}}
     *
     * @param c     the arm's config
     * @param games its games (each gets a head)
     */
    public static Map<String, Long> parameters(TrainConfig c, List<String> games) {
        // Built once per config and games: the plan's printout, its estimate and the ETA all ask.
        return PARAMETERS.computeIfAbsent(List.of(c.network(), c.frameStack(), List.copyOf(games)),
                k -> countParameters(c, games));
    }

    private static final Map<List<Object>, Map<String, Long>> PARAMETERS = new java.util.concurrent.ConcurrentHashMap<>();

    private static Map<String, Long> countParameters(TrainConfig c, List<String> games) {
        int[] obs = null;
        int actions = 0;
        for (String g : games) {
            GridEnvironment env = Games.create(g, environment(), 0);
            obs = env.spec().observationShape();
            actions = Math.max(actions, env.spec().numActions());
        }
        int[] stacked = {obs[0] * c.frameStack(), obs[1], obs[2]};
        QNetwork net = SameDiffQNetwork.create(c.network().toNetworkConfig(stacked, games.size(), actions), 0);
        return net.parameterBreakdown();
    }

    /** Hands out steps whose dependencies are done, in plan order, and reports progress with an ETA. */
    private static final class Scheduler {
        private final List<Plan.Step> pending = new ArrayList<>();
        private final Set<String> done;
        private final Map<String, Double> weights;
        private final double totalWeight;
        private final long start = System.nanoTime();
        private final int total;
        private double doneWeight;
        private int finished;
        private int running;
        private Throwable failure;
        private String failedStep;
        private final java.util.function.Consumer<String> say;

        Scheduler(List<Plan.Step> steps, Set<String> done, Map<String, Double> weights, double totalWeight,
                java.util.function.Consumer<String> say) {
            this.weights = weights;
            this.say = say;
            this.done = new HashSet<>(done);
            for (Plan.Step s : steps) {
                if (!done.contains(s.id())) {
                    pending.add(s);
                }
            }
            this.total = pending.size();
            this.totalWeight = totalWeight;
        }

        synchronized Plan.Step next() throws InterruptedException {
            while (true) {
                if (failure != null) {
                    return null;
                }
                for (Plan.Step s : pending) {
                    if (done.containsAll(s.deps())) {
                        pending.remove(s);
                        running++;
                        say.accept("starting " + s.id());
                        return s;
                    }
                }
                if (pending.isEmpty() || running == 0) {
                    return null;
                }
                wait();
            }
        }

        synchronized void finished(Plan.Step s, double seconds) {
            running--;
            done.add(s.id());
            finished++;
            doneWeight += weights.get(s.id());
            double elapsed = (System.nanoTime() - start) / 1e9;
            double eta = elapsed / doneWeight * (totalWeight - doneWeight);
            say.accept(String.format(Locale.ROOT, "done %s in %.0f s; %d of %d steps done (%.0f%% of the estimated work), "
                    + "elapsed %s, ETA %s", s.id(), seconds, finished, total, 100 * doneWeight / totalWeight,
                    clock(elapsed), clock(eta)));
            notifyAll();
        }

        synchronized void fail(Plan.Step s, Throwable e) {
            running--;
            if (failure == null || failure instanceof CancellationException) {
                failure = e;
                failedStep = s.id();
            }
            notifyAll();
        }

        synchronized void rethrow() throws IOException {
            if (failure != null) {
                throw Tasks.rethrow(failure, failedStep);
            }
        }

        private static String clock(double seconds) {
            long s = Math.round(seconds);
            return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
        }
    }
}
