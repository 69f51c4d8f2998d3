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
    "network, evaluate both and the behaviour data, and print normalized scores with 95% intervals.",
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

    @Option(names = "--steps", description = "Training steps per algorithm (default: " + MultiGameDemo.Settings.DEFAULT_STEPS + ")")
    Long steps;

    @Option(names = "--episodes", description = "Evaluation episodes per game (default: 20)")
    Integer episodes;

    @Option(names = "--behavior", description = "Behaviour that logs the data: LAZY_EXPERT or NOISY_EXPERT (default: LAZY_EXPERT)")
    MultiGameDemo.Behavior behavior;

    @Option(names = "--seed", description = "Seed of data, training and evaluation (default: ${DEFAULT-VALUE})", defaultValue = "0")
    long seed;

    @Override
    public Integer call() throws Exception {
        MultiGameDemo.Settings d = MultiGameDemo.Settings.defaults(output);
        TrainConfig train = steps == null ? d.train() : d.train().withSteps(steps);
        MultiGameDemo.Settings s = new MultiGameDemo.Settings(games == null ? d.games() : games,
                transitions == null ? d.transitionsPerGame() : transitions, train,
                episodes == null ? d.evalEpisodes() : episodes, seed, output, behavior == null ? d.behavior() : behavior);
        MultiGameDemo.Summary summary = MultiGameDemo.run(s);
        var out = spec.commandLine().getOut();
        out.print(MultiGameDemo.table(summary));
        out.printf("wall time %.0f s; plots in %s%n", summary.wallSeconds(), output.resolve("plots"));
        out.flush();
        if (jsonOut != null) {
            AtomicFiles.writeString(jsonOut, Json.mapper().writeValueAsString(toJson(summary)));
        }
        return 0;
    }

    /** {"algorithms": {"behavior": A, "bc": A, "scaledQl": A}, "games": [...], "wallSeconds": S}. */
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
        return root;
    }
}
