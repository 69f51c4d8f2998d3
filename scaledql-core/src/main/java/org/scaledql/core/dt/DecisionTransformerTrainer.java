package org.scaledql.core.dt;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.scaledql.api.data.GameMetadata;
import org.scaledql.api.data.TransitionStore;
import org.scaledql.api.dt.DecisionTransformerConfig;
import org.scaledql.core.io.AtomicFiles;
import org.scaledql.core.io.DirectoryLock;
import org.scaledql.core.io.Json;
import org.scaledql.core.runtime.NativeThreads;
import org.scaledql.core.train.MetricsLog;
import org.scaledql.core.train.ProgressBar;
import org.scaledql.core.train.Trainer;

/**
 * Trains a {@link DecisionTransformer} on a transition store into a run directory, the way {@link Trainer} trains a
 * Q-network: {@code config.json} (the {@link DecisionTransformerConfig}), {@code games.json} (the games in task-id
 * order), {@value Trainer#ORIGINS_FILE} (where each game's data came from, so {@code ./scaledql evaluate} plays it
 * there), {@code metrics.csv}/{@code metrics.jsonl} (loss, action accuracy and speed every {@value #LOG_EVERY}
 * steps and at the end), and last the model, {@value #MODEL_FILE}. A progress line goes to stderr when asked.
 *
 * <p>A run is not resumable (the model file holds no optimizer state): the directory must not hold a finished
 * model, and an interrupted run starts over. Runs are reproducible from the config's seed, which seeds the
 * parameters and the window sampler.
 *
 * <pre>{@code
 * DecisionTransformerTrainer.Result r = DecisionTransformerTrainer.train(DecisionTransformerConfig.small(), store,
 *         List.of("breakout", "freeway"), runDir, DecisionTransformerTrainer.Listener.NONE, true);
 * }</pre>
 */
public final class DecisionTransformerTrainer {

    /** The trained model's file in a run directory ({@link DecisionTransformer#save}). */
    public static final String MODEL_FILE = "dt.sqlarr";

    /** Steps between two rows of the metrics log. */
    public static final int LOG_EVERY = 100;

    /** Hears about every training step, on the training thread. */
    @FunctionalInterface
    public interface Listener {
        /** A listener that does nothing. */
        Listener NONE = (stats, seconds) -> { };

        /**
         * Called after each step.
         *
         * @param stats   what the step did
         * @param seconds the step's wall time, sampling included
         */
        void stepped(DecisionTransformer.StepStats stats, double seconds);
    }

    /**
     * The outcome of a run.
     *
     * @param model          the trained model (also saved as {@value #MODEL_FILE})
     * @param steps          steps trained
     * @param wallSeconds    wall time of the whole run
     * @param stepsPerSecond training steps per second, sampling included
     * @param last           the last metrics row
     */
    public record Result(DecisionTransformer model, long steps, double wallSeconds, double stepsPerSecond,
            Map<String, Double> last) {
    }

    private DecisionTransformerTrainer() {
    }

    /**
     * {@return the model for a config and a store: games' frame shape, the largest action count and the
     * return ranges of the sampler over the games}
     *
     * @param config  the model's config
     * @param store   the training data
     * @param games   the games, in task-id order
     * @param sampler a sampler over those games
     */
    public static DecisionTransformer createModel(DecisionTransformerConfig config, TransitionStore store,
            List<String> games, SequenceSampler sampler) {
        int actions = 0;
        for (String g : games) {
            actions = Math.max(actions, store.records(g).metadata().numActions());
        }
        return DecisionTransformer.create(config, games, actions, sampler.frameShape(), sampler.returnRanges());
    }

