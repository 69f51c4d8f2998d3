package org.scaledql.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.scaledql.api.data.GameMetadata;
import org.scaledql.api.dt.DecisionTransformerConfig;
import org.scaledql.api.eval.EvaluationConfig;
import org.scaledql.api.eval.EvaluationReport;
import org.scaledql.api.eval.Evaluator;
import org.scaledql.api.eval.GameEvaluation;
import org.scaledql.api.train.TrainConfig;
import org.scaledql.core.data.store.DiskTransitionStore;
import org.scaledql.core.data.store.TransitionStores;
import org.scaledql.core.dt.DecisionTransformerTrainer;
import org.scaledql.core.eval.Evaluators;
import org.scaledql.core.eval.TestbedEvaluationPlan;
import org.scaledql.core.io.Json;
import org.scaledql.core.runtime.NativeThreads;
import org.scaledql.core.train.Trainer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./scaledql train}: one training run from a JSON config (or a preset) on a transition store.
 *
 * <p>Evaluation follows the store: the games are played in the environment, variant and observation format their
 * data was logged in ({@link TestbedEvaluationPlan}); where the store records none (data imported from
 * DQN-Replay), or the network cannot play it, training goes on and stderr says once why it is not evaluated.
 * {@code evalEvery = 0} means no evaluation unless {@code --final-eval} asks for one at the end. Stderr also
 * gets the parameter count, the measured seconds per step and the projected wall time ({@link StepTimeReport}).
 */
