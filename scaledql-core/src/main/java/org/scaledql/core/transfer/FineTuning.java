package org.scaledql.core.transfer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.scaledql.api.data.TransitionStore;
import org.scaledql.api.env.Environment;
import org.scaledql.api.nn.NetworkConfig;
import org.scaledql.api.online.OnlineListener;
import org.scaledql.api.online.OnlineResult;
import org.scaledql.api.train.TrainConfig;
import org.scaledql.api.transfer.OnlineFineTuningConfig;
import org.scaledql.api.transfer.TransferConfig;
import org.scaledql.core.io.AtomicFiles;
import org.scaledql.core.io.Json;
import org.scaledql.core.learn.ScaledQlTrainStep;
import org.scaledql.core.nn.SameDiffQNetwork;
import org.scaledql.core.online.OnlineQLearning;
import org.scaledql.core.train.Trainer;

/**
 * Fine-tuning of a pre-trained network (Scaled QL Section 5.2). The new network copies the pre-trained encoder
 * ({@link NetworkTransfer}), optionally frozen, with fresh heads.
 *
 * <ul>
 *   <li><b>Offline</b> (scenario 1, a held-out game's small dataset, the same losses): trained by the ordinary
 *       {@link Trainer}, so run directories, checkpoints, metrics and resume work as for any run; the run
 *       directory also gets {@value #TRANSFER_FILE}, a {@link Record} of what was transferred.</li>
 *   <li><b>Online</b> (scenario 2, a game variant, a budget of environment steps): driven by the online loop
 *       {@link OnlineQLearning} with a {@link ScaledQlTrainStep} built from an {@link OnlineFineTuningConfig}.</li>
 * </ul>
 *
 * <pre>{@code
 * Pretrained p = Pretrained.load(Path.of("runs/demo/scaledQl"));
 * TrainConfig config = FineTuning.configFor(p, TrainConfig.small().withSteps(2_000));
 * Trainer.Result r = FineTuning.offline(p, TransferConfig.paper(), config, store, List.of("frogger"), runDir)
 *         .progress(false).build().run();
 * }</pre>
 */
public final class FineTuning {

    /** File name of the transfer record in a fine-tuning run directory. */
    public static final String TRANSFER_FILE = "transfer.json";

    /**
     * What a fine-tuning run started from; written as {@value #TRANSFER_FILE}.
     *
     * @param source      the pre-trained run directory or network file
     * @param sourceGames the pre-trained network's games (empty when unknown)
     * @param games       the new network's games, in taskId order
     * @param transfer    the transfer settings
     * @param copied      parameters copied from the pre-trained network
     * @param initialized parameters freshly initialised
     * @param frozen      parameters kept fixed
     */
    public record Record(String source, List<String> sourceGames, List<String> games, TransferConfig transfer,
            List<String> copied, List<String> initialized, List<String> frozen) {
        /**
         * Copies the lists.
         *
         * @param source      the pre-trained run directory or network file
         * @param sourceGames the pre-trained network's games (empty when unknown)
         * @param games       the new network's games, in taskId order
         * @param transfer    the transfer settings
         * @param copied      parameters copied from the pre-trained network
         * @param initialized parameters freshly initialised
         * @param frozen      parameters kept fixed
         */
        public Record {
            sourceGames = List.copyOf(sourceGames);
            games = List.copyOf(games);
            copied = List.copyOf(copied);
            initialized = List.copyOf(initialized);
            frozen = List.copyOf(frozen);
        }
    }

    private FineTuning() {
    }

    /**
     * {@return {@code base} with the pre-trained network's architecture (encoder, reduction, torso, feature
     * normalization, head), so that the fine-tuned network can take its encoder} Everything else (loss, optimizer,
     * steps, seed, ...) comes from {@code base}.
     *
     * @param from the pre-trained network
     * @param base the training config to adapt
     */
    public static TrainConfig configFor(Pretrained from, TrainConfig base) {
        return base.withObjective(base.loss(), NetworkTransfer.spec(from.network().config()));
    }

    /**
     * Prepares an offline fine-tuning run: builds the transferred network for {@code games} of {@code store}
     * (seeded by {@code config.seed()}), writes {@value #TRANSFER_FILE} into {@code runDir}, and returns a trainer
     * builder with the initial network, the frozen set and the games set; add progress, evaluation or resume and
     * run it.
     *
     * @param from     the pre-trained network
     * @param transfer what to transfer
     * @param config   the training config
     * @param store    the data
     * @param games    the games to fine-tune on
     * @param runDir   the run directory
     * @return the trainer builder
     * @throws IllegalArgumentException if the architectures do not allow the transfer (see {@link NetworkTransfer})
     * @throws IOException              if the record cannot be written
     */
    public static Trainer.Builder offline(Pretrained from, TransferConfig transfer, TrainConfig config,
            TransitionStore store, List<String> games, Path runDir) throws IOException {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(transfer, "transfer");
        NetworkConfig target = Trainer.networkConfig(config, store, games);
        NetworkTransfer.Result r = NetworkTransfer.apply(from.network(), target, transfer, config.seed());
        writeRecord(runDir, from, games, transfer, r);
        return Trainer.builder(config, store, runDir).games(games).initialNetwork(r.network())
                .frozen(NetworkTransfer.frozen(transfer));
    }

