package org.scaledql.examples.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.scaledql.api.metrics.Interval;
import org.scaledql.core.io.AtomicFiles;
import org.scaledql.core.io.Json;
import org.scaledql.examples.demo.TransferDemo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./scaledql demo transfer}: pre-trained vs scratch (and frozen) fine-tuning, offline and online. */
@Command(name = "transfer", description = {
    "Fine-tune a multi-game Scaled QL network (runs/demo/scaledQl if present, else pre-trained here) offline on a",
    "held-out game's small dataset (pre-trained, frozen encoder, scratch) and online on a game variant",
    "(pre-trained, scratch), over several seeds; print normalized scores with 95%% intervals across seeds.",
    "Defaults take about 20-30 minutes on 2 cores, plus the main demo's Scaled QL run (about 13 minutes) when",
    "runs/demo/scaledQl is absent (see docs/transfer.md)."})
final class DemoTransferCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--output", description = "Directory for data and runs (default: ${DEFAULT-VALUE})",
            defaultValue = "runs/demo-transfer")
    Path output;

    @Option(names = "--from", description = "Pre-trained run directory to reuse if it holds network.sqlarr "
            + "(default: runs/demo/scaledQl)")
    Path from;

    @Option(names = "--json-out", description = "Also write {offline: {...}, online: {...}} as JSON to this file")
    Path jsonOut;

    @Option(names = "--seeds", description = "Seeds per arm (default: 3)")
    Integer seeds;

    @Option(names = "--offline-steps", description = "Gradient steps per offline run (default: 1000)")
    Long offlineSteps;

    @Option(names = "--online-steps", description = "Environment steps per online run (default: 5000)")
    Long onlineSteps;

    @Option(names = "--pretrain-steps", description = "Pre-training steps when nothing is reused (default: the main "
            + "demo's, 25000)")
    Long pretrainSteps;

    @Option(names = "--transitions", description = "Held-out game's dataset size (default: 3000)")
    Long transitions;

    @Option(names = "--episodes", description = "Evaluation episodes per run (default: 10)")
    Integer episodes;

    @Override
    public Integer call() throws Exception {
        TransferDemo.Settings d = TransferDemo.Settings.defaults(output);
        TransferDemo.Settings s = new TransferDemo.Settings(from != null ? from : d.pretrained(), d.pretrainGames(),
                d.pretrainTransitions(),
                pretrainSteps != null ? d.pretrainConfig().withSteps(pretrainSteps) : d.pretrainConfig(), d.heldOutGame(),
                transitions != null ? transitions : d.heldOutTransitions(),
                offlineSteps != null ? offlineSteps : d.offlineSteps(), d.onlineGame(), d.onlineMode(),
                onlineSteps != null ? onlineSteps : d.onlineSteps(), d.onlineCqlAlpha(), seeds != null ? seeds : d.seeds(),
                episodes != null ? episodes : d.evalEpisodes(), d.evalMaxSteps(), output);
        TransferDemo.Summary summary = TransferDemo.run(s);
        var out = spec.commandLine().getOut();
        out.print(TransferDemo.table(summary));
        out.printf("wall time %.0f s%n", summary.wallSeconds());
        out.flush();
        if (jsonOut != null) {
            AtomicFiles.writeString(jsonOut, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(toJson(summary)));
        }
        return 0;
    }

    /**
     * {@code {"offline": {"game": G, "pretrained": X, "frozen": X, "scratch": X}, "online": {"game": G, "mode": M,
     * "pretrained": X, "scratch": X}}}, each X {@code {point, lower, upper}}, plus per-seed values and the wall time.
     */
    static ObjectNode toJson(TransferDemo.Summary s) {
        ObjectNode root = Json.mapper().createObjectNode();
        put(root.putObject("offline"), s.offline(), false);
        put(root.putObject("online"), s.online(), true);
        root.put("pretrainedFrom", s.pretrainedFrom());
        root.put("pretrainedHow", s.pretrainedHow());
        root.put("wallSeconds", s.wallSeconds());
        return root;
    }

    private static void put(ObjectNode node, TransferDemo.Comparison c, boolean withMode) {
        node.put("game", c.game());
        if (withMode) {
            node.put("mode", c.mode());
        }
        for (Map.Entry<String, Interval> e : c.arms().entrySet()) {
            Interval i = e.getValue();
            node.putObject(e.getKey()).put("point", i.point()).put("lower", i.lower()).put("upper", i.upper());
        }
        ObjectNode per = node.putObject("perSeed");
        c.perSeed().forEach((arm, v) -> {
            var a = per.putArray(arm);
            for (double x : v) {
                a.add(x);
            }
        });
    }
}