    /**
     * Trains a fresh model for {@code config.steps()} steps and writes the run directory.
     *
     * @param config   the model and training settings
     * @param store    the training data
     * @param games    the games to train on, in task-id order
     * @param runDir   the run directory (created if missing); must not hold a finished model
     * @param listener hears about each step
     * @param progress whether to draw a progress line on stderr
     * @return the result
     * @throws IOException if reading the data or writing the run fails
     * @throws IllegalArgumentException if a game is not in the store, or {@code runDir} holds a finished model or
     *                                  a Q-network run
     * @throws DirectoryLock.DirectoryInUseException if another run writes the directory
     */
    public static Result train(DecisionTransformerConfig config, TransitionStore store, List<String> games,
            Path runDir, Listener listener, boolean progress) throws IOException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(listener, "listener");
        checkArgument(!games.isEmpty(), "a Decision Transformer needs at least one game");
        List<String> known = store.games().stream().map(GameMetadata::name).toList();
        for (String g : games) {
            checkArgument(known.contains(g), "game '%s' is not in the store (it has %s)", g, known);
        }
        Files.createDirectories(runDir);
        try (DirectoryLock lock = DirectoryLock.acquire(runDir)) {
            checkArgument(!Files.exists(runDir.resolve(MODEL_FILE)), "%s already holds a trained Decision Transformer "
                    + "(%s); choose another --output (Decision Transformer runs do not resume)", runDir, MODEL_FILE);
            checkArgument(!Files.exists(runDir.resolve(Trainer.NETWORK_FILE))
                    && !Files.isDirectory(runDir.resolve("checkpoints")), "%s holds a Q-network run; choose an empty "
                    + "directory for the Decision Transformer", runDir);
            return trainLocked(config, store, List.copyOf(games), runDir, listener, progress);
        }
    }

    private static Result trainLocked(DecisionTransformerConfig config, TransitionStore store, List<String> games,
            Path runDir, Listener listener, boolean progress) throws IOException {
        NativeThreads.applyToCurrentThread();
        long t0 = System.nanoTime();
        AtomicFiles.writeString(runDir.resolve("config.json"), Json.mapper().writeValueAsString(config));
        AtomicFiles.writeString(runDir.resolve("games.json"), Json.mapper().writeValueAsString(games));
        Trainer.writeOrigins(runDir, store, games);
        SequenceSampler sampler = new SequenceSampler(store, games, config.context(), config.seed());
        DecisionTransformer model = createModel(config, store, games, sampler);
        Map<String, Double> last = Map.of();
        long loopStart = System.nanoTime();
        // Metrics start over with the run: an interrupted attempt's rows are dropped (keepUpTo 0).
        try (MetricsLog metrics = new MetricsLog(runDir, "metrics", 0)) {
            ProgressBar bar = progress ? new ProgressBar("dt", 0, config.steps()) : null;
            double lossSum = 0;
            double accuracySum = 0;
            int window = 0;
            long windowStart = System.nanoTime();
            for (long s = 1; s <= config.steps(); s++) {
                long stepStart = System.nanoTime();
                DecisionTransformer.StepStats stats = model.trainStep(sampler.next(config.batchSize()));
                listener.stepped(stats, (System.nanoTime() - stepStart) / 1e9);
                lossSum += stats.loss();
                accuracySum += stats.actionAccuracy();
                window++;
                if (s % LOG_EVERY == 0 || s == config.steps()) {
                    Map<String, Double> row = new LinkedHashMap<>();
                    row.put("loss/total", lossSum / window);
                    row.put("train/action_accuracy", accuracySum / window);
                    row.put("time/steps_per_second", window / ((System.nanoTime() - windowStart) / 1e9));
                    metrics.append(s, row);
                    last = row;
                    lossSum = 0;
                    accuracySum = 0;
                    window = 0;
                    windowStart = System.nanoTime();
                }
                if (bar != null) {
                    bar.update(s, String.format(Locale.ROOT, "loss %.4f", stats.loss()));
                }
            }
        }
        double loopSeconds = (System.nanoTime() - loopStart) / 1e9;
        model.save(runDir.resolve(MODEL_FILE)); // last: its presence marks the run finished
        return new Result(model, config.steps(), (System.nanoTime() - t0) / 1e9, config.steps() / loopSeconds, last);
    }
}
