package org.scaledql.examples.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.scaledql.api.metrics.Interval;
import org.scaledql.api.train.TrainConfig;
import org.scaledql.core.io.AtomicFiles;
import org.scaledql.core.io.Json;
import org.scaledql.examples.demo.MultiGameDemo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./scaledql demo}: the main job on built-in defaults (generate data, train, evaluate, report). */
@Command(name = "demo", subcommands = DemoTransferCommand.class, description = {
    "Generate a sub-optimal multi-game dataset on the testbed, train Scaled QL and BC on it with the same",
    "network, evaluate both and the behaviour data, and print normalized scores with 95%% intervals.",
    "Re-running with the same --output reuses the data and resumes unfinished runs."})
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--output", description = "Directory for data, runs and plots (default: ${DEFAULT-VALUE})",
            defaultValue = "runs/demo")
    Path output;

    @Option(names = "--json-out", description = "Also write the summary as JSON to this file")
    Path jsonOut;

    @Option(names = "--games", split = ",", description = "Training games (default: breakout,asterix,catch,pong,maze,snake)")
    List<String> games;

    @Option(names = "--transitions", description = "Behaviour transitions per game (default: 20000)")
    Long transitions;

    @Option(names = "--steps", description = "Scaled QL's training steps (default: the demo preset's, "
            + "TrainConfig.demo())")
    Long steps;

    @Option(names = "--bc-steps", description = "BC's training steps (default: " + MultiGameDemo.Settings.DEFAULT_BC_STEPS + ")")
    Long bcSteps;

    @Option(names = "--workers", description = "Threads sharing each step of each run; the two runs already train at once "
            + "(default: 1)")
    Integer workers;

    @Option(names = "--episodes", description = "Evaluation episodes per game (default: 20)")
    Integer episodes;

    @Option(names = "--behavior", description = "Behaviour that logs the data: DQN_LOG, LAZY_EXPERT or NOISY_EXPERT (default: DQN_LOG)")
    MultiGameDemo.Behavior behavior;

    @Option(names = "--seed", description = "Seed of data, training and evaluation (default: ${DEFAULT-VALUE})", defaultValue = "0")
    long seed;

    @Override
    public Integer call() throws Exception {
        MultiGameDemo.Settings d = MultiGameDemo.Settings.defaults(output);
        TrainConfig train = steps == null ? d.train() : d.train().withSteps(steps);
        MultiGameDemo.Settings s = new MultiGameDemo.Settings(games == null ? d.games() : games,
                transitions == null ? d.transitionsPerGame() : transitions, train, bcSteps == null ? d.bcSteps() : bcSteps,
                episodes == null ? d.evalEpisodes() : episodes, seed, output, behavior == null ? d.behavior() : behavior,
                workers == null ? d.workers() : workers);
        MultiGameDemo.Summary summary = MultiGameDemo.run(s);
        var out = spec.commandLine().getOut();
        out.print(MultiGameDemo.table(summary));
        summary.trainStepsPerSecond().forEach((alg, v) -> out.printf("%s: %,d steps at %.1f steps/s (%d worker(s); the runs train at once)%n",
                MultiGameDemo.label(alg), summary.configs().get(alg).steps(), v, summary.workers()));
        out.printf("wall time %.0f s; plots in %s%n", summary.wallSeconds(), output.resolve("plots"));
        out.flush();
        if (jsonOut != null) {
            AtomicFiles.writeString(jsonOut, Json.mapper().writeValueAsString(toJson(summary)));
        }
        return 0;
    }

    /**
     * {"algorithms": {"behavior": A, "bc": A, "scaledQl": A}, "games": [...], "wallSeconds": S,
     * "trainStepsPerSecond": {...}, "stepsPerSecond": {...}, "workers": W, "behavior": B, "config": {"scaledQl": C, "bc": C}}, where
     * C holds the values that decide the result (td, cqlAlpha, featureNormalization, encoder, steps, learningRate,
     * headLearningRateScale, schedule, targetUpdatePeriod, nStep, discount, batchSize) and the full run config
     * under "full". {@code trainStepsPerSecond} is kept from earlier versions and equals {@code stepsPerSecond}.
     */
    static ObjectNode toJson(MultiGameDemo.Summary s) {
        ObjectNode root = Json.mapper().createObjectNode();
        ObjectNode algs = root.putObject("algorithms");
        for (Map.Entry<String, MultiGameDemo.AlgorithmScores> e : s.algorithms().entrySet()) {
            ObjectNode a = algs.putObject(e.getKey());
            Interval i = e.getValue().iqm();
            a.putObject("iqm").put("point", i.point()).put("lower", i.lower()).put("upper", i.upper());
            ObjectNode per = a.putObject("perGame");
            e.getValue().perGame().forEach(per::put);
        }
        s.games().forEach(root.putArray("games")::add);
        root.put("wallSeconds", s.wallSeconds());
        ObjectNode speed = root.putObject("trainStepsPerSecond");
        s.trainStepsPerSecond().forEach(speed::put);
        ObjectNode steps = root.putObject("stepsPerSecond");
        s.trainStepsPerSecond().forEach(steps::put);
        root.put("workers", s.workers());
        root.put("behavior", s.behavior().name());
        ObjectNode configs = root.putObject("config");
        for (Map.Entry<String, TrainConfig> e : s.configs().entrySet()) {
            TrainConfig c = e.getValue();
            ObjectNode n = configs.putObject(e.getKey());
            n.put("td", c.loss().td().name());
            n.put("cqlAlpha", c.loss().cqlAlpha());
            n.put("bcWeight", c.loss().bcWeight());
            n.put("featureNormalization", c.network().featureNormalization());
            n.put("encoder", c.network().encoder().displayName());
            n.put("head", c.network().head().getClass().getSimpleName());
            n.put("steps", c.steps());
            n.put("learningRate", c.optimizer().learningRate());
            n.put("headLearningRateScale", c.optimizer().headLearningRateScale());
            n.put("schedule", c.optimizer().schedule().name());
            n.put("targetUpdatePeriod", c.targetUpdatePeriod());
            n.put("nStep", c.nStep());
            n.put("discount", c.discount());
            n.put("batchSize", c.batchSize());
            n.set("full", Json.mapper().valueToTree(c));
        }
        return root;
    }
}
