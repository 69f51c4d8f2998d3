package org.scaledql.examples.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.scaledql.api.env.EnvironmentConfig;
import org.scaledql.api.eval.EvaluationConfig;
import org.scaledql.api.eval.GameEvaluation;
import org.scaledql.api.online.EpisodeRecord;
import org.scaledql.api.train.TrainConfig;
import org.scaledql.api.transfer.OnlineFineTuningConfig;
import org.scaledql.api.transfer.TransferConfig;
import org.scaledql.core.data.store.DiskTransitionStore;
import org.scaledql.core.data.store.TransitionStores;
import org.scaledql.core.env.Games;
import org.scaledql.core.env.GridEnvironment;
import org.scaledql.core.eval.Evaluators;
import org.scaledql.core.io.AtomicFiles;
import org.scaledql.core.io.Json;
import org.scaledql.core.nn.SameDiffQNetwork;
import org.scaledql.core.transfer.FineTuning;
import org.scaledql.core.transfer.NetworkTransfer;
import org.scaledql.core.transfer.Pretrained;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./scaledql finetune}: transfer a pre-trained network to one game (offline data or online play). */
@Command(name = "finetune", description = {
    "Copy a pre-trained network's encoder into a new one-game network (fresh heads) and fine-tune it, either",
    "offline on a transition store of the game or online for a budget of environment steps (optionally on a",
    "variant, --mode). Then evaluate it on the game (and mode) and print the normalized score."})
final class FinetuneCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, description = "Pre-trained run directory (or network file)")
    Path from;

    @Option(names = "--game", required = true, description = "The game to fine-tune on")
    String game;

    @Option(names = "--mode", defaultValue = "0", description = "Game mode (variant) to play online and to evaluate on "
            + "(default: ${DEFAULT-VALUE}; ./scaledql games lists them)")
    int mode;

    static final class Source {
        @Option(names = "--offline", required = true, description = "Transition store holding the game's data")
        Path offline;

        @Option(names = "--online", required = true, description = "Online budget in environment steps")
        Long online;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--freeze-encoder", description = "Keep the copied encoder fixed")
    boolean freezeEncoder;

    @Option(names = "--copy-spatial-embedding", description = "Also copy the spatial embedding")
    boolean copySpatialEmbedding;

    @Option(names = "--copy-torso", description = "Also copy the dense torso")
    boolean copyTorso;

    @Option(names = "--output", required = true, description = "Run directory for the fine-tuned network")
    Path output;

    @Option(names = "--steps", description = "Offline gradient steps (default: ${DEFAULT-VALUE})", defaultValue = "2000")
    long steps;

    @Option(names = "--cql-alpha", description = "CQL alpha (default: the pre-training run's offline, 0.01 online)")
    Double cqlAlpha;

    @Option(names = "--seed", description = "Seed of the fresh parameters, sampling and exploration (default: ${DEFAULT-VALUE})",
            defaultValue = "0")
    long seed;

    @Option(names = "--episodes", description = "Evaluation episodes (default: ${DEFAULT-VALUE})", defaultValue = "30")
    int episodes;

    @Option(names = "--json", description = "Print the result as one JSON document")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (episodes < 1) { // checked here, not after the fine-tuning it would come too late for
            throw new IllegalArgumentException("--episodes must be >= 1; got " + episodes);
        }
        if (Games.info(game).modes().size() <= mode) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "--mode %d: %s has modes 0..%d (see ./scaledql games)",
                    mode, game, Games.info(game).modes().size() - 1));
        }
        Pretrained pre = Pretrained.load(from);
        TransferConfig transfer = new TransferConfig(copySpatialEmbedding, copyTorso, freezeEncoder);
        EnvironmentConfig env = EnvironmentConfig.defaults().withVariant(mode, 0);
        SameDiffQNetwork network;
        long trained;
        if (source.offline != null) {
            if (mode != 0) {
                spec.commandLine().getErr().println("scaledql: note: offline data comes from the store; --mode " + mode
                        + " only sets the evaluation variant");
            }
            TrainConfig base = pre.trainConfig().orElse(TrainConfig.small());
            if (cqlAlpha != null) {
                base = base.withObjective(base.loss().withCqlAlpha(cqlAlpha), base.network());
            }
            TrainConfig config = FineTuning.configFor(pre, base).withSteps(steps).withSeed(seed)
                    .withPeriods(Math.min(steps, base.checkpointEvery()), Math.min(steps, base.logEvery()), 0);
            try (DiskTransitionStore store = TransitionStores.open(source.offline)) {
                network = FineTuning.offline(pre, transfer, config, store, List.of(game), output)
                        .resume(Files.exists(output.resolve("checkpoints"))).label("finetune " + game).build().run()
                        .network();
            }
            trained = steps;
        } else {
            OnlineFineTuningConfig oc = OnlineFineTuningConfig.testbed(source.online, seed);
            if (cqlAlpha != null) {
                oc = oc.withCqlAlpha(cqlAlpha);
            }
            GridEnvironment e = Games.create(game, env, seed + 1000);
            if (Files.exists(output.resolve("network.sqlarr"))) {
                throw new IllegalArgumentException(output + " already holds network.sqlarr; choose an empty --output");
            }
            NetworkTransfer.Result r = NetworkTransfer.apply(pre.network(), FineTuning.singleGameConfig(pre, e), transfer, seed);
            FineTuning.writeRecord(output, pre, List.of(game), transfer, r);
            FineTuning.OnlineRun run = FineTuning.online(r.network(), NetworkTransfer.frozen(transfer), oc, e, null);
            network = run.network();
            StringBuilder csv = new StringBuilder("environment_step,episode,return,length,truncated\n");
            for (EpisodeRecord ep : run.result().episodes()) {
                csv.append(ep.step()).append(',').append(ep.episode()).append(',').append(ep.episodeReturn())
                        .append(',').append(ep.length()).append(',').append(ep.truncated()).append('\n');
            }
            AtomicFiles.writeString(output.resolve("episodes.csv"), csv.toString());
            AtomicFiles.writeString(output.resolve("games.json"), Json.mapper().writeValueAsString(List.of(game)));
            AtomicFiles.writeString(output.resolve("online-config.json"), Json.mapper().writeValueAsString(oc));
            network.save(output.resolve("network.sqlarr"));
            trained = run.result().gradientSteps();
        }
        GameEvaluation g = Evaluators.testbed(EvaluationConfig.defaults(seed + 1).withEpisodes(episodes).withEnvironment(env))
                .evaluate(network, List.of(game)).game(game);
        var out = spec.commandLine().getOut();
        if (json) {
            ObjectNode root = Json.mapper().createObjectNode();
            root.put("game", game).put("mode", mode).put("scenario", source.offline != null ? "offline" : "online")
                    .put("freezeEncoder", freezeEncoder).put("gradientSteps", trained).put("meanReturn", g.meanReturn())
                    .put("normalizedScore", g.normalizedMean()).put("episodes", episodes).put("output", output.toString());
            out.println(Json.mapper().writeValueAsString(root));
        } else {
            out.printf(Locale.ROOT, "%s mode %d (%s fine-tuning, %d gradient steps%s): mean return %.2f, normalized %.3f "
                    + "over %d episodes; network in %s%n", game, mode, source.offline != null ? "offline" : "online", trained,
                    freezeEncoder ? ", frozen encoder" : "", g.meanReturn(), g.normalizedMean(), episodes,
                    output.resolve("network.sqlarr"));
        }
        out.flush();
        return 0;
    }
}