    /**
     * What an online fine-tuning run produced.
     *
     * @param network the trained network (one head, taskId 0)
     * @param result  the learning curve and counts
     */
    public record OnlineRun(SameDiffQNetwork network, OnlineResult result) {
    }

    /**
     * {@return the network a pre-trained one transfers to for one game of {@code env}'s observation shape and action
     * count: the pre-trained architecture with one head}
     *
     * @param from the pre-trained network
     * @param env  the environment
     */
    public static NetworkConfig singleGameConfig(Pretrained from, Environment env) {
        NetworkConfig c = from.network().config();
        return new NetworkConfig(env.spec().observationShape(), 1, env.spec().numActions(), c.encoder(), c.reduction(),
                c.torsoWidths(), c.featureNormalization(), c.head());
    }

    /**
     * Transfers {@code from} to a one-head network for {@code env} (seeded by {@code seed}) and fine-tunes it
     * online on {@code env} (which may be a variant: {@code EnvironmentConfig.withVariant}).
     *
     * @param from     the pre-trained network
     * @param transfer what to transfer
     * @param config   the online settings
     * @param env      the environment
     * @param seed     seeds the new network's fresh parameters
     * @param listener hears every episode and gradient step (use {@code null} for none)
     * @return the result
     * @throws IOException if reading or writing fails
     */
    public static OnlineRun online(Pretrained from, TransferConfig transfer, OnlineFineTuningConfig config,
            Environment env, long seed, OnlineListener listener) throws IOException {
        NetworkTransfer.Result r = NetworkTransfer.apply(from.network(), singleGameConfig(from, env), transfer, seed);
        return online(r.network(), NetworkTransfer.frozen(transfer), config, env, listener);
    }

    /**
     * Trains {@code initial} (changed in place) online on {@code env} as its game 0: the from-scratch baseline
     * passes a fresh network and no frozen parameters.
     *
     * @param initial  the network to train
     * @param frozen   parameters to keep fixed
     * @param config   the online settings
     * @param env      the environment
     * @param listener hears every episode and gradient step (use {@code null} for none)
     * @return the result
     * @throws IOException if reading or writing fails
     */
    public static OnlineRun online(SameDiffQNetwork initial, Predicate<String> frozen, OnlineFineTuningConfig config,
            Environment env, OnlineListener listener) throws IOException {
        ScaledQlTrainStep step = ScaledQlTrainStep.builder(initial).loss(config.loss())
                .optimizer(config.optimizer(), gradientSteps(config.online())).targetUpdatePeriod(config.targetUpdatePeriod())
                .frozen(frozen).build();
        OnlineQLearning.Builder b = OnlineQLearning.builder(step, env).config(config.online());
        if (listener != null) {
            b.listener(listener);
        }
        return new OnlineRun(initial, b.build().run());
    }

    /**
     * Writes the transfer record of {@code r} into {@code runDir} (atomically).
     *
     * @param runDir   the run directory
     * @param from     the pre-trained network
     * @param games    the games fine-tuned on
     * @param transfer what was transferred
     * @param r        the transferred network (what was copied, what initialised)
     * @return the record written
     * @throws IOException if reading or writing fails
     */
    public static Record writeRecord(Path runDir, Pretrained from, List<String> games, TransferConfig transfer,
            NetworkTransfer.Result r) throws IOException {
        List<String> frozen = r.network().parameters().keySet().stream().filter(transfer::freezes).toList();
        Record rec = new Record(from.source().toString(), from.games(), games, transfer, r.copied(), r.initialized(),
                frozen);
        Files.createDirectories(runDir);
        AtomicFiles.writeString(runDir.resolve(TRANSFER_FILE), Json.mapper().writerWithDefaultPrettyPrinter()
                .writeValueAsString(rec));
        return rec;
    }

    /** The gradient steps an online run takes: one every updatePeriod environment steps after the warm-up. */
    static long gradientSteps(org.scaledql.api.online.OnlineConfig c) {
        return Math.max(1, (c.environmentSteps() - c.minReplayHistory()) / c.updatePeriod());
    }
}
