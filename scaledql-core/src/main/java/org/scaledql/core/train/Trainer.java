package org.scaledql.core.train;

import static com.google.common.base.Preconditions.checkArgument;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.scaledql.api.data.GameMetadata;
import org.scaledql.api.data.GameOrigin;
import org.scaledql.api.data.GameWeighting;
import org.scaledql.api.data.Sampler;
import org.scaledql.api.data.ObservationFormat;
import org.scaledql.api.data.SamplerConfig;
import org.scaledql.api.data.TransitionStore;
import org.scaledql.api.learn.StepResult;
import org.scaledql.api.nn.NetworkConfig;
import org.scaledql.api.nn.QNetwork;
import org.scaledql.api.train.OptimizerConfig;
import org.scaledql.api.train.TrainConfig;
import org.scaledql.core.data.sampling.Samplers;
import org.scaledql.core.io.AtomicFiles;
import org.scaledql.core.io.DirectoryLock;
import org.scaledql.core.io.Json;
import org.scaledql.core.learn.DataParallelTrainStep;
import org.scaledql.core.learn.ScaledQlTrainStep;
import org.scaledql.core.runtime.NativeThreads;
import org.scaledql.core.nn.SameDiffQNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a {@link ScaledQlTrainStep} over a store's sampler for {@code steps} steps: target syncs, metric
 * logs ({@code metrics.csv}, {@code metrics.jsonl}, SLF4J), a progress bar on stderr, periodic evaluation
 * through an {@link EvalHook}, and checkpoints from which {@code resume} continues bit-for-bit.
 *
 * <p>By default the network starts from the config's seed; {@link Builder#initialNetwork} starts it from given
 * parameters instead (fine-tuning a transferred network) and {@link Builder#frozen} keeps some of them fixed.
 *
 * <p>Evaluation: with {@code evalEvery > 0} the hook runs every {@code evalEvery} steps and once at the end; with
 * {@code evalEvery = 0} it never runs unless {@link Builder#finalEvaluation} asks for the one at the end. The final
 * network is written before the final evaluation, so a failing evaluation never loses the trained network.
 *
 * <p>Run directory: {@code config.json} (the config used), {@code games.json} (game names in taskId order),
 * {@value #ORIGINS_FILE} (each game's {@link GameOrigin}, where the store records one), {@code checkpoints/},
 * {@code metrics.*}, {@code eval.*}, and at the end {@value #NETWORK_FILE}; {@code .lock} makes the running
 * trainer its only writer ({@link DirectoryLock}).
 */
public final class Trainer {

    /** The final network in a run directory ({@link SameDiffQNetwork#load}). */
    public static final String NETWORK_FILE = "network.sqlarr";

    /**
     * The run directory's record of where its games' data came from: a JSON object from game name (as in
     * {@code games.json}) to {@link GameOrigin}, holding only games whose store records one. Runs from before it
     * existed have no such file.
     */
    public static final String ORIGINS_FILE = "origins.json";

    /**
     * Hears about a run while it trains, for reports such as the command line's step time and projected wall time.
     * Both methods run on the training thread; the defaults do nothing.
     */
    public interface Listener {
        /**
         * Called once the network is built (or restored), before the first step.
         *
         * @param network   the network being trained
         * @param startStep the step training continues from (0 for a new run)
         * @param steps     the step the run ends at
         */
        default void started(SameDiffQNetwork network, long startStep, long steps) {
        }

        /**
         * Called after each trained step.
         *
         * @param step    the step just finished (1-based)
         * @param seconds its wall time: drawing the batch and the training step (evaluations and checkpoints are
         *                not included)
         */
        default void stepped(long step, double seconds) {
        }
    }

    /** Evaluates the network during training; returns namespaced metrics (e.g. {@code eval/iqm}). */
    @FunctionalInterface
    public interface EvalHook {
        /**
         * Evaluates {@code network} after {@code step} steps.
         *
         * @param network the network
         * @param step    the steps trained
         * @return the report
         * @throws IOException if reading or writing fails
         */
        Map<String, Double> evaluate(QNetwork network, long step) throws IOException;
    }

    /**
     * What a finished run produced.
     *
     * @param network        the trained network
     * @param games          games in head order
     * @param steps          the run's total step count
     * @param wallSeconds    this call's wall time (a resumed run counts only what it did after resuming)
     * @param lastMetrics    the last metric row
     * @param lastEval       the last evaluation's metrics (empty without an evaluation hook)
     * @param stepsPerSecond steps this call trained per second of its training loop (periodic evaluations
     *                       excluded; NaN when it trained none)
     */
    public record Result(SameDiffQNetwork network, List<String> games, long steps, double wallSeconds,
            Map<String, Double> lastMetrics, Map<String, Double> lastEval, double stepsPerSecond) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private final TrainConfig config;
    private final TransitionStore store;
    private final Path runDir;
    private final List<String> games;
    private final EvalHook evalHook;
    private final boolean resume;
    private final boolean progress;
    private final String label;
    private final SameDiffQNetwork initialNetwork;
    private final Predicate<String> frozen;
    private final int workers;
    private final boolean finalEvaluation;
    private final Listener listener;

    private Trainer(Builder b) {
        this.config = b.config;
        this.store = b.store;
        this.runDir = b.runDir;
        this.games = b.games != null ? List.copyOf(b.games) : store.games().stream().map(GameMetadata::name).toList();
        this.evalHook = b.evalHook;
        this.resume = b.resume;
        this.progress = b.progress;
        this.label = b.label;
        this.initialNetwork = b.initialNetwork;
        this.frozen = b.frozen;
        this.workers = b.workers;
        this.finalEvaluation = b.finalEvaluation;
        this.listener = b.listener;
        checkArgument(!games.isEmpty(), "no games to train on");
        if (initialNetwork != null) {
            checkArgument(initialNetwork.config().equals(networkConfig()),
                    "the initial network's config must be the one this run trains (from the train config's network and "
                            + "the store's games %s); got %s, expected %s. Build the initial network with "
                            + "Trainer.networkConfig(...)", games, initialNetwork.config(), networkConfig());
        }
    }

    /**
     * {@return a builder for a run of {@code config} on {@code store}, writing to {@code runDir}}
     *
     * @param config the training config
     * @param store  the data
     * @param runDir the run directory
     */
    public static Builder builder(TrainConfig config, TransitionStore store, Path runDir) {
        return new Builder(config, store, runDir);
    }

    /** {@return the network config this run trains, derived from the config and the store's games} */
    public NetworkConfig networkConfig() {
        return networkConfig(config, store, games);
    }

    /**
     * {@return the network config for {@code games} of {@code store}: frame shape times the stack, shared action
     * count}
     *
     * @param config the training config
     * @param store  the data
     * @param games  the games, in taskId order
     */
    public static NetworkConfig networkConfig(TrainConfig config, TransitionStore store, List<String> games) {
        int[] frame = null;
        int actions = 0;
        for (String g : games) {
            GameMetadata m = store.games().stream().filter(x -> x.name().equals(g)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("game " + g + " is not in the store; it has "
                            + store.games().stream().map(GameMetadata::name).toList()));
            int[] f = m.frameShapeArray();
            if (frame == null) {
                frame = f;
            }
            checkArgument(java.util.Arrays.equals(frame, f),
                    "all games must share one frame shape to share a network; %s has %s, %s has %s",
                    games.get(0), java.util.Arrays.toString(frame), g, java.util.Arrays.toString(f));
            actions = Math.max(actions, m.numActions());
        }
        int[] obs = {frame[0] * config.frameStack(), frame[1], frame[2]};
        return config.network().toNetworkConfig(obs, games.size(), actions);
    }

    /**
     * {@return runs (or resumes) training to {@code config.steps()}, holding the run directory's {@link
     * DirectoryLock} throughout}
     *
     * @throws DirectoryLock.DirectoryInUseException if another trainer (in any process) writes the directory
     */
    public Result run() throws IOException {
        try (DirectoryLock lock = DirectoryLock.acquire(runDir)) {
            return runLocked();
        }
    }

    private Result runLocked() throws IOException {
        NativeThreads.applyToCurrentThread(); // OpenMP's thread count is per thread: the caller's setting
        Checkpoints checkpoints = new Checkpoints(runDir);
        Optional<Checkpoints.Checkpoint> from = Optional.empty();
        if (resume) {
            from = checkpoints.latestValid();
            checkResumable(from.map(c -> c.state().step()).orElse(0L));
            List<Path> present = checkpoints.list();
            // Every checkpoint unreadable: starting over would silently lose the run (and rotation would then
            // delete the evidence), so refuse and name the files.
            checkArgument(from.isPresent() || present.isEmpty(), "--resume: none of the %s checkpoint(s) in %s reads "
                    + "back intact (%s; the reasons are logged above); refusing to restart the run from step 0. Move "
                    + "them away to start over deliberately", present.size(), checkpoints.directory(),
                    present.stream().map(p -> p.getFileName().toString()).toList());
            if (from.isEmpty()) {
                LOG.warn("--resume: no checkpoint in {}; starting from step 0", checkpoints.directory());
            }
        } else {
            checkArgument(checkpoints.list().isEmpty(),
                    "%s already holds checkpoints; pass --resume to continue that run or choose an empty directory", runDir);
        }
        AtomicFiles.writeString(runDir.resolve("config.json"), Json.mapper().writeValueAsString(config));
        AtomicFiles.writeString(runDir.resolve("games.json"), Json.mapper().writeValueAsString(games));
        writeOrigins(runDir, store, games);

        SameDiffQNetwork net = initialNetwork != null ? initialNetwork.copy()
                : SameDiffQNetwork.create(networkConfig(), config.seed());
        ScaledQlTrainStep.Builder stepBuilder = ScaledQlTrainStep.builder(net).loss(config.loss())
                .optimizer(config.optimizer(), config.steps()).targetUpdatePeriod(config.targetUpdatePeriod()).frozen(frozen);
        // Raw uint8 batches: 4x fewer bytes to assemble, and the step scales them to the float inputs a FLOAT
        // batch holds, bit for bit. The format is not in the sampler's state, so older checkpoints resume.
        SamplerConfig samplerConfig = new SamplerConfig(config.batchSize(), config.frameStack(), config.nStep(),
                config.discount(), config.gameBalanced() ? GameWeighting.gameBalanced() : GameWeighting.uniform(),
                config.seed(), 2, ObservationFormat.UINT8);
        long t0 = System.nanoTime();
        Map<String, Double> last = Map.of();
        Map<String, Double> lastEval = Map.of();
        long trainedSteps = 0;
        long evalNanos = 0;
        long loopStart = 0;
        long loopEnd = 0;
        try (DataParallelTrainStep step = DataParallelTrainStep.of(stepBuilder, workers);
             Sampler sampler = Samplers.fromStore(store, games, samplerConfig)) {
            long startStep = 0;
            if (from.isPresent()) {
                Checkpoints.Checkpoint c = from.get();
                checkArgument(c.games().equals(games), "checkpoint %s was trained on games %s, not %s", c.file(), c.games(), games);
                step.restore(c.state());
                sampler.restore(c.sampler());
                startStep = c.state().step();
                LOG.info("resumed from {} at step {}", c.file(), startStep);
            }
            try (MetricsLog metrics = new MetricsLog(runDir, "metrics", startStep);
                 MetricsLog evals = new MetricsLog(runDir, "eval", startStep)) {
                ProgressBar bar = progress ? new ProgressBar(label, startStep, config.steps()) : null;
                listener.started(net, startStep, config.steps());
                loopStart = System.nanoTime();
                long windowStart = System.nanoTime();
                long windowSteps = 0;
                for (long s = startStep + 1; s <= config.steps(); s++) {
                    long stepStart = System.nanoTime();
                    StepResult r = step.step(sampler.next());
                    listener.stepped(s, (System.nanoTime() - stepStart) / 1e9);
                    windowSteps++;
                    if (s % config.logEvery() == 0 || s == config.steps()) {
                        Map<String, Double> row = new LinkedHashMap<>(r.metrics());
                        row.put("time/steps_per_second", windowSteps / ((System.nanoTime() - windowStart) / 1e9));
                        metrics.append(s, row);
                        last = row;
                        windowStart = System.nanoTime();
                        windowSteps = 0;
                        LOG.debug("step {} {}", s, row);
                    }
                    trainedSteps++;
                    if (evalHook != null && config.evalEvery() > 0 && s % config.evalEvery() == 0 && s < config.steps()) {
                        long e0 = System.nanoTime();
                        lastEval = evalHook.evaluate(net, s);
                        evals.append(s, lastEval);
                        evalNanos += System.nanoTime() - e0;
                    }
                    if (s % config.checkpointEvery() == 0 || s == config.steps()) {
                        checkpoints.write(step.state(), sampler.state(), games);
                    }
                    if (bar != null) {
                        bar.update(s, String.format(Locale.ROOT, "loss %.4f", r.metric("loss/total")));
                    }
                }
                loopEnd = System.nanoTime();
                // The network is the run's product: write it before anything after training that can fail.
                net.save(runDir.resolve(NETWORK_FILE));
                if (evalHook != null && (config.evalEvery() > 0 || finalEvaluation)) {
                    try {
                        lastEval = evalHook.evaluate(net, config.steps());
                    } catch (IOException | RuntimeException e) {
                        throw new IllegalStateException(String.format("the final evaluation failed after training "
                                + "finished; the network is saved in %s (evaluate it with ./scaledql evaluate): %s",
                                runDir.resolve(NETWORK_FILE), e.getMessage()), e);
                    }
                    if (startStep < config.steps()) { // a resumed finished run already has its final row
                        evals.append(config.steps(), lastEval);
                    }
                }
            }
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double speed = trainedSteps == 0 ? Double.NaN : trainedSteps / ((loopEnd - loopStart - evalNanos) / 1e9);
        return new Result(net, games, config.steps(), wall, last, lastEval, speed);
    }

    /**
     * Writes {@value #ORIGINS_FILE}: each game's {@link GameOrigin} where the store records one, so that {@code
     * ./scaledql evaluate} plays a run's games where their data came from. Every run directory writes it, the
     * Q-network trainer's and the Decision Transformer's alike.
     *
     * @param runDir the run directory
     * @param store  the training data
     * @param games  the trained games
     * @throws IOException if writing fails
     */
    public static void writeOrigins(Path runDir, TransitionStore store, List<String> games) throws IOException {
        Map<String, GameOrigin> origins = new LinkedHashMap<>();
        for (String g : games) {
            store.origin(g).ifPresent(o -> origins.put(g, o));
        }
        AtomicFiles.writeString(runDir.resolve(ORIGINS_FILE), Json.mapper().writeValueAsString(origins));
    }

    /**
     * The origins recorded in a run directory ({@value #ORIGINS_FILE}): game name to origin, only for games that
     * have one; empty when the run predates the file.
     *
     * @param runDir a run directory
     * @return the recorded origins, or empty
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException if the file is not a JSON object of valid origins (naming the file and field)
     */
    public static Optional<Map<String, GameOrigin>> origins(Path runDir) throws IOException {
        Path f = runDir.resolve(ORIGINS_FILE);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try {
            Map<String, GameOrigin> m = Json.mapper().readValue(f.toFile(), new TypeReference<LinkedHashMap<String, GameOrigin>>() { });
            checkArgument(m != null, "%s: expected a JSON object from game name to origin; got null", f);
            return Optional.of(m);
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            throw new IllegalArgumentException(String.format("%s: not a valid origins file (a JSON object from game "
                    + "name to {environment, game, mode, difficulty, observationFormat}): %s", f,
                    e.getOriginalMessage()), e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(String.format("%s: not valid JSON: %s", f, e.getOriginalMessage()), e);
        }
    }

    /**
     * A resumed run may change only what cannot change its past: {@code steps} (unless the learning-rate schedule
     * depends on it, or it would end before the checkpoint), and the checkpoint, log and evaluation periods.
     */
    private void checkResumable(long checkpointStep) throws IOException {
        Path saved = runDir.resolve("config.json");
        if (Files.exists(saved)) {
            TrainConfig before = Json.mapper().readValue(saved.toFile(), TrainConfig.class);
            TrainConfig sameFuture = config.withSteps(before.steps())
                    .withPeriods(before.checkpointEvery(), before.logEvery(), before.evalEvery());
            checkArgument(before.equals(sameFuture), "--resume needs the config the run started with; %s differs from "
                    + "the given config in more than steps and the checkpoint, log and evaluation periods (start a new "
                    + "run directory to change it)", saved);
            if (config.steps() != before.steps()) {
                checkArgument(config.optimizer().schedule() == OptimizerConfig.Schedule.CONSTANT, "--resume cannot "
                        + "change steps from %s to %s: the %s learning-rate schedule depends on the step count, so "
                        + "the steps already trained would have used other rates (start a new run directory)",
                        before.steps(), config.steps(), config.optimizer().schedule());
                checkArgument(config.steps() >= checkpointStep, "--resume cannot end the run at step %s: its newest "
                        + "checkpoint is at step %s", config.steps(), checkpointStep);
                LOG.info("--resume: steps changed from {} to {}", before.steps(), config.steps());
            }
        }
        Path savedGames = runDir.resolve("games.json");
        if (Files.exists(savedGames)) {
            List<String> before = Json.mapper().readValue(savedGames.toFile(), new TypeReference<List<String>>() { });
            checkArgument(before.equals(games), "--resume needs the same games; %s lists %s, not %s", savedGames, before, games);
        }
    }

    /** Builds a {@link Trainer}. */
    public static final class Builder {
        private final TrainConfig config;
        private final TransitionStore store;
        private final Path runDir;
        private List<String> games;
        private EvalHook evalHook;
        private boolean resume;
        private boolean progress = true;
        private String label = "train";
        private SameDiffQNetwork initialNetwork;
        private Predicate<String> frozen = name -> false;
        private int workers = 1;
        private boolean finalEvaluation;
        private Listener listener = new Listener() { };

        private Builder(TrainConfig config, TransitionStore store, Path runDir) {
            this.config = Objects.requireNonNull(config, "config");
            this.store = Objects.requireNonNull(store, "store");
            this.runDir = Objects.requireNonNull(runDir, "runDir");
        }

        /**
         * Games to train on, in taskId order (default: all of the store's, in its order).
         *
         * @param g the game names
         * @return this builder
         */
        public Builder games(List<String> g) {
            this.games = new ArrayList<>(g);
            return this;
        }

        /**
         * Evaluation during and at the end of training (default none): every {@code evalEvery} steps and at the end
         * when {@code evalEvery > 0}; with {@code evalEvery = 0} only when {@link #finalEvaluation} asks.
         *
         * @param h the hook
         * @return this builder
         */
        public Builder evalHook(EvalHook h) {
            this.evalHook = h;
            return this;
        }

        /**
         * Continue from the newest valid checkpoint in the run directory (default false).
         *
         * @param r whether to resume
         * @return this builder
         */
        public Builder resume(boolean r) {
            this.resume = r;
            return this;
        }

        /**
         * Show a progress bar on stderr (default true).
         *
         * @param p whether to show it
         * @return this builder
         */
        public Builder progress(boolean p) {
            this.progress = p;
            return this;
        }

        /**
         * The progress bar's label (default "train").
         *
         * @param l the progress bar's label
         * @return this builder
         */
        public Builder label(String l) {
            this.label = l;
            return this;
        }

        /**
         * Start from a copy of these parameters instead of a fresh network seeded by the config (default: fresh).
         * Its config must equal {@link Trainer#networkConfig()}; the given network itself is not changed. On
         * {@link #resume} the checkpoint's parameters win, as usual.
         *
         * @param network the network to start from
         * @return this builder
         */
        public Builder initialNetwork(SameDiffQNetwork network) {
            this.initialNetwork = Objects.requireNonNull(network, "initialNetwork");
            return this;
        }

        /**
         * Parameters to keep fixed, by name (default none); see {@link ScaledQlTrainStep.Builder#frozen}. A
         * resumed run must use the same set (its checkpoint holds optimizer state only for trainable ones).
         *
         * @param parameterName accepts the parameters to freeze
         * @return this builder
         */
        public Builder frozen(Predicate<String> parameterName) {
            this.frozen = Objects.requireNonNull(parameterName, "frozen");
            return this;
        }

        /**
         * Threads that share each step's batch ({@link DataParallelTrainStep}; default 1). The result equals the
         * single-threaded run's up to float summation order; checkpoints do not depend on it, so a run may resume
         * with another count.
         *
         * @param n the number of threads, at least 1
         * @return this builder
         */
        public Builder workers(int n) {
            checkArgument(n >= 1, "workers must be >= 1; got %s", n);
            this.workers = n;
            return this;
        }

        /**
         * Run the evaluation hook once at the end even when the config's {@code evalEvery} is 0 (default false:
         * {@code evalEvery = 0} means no evaluation). With {@code evalEvery > 0} the final evaluation runs anyway.
         *
         * @param f whether to evaluate at the end
         * @return this builder
         */
        public Builder finalEvaluation(boolean f) {
            this.finalEvaluation = f;
            return this;
        }

        /**
         * Receives the network at the start and each step's wall time (default: none).
         *
         * @param l the listener
         * @return this builder
         */
        public Builder listener(Listener l) {
            this.listener = Objects.requireNonNull(l, "listener");
            return this;
        }

        /** {@return the trainer} */
        public Trainer build() {
            return new Trainer(this);
        }
    }
}