@Command(name = "train", description = "Train a multi-game Q-network (or, with --preset dt-small or a Decision Transformer "
        + "config, the Decision Transformer baseline) on a transition store.")
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    static final class ConfigSource {
        @Option(names = "--config", description = "JSON config file (see docs/training.md; --print-config shows one)")
        Path file;

        @Option(names = "--preset", description = "small (2-core machine, testbed), demo (the demo's Scaled QL: 25,000 steps "
                + "on the testbed, docs/demo.md), paper (the paper's choices) or dt-small (the multi-game Decision "
                + "Transformer baseline, docs/dt.md)")
        String preset;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    ConfigSource source;

    @Option(names = "--data", description = "Transition store directory")
    Path data;

    @Option(names = "--output", description = "Run directory (config, metrics, checkpoints, network)")
    Path output;

    @Option(names = "--resume", description = "Continue the run in --output from its newest valid checkpoint. "
            + "The config must be the run's, except steps (not with the COSINE schedule) and the checkpoint, log "
            + "and evaluation periods: e.g. --config RUN/config.json --steps N extends a run")
    boolean resume;

    @Option(names = "--games", split = ",", description = "Games to train on, in head order (default: all in the store)")
    List<String> games;

    @Option(names = "--steps", description = "Override the config's step count")
    Long steps;

    @Option(names = "--workers", description = "Threads sharing each step's batch (data-parallel; default 1). "
            + "On the testbed network on 2 cores it measured no faster than 1 (docs/demo.md, Throughput).")
    int workers = 1;

    @Option(names = "--final-eval", description = "Evaluate once at the end even when the config's evalEvery is 0 "
            + "(which otherwise means no evaluation); with evalEvery > 0 the run evaluates at the end anyway")
    boolean finalEval;

    @Option(names = "--print-config", description = "Print the resolved config as JSON and exit")
    boolean printConfig;

    @Override
    public Integer call() throws Exception {
        Object resolved = resolveConfig();
        if (resolved instanceof DecisionTransformerConfig dt) {
            return trainDecisionTransformer(steps != null ? dt.withSteps(steps) : dt);
        }
        TrainConfig config = (TrainConfig) resolved;
        if (steps != null) {
            config = config.withSteps(steps);
        }
        if (printConfig) {
            spec.commandLine().getOut().println(Json.mapper().writeValueAsString(config));
            spec.commandLine().getOut().flush();
            return 0;
        }
        if (data == null || output == null) {
            throw new IllegalArgumentException("train needs --data STORE and --output RUN_DIR");
        }
        try (DiskTransitionStore store = TransitionStores.open(data)) {
            List<String> order = games != null ? games : store.games().stream().map(GameMetadata::name).toList();
            limitThreadsForSmallFrames(store);
            Trainer.Builder b = Trainer.builder(config, store, output).games(order).resume(resume)
                    .workers(workers).finalEvaluation(finalEval).listener(new StepTimeReport(spec.commandLine().getErr()));
            if (finalEval && config.evalEpisodes() == 0) {
                throw new IllegalArgumentException("--final-eval needs evalEpisodes >= 1 in the config; got 0");
            }
            if (config.evalEpisodes() > 0 && (config.evalEvery() > 0 || finalEval)) {
                EvaluationConfig base = EvaluationConfig.defaults(config.seed() + 1).withEpisodes(config.evalEpisodes());
                TestbedEvaluationPlan plan = TestbedEvaluationPlan.forStore(store, order,
                        Trainer.networkConfig(config, store, order), base.environment());
                if (plan.available()) {
                    Evaluator ev = Evaluators.testbed(base.withEnvironment(plan.environment()));
                    Map<String, Integer> taskIds = plan.taskIds();
                    b.evalHook((net, step) -> metrics(ev.evaluate(net, taskIds)));
                } else {
                    spec.commandLine().getErr().println("train: skipping evaluation: " + plan.reason());
                    spec.commandLine().getErr().flush();
                }
            }
            Trainer.Result r = b.build().run();
            spec.commandLine().getOut().printf("trained %,d steps in %.0f s; network: %s%n", r.steps(), r.wallSeconds(),
                    output.resolve(Trainer.NETWORK_FILE));
            r.lastEval().forEach((k, v) -> spec.commandLine().getOut().printf("  %-24s %.3f%n", k, v));
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    /**
     * The config: a {@link TrainConfig}, or a {@link DecisionTransformerConfig} for the {@code dt-small} preset or a
     * config file with the Decision Transformer's {@value #DT_FIELD} field (a Q-network config has none).
     */
    private Object resolveConfig() throws Exception {
        if (source != null && source.file != null) {
            JsonNode tree = Json.read(source.file, JsonNode.class); // names the file when it is missing or not JSON
            boolean dt = tree != null && tree.isObject() && tree.has(DT_FIELD);
            return dt ? Json.read(source.file, DecisionTransformerConfig.class) : Json.read(source.file, TrainConfig.class);
        }
        String preset = source == null || source.preset == null ? "small" : source.preset;
        return switch (preset) {
            case "small" -> TrainConfig.small();
            case "demo" -> TrainConfig.demo();
            case "paper" -> TrainConfig.paper();
            case "dt-small" -> DecisionTransformerConfig.small();
            default -> throw new IllegalArgumentException("--preset must be small, demo, paper or dt-small; got "
                    + preset);
        };
    }

    /** On small frames, one native thread per op unless the user configured otherwise; says so on stderr. */
    private void limitThreadsForSmallFrames(DiskTransitionStore store) {
        if (!store.games().isEmpty() && NativeThreads.prefersOneThread(store.games().get(0).frameShape())) {
            spec.commandLine().getErr().println("train: small frames; native threads per op: "
                    + NativeThreads.limitUnlessConfigured(1) + " (docs/performance.md, Thread settings)");
        }
    }

    /** The field that marks a config file as a Decision Transformer's. */
    static final String DT_FIELD = "returnBins";

    private Integer trainDecisionTransformer(DecisionTransformerConfig config) throws Exception {
        if (printConfig) {
            spec.commandLine().getOut().println(Json.mapper().writeValueAsString(config));
            spec.commandLine().getOut().flush();
            return 0;
        }
        if (resume || workers != 1 || finalEval) {
            throw new IllegalArgumentException("a Decision Transformer run takes none of --resume, --workers and "
                    + "--final-eval (it does not resume; evaluate it with ./scaledql evaluate --checkpoint RUN)");
        }
        if (data == null || output == null) {
            throw new IllegalArgumentException("train needs --data STORE and --output RUN_DIR");
        }
        PrintWriter err = spec.commandLine().getErr();
        try (DiskTransitionStore store = TransitionStores.open(data)) {
            List<String> order = games != null ? games : store.games().stream().map(GameMetadata::name).toList();
            limitThreadsForSmallFrames(store);
            double[] seconds = {0};
            DecisionTransformerTrainer.Listener timing = (stats, s) -> {
                long step = stats.step();
                if (step > DT_WARMUP_STEPS && step <= DT_WARMUP_STEPS + DT_TIMED_STEPS) {
                    seconds[0] += s;
                }
                if (step == DT_WARMUP_STEPS + DT_TIMED_STEPS) {
                    double perStep = seconds[0] / DT_TIMED_STEPS;
                    err.printf(Locale.ROOT, "train: %.3f s per step over steps %d-%d; %,d steps take about %.0f "
                            + "min%n", perStep, DT_WARMUP_STEPS + 1, step, config.steps(),
                            perStep * config.steps() / 60);
                    err.flush();
                }
            };
            DecisionTransformerTrainer.Result r = DecisionTransformerTrainer.train(config, store, order, output, timing,
                    true);
            err.printf(Locale.ROOT, "train: Decision Transformer, %,d parameters%n", r.model().parameterCount());
            err.flush();
            spec.commandLine().getOut().printf(Locale.ROOT, "trained %,d steps in %.0f s; model: %s%n", r.steps(),
                    r.wallSeconds(), output.resolve(DecisionTransformerTrainer.MODEL_FILE));
            r.last().forEach((k, v) -> spec.commandLine().getOut().printf(Locale.ROOT, "  %-24s %.3f%n", k, v));
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    /** Steps a Decision Transformer run leaves out of its step-time report (graph compilation, warm-up). */
    private static final int DT_WARMUP_STEPS = 20;
    /** Steps it times for the report. */
    private static final int DT_TIMED_STEPS = 100;

    /** Evaluation results as namespaced metrics: eval/iqm (with bounds) and eval/normalized/GAME. */
    static Map<String, Double> metrics(EvaluationReport r) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("eval/iqm", r.iqm().point());
        m.put("eval/iqm_lower", r.iqm().lower());
        m.put("eval/iqm_upper", r.iqm().upper());
        for (GameEvaluation g : r.games()) {
            m.put("eval/normalized/" + g.game(), g.normalizedMean());
        }
        return m;
    }
}
