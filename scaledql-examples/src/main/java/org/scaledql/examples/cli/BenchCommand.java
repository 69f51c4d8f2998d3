package org.scaledql.examples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.factory.Nd4j;
import org.scaledql.core.io.Json;
import org.scaledql.examples.bench.BenchRow;
import org.scaledql.examples.bench.BenchRows;
import org.scaledql.examples.bench.PeakFlops;
import org.scaledql.examples.bench.PytorchPeer;
import org.scaledql.examples.bench.ResidentMemory;
import org.scaledql.examples.bench.StepFlops;
import org.scaledql.examples.bench.StepTimer;
import org.scaledql.examples.bench.Timing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./scaledql bench}: times one full training step (off-tape C51 target, forward, backward, Adam) per
 * standard row, reports median, p10 and p90 step times, achieved GFLOP/s against the machine's measured
 * matrix-product peak, and optionally the PyTorch peer's medians and the ratio; or, with {@code --memory},
 * tracks resident memory over a long run of the testbed network. See {@code docs/performance.md}.
 */
@Command(name = "bench", description = "Time the training step per network (and against PyTorch), or track memory.")
final class BenchCommand implements Callable<Integer> {

    enum Peer { pytorch }

    @Spec
    CommandSpec spec;

    @Option(names = "--rows", split = ",", paramLabel = "ROW",
            description = "Rows to run: all, a network (nature, impala, resnet18, resnet34, testbed, dt: the Decision "
                    + "Transformer) or network/batch (default: all)")
    List<String> rows;

    @Option(names = "--quick", description = "Smoke run: 2 warm-up and 3 timed steps per row, a small peak probe")
    boolean quick;

    @Option(names = "--warmup", description = "Warm-up steps per row (default: ${DEFAULT-VALUE})", defaultValue = "20")
    int warmup;

    @Option(names = "--reps", description = "Timed steps per row (default: ${DEFAULT-VALUE})", defaultValue = "20")
    int reps;

    @Option(names = "--row-budget", paramLabel = "SECONDS",
            description = "Wall-time budget per row, warm-up included; cuts warm-up at a third of it and timed steps at "
                    + "all of it (at least 2 warm-up and 3 timed steps always run; 0: no budget; default: ${DEFAULT-VALUE})",
            defaultValue = "240")
    double rowBudget;

    @Option(names = "--compare", description = "Also run the peer and print the ratio scaledql / peer: pytorch")
    Peer compare;

    @Option(names = "--python", description = "Interpreter with torch for the peer (default: ${DEFAULT-VALUE})",
            defaultValue = "/usr/bin/python3")
    Path python;

    @Option(names = "--peer-script", description = "The PyTorch peer (default: ${DEFAULT-VALUE})",
            defaultValue = "bench/pytorch_peer.py")
    Path peerScript;

    @Option(names = "--peer-threads", description = "torch.set_num_threads for the peer (default: ${DEFAULT-VALUE})",
            defaultValue = "2")
    int peerThreads;

    @Option(names = "--memory", description = "Instead of timing, run --steps steps of the testbed network and report "
            + "resident memory (VmRSS) over the run")
    boolean memory;

    @Option(names = "--steps", description = "Steps of the --memory run (default: ${DEFAULT-VALUE})", defaultValue = "20000")
    long steps;

    @Option(names = "--batch", description = "Batch size of the --memory run (default: ${DEFAULT-VALUE})", defaultValue = "32")
    int batch;

    @Option(names = "--seed", description = "Seeds networks and synthetic batches (default: ${DEFAULT-VALUE})", defaultValue = "0")
    long seed;

    @Option(names = "--profile", description = "Instead of timing, profile --reps steps per row: the step's parts "
            + "(inputs and targets, gradient graph, update) and the gradient graph's ops, mean ms per step")
    boolean profile;

    @Option(names = "--by-shape", description = "With --profile: one row per op and input shapes")
    boolean byShape;

    @Option(names = "--json", description = "Print exactly one JSON document")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (warmup < 0 || reps < 1) {
            throw new IllegalArgumentException("--warmup must be >= 0 and --reps >= 1; got --warmup " + warmup
                    + ", --reps " + reps);
        }
        if (memory && (batch < 1 || steps < 1)) {
            throw new IllegalArgumentException("--batch and --steps must be >= 1; got --batch " + batch + ", --steps " + steps);
        }
        PrintWriter err = spec.commandLine().getErr();
        err.printf("bench: OMP_NUM_THREADS=%s OMP_WAIT_POLICY=%s, ND4J max threads %d%n", System.getenv("OMP_NUM_THREADS"),
                System.getenv("OMP_WAIT_POLICY"), Nd4j.getEnvironment().maxThreads());
        err.flush();
        if (memory && profile) {
            throw new IllegalArgumentException("--memory and --profile are separate modes; pick one");
        }
        if (byShape && !profile) {
            throw new IllegalArgumentException("--by-shape refines --profile; add --profile");
        }
        return memory ? memory(err) : profile ? profile(err) : timing(err);
    }

    private int timing(PrintWriter err) throws Exception {
        List<BenchRow> selected = BenchRows.select(BenchRows.standard(), rows);
        int w = quick ? Math.min(warmup, 2) : warmup;
        int r = quick ? Math.min(reps, 3) : reps;
        double budget = quick ? Math.min(rowBudget <= 0 ? 60 : rowBudget, 60) : rowBudget;
        PytorchPeer peer = null;
        if (compare != null) {
            peer = new PytorchPeer(python, peerScript, peerThreads);
            peer.checkInstalled(); // fail before spending minutes on our own rows
        }
        double peak = PeakFlops.measureGflops(quick ? 512 : 2048, quick ? 3 : 5);
        err.printf("bench: peak %.1f GFLOP/s (single-precision matrix product through ND4J)%n", peak);
        err.flush();
        StepTimer timer = new StepTimer(w, r, budget, seed);
        Map<BenchRow, Timing> ours = new LinkedHashMap<>();
        for (BenchRow row : selected) {
            Timing t = timer.time(row, err);
            ours.put(row, t);
            err.printf("scaledql %s: median %.1f ms (p10 %.1f, p90 %.1f; %d timed)%n", row.id(), t.medianMs(),
                    t.p10Ms(), t.p90Ms(), t.stepMs().length);
            err.flush();
        }
        Map<String, Double> theirs = peer == null ? Map.of() : peer.medians(selected, w, r, budget, err);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode root = Json.mapper().createObjectNode();
            ArrayNode a = root.putArray("rows");
            for (Map.Entry<BenchRow, Timing> e : ours.entrySet()) {
                BenchRow row = e.getKey();
                Timing t = e.getValue();
                ObjectNode o = a.addObject();
                o.put("network", row.network());
                o.put("batch", row.batch());
                o.put("scaledqlMs", round(t.medianMs()));
                if (peer != null) {
                    Double p = theirs.get(row.id());
                    if (p == null) {
                        throw new IllegalStateException("the PyTorch peer returned no row " + row.id());
                    }
                    o.put("pytorchMs", round(p));
                    o.put("ratio", round(t.medianMs() / p));
                }
                o.put("p10Ms", round(t.p10Ms()));
                o.put("p90Ms", round(t.p90Ms()));
                o.put("timedSteps", t.stepMs().length);
                o.put("warmupSteps", t.warmupSteps());
                if (row.decisionTransformer() == null) { // StepFlops counts the Q-network's step only
                    double gflop = StepFlops.trainingStep(row.config(), row.batch()) / 1e9;
                    o.put("gflopPerStep", round(gflop));
                    o.put("gflops", round(gflop / (t.medianMs() / 1e3)));
                }
            }
            root.put("peakGflops", round(peak));
            out.println(Json.mapper().writeValueAsString(root));
        } else {
            out.printf("%-9s %5s %10s %10s %10s %9s %9s %6s", "network", "batch", "median ms", "p10 ms", "p90 ms",
                    "GFLOP", "GFLOP/s", "%peak");
            out.println(peer == null ? "" : String.format(" %11s %7s", "pytorch ms", "ratio"));
            for (Map.Entry<BenchRow, Timing> e : ours.entrySet()) {
                BenchRow row = e.getKey();
                Timing t = e.getValue();
                out.printf("%-9s %5d %10.1f %10.1f %10.1f", row.network(), row.batch(), t.medianMs(), t.p10Ms(),
                        t.p90Ms());
                if (row.decisionTransformer() == null) {
                    double gflop = StepFlops.trainingStep(row.config(), row.batch()) / 1e9;
                    double gflops = gflop / (t.medianMs() / 1e3);
                    out.printf(" %9.2f %9.1f %6.1f", gflop, gflops, 100 * gflops / peak);
                } else { // StepFlops counts the Q-network's step only
                    out.printf(" %9s %9s %6s", "-", "-", "-");
                }
                if (peer != null) {
                    Double p = theirs.get(row.id());
                    out.printf(" %11.1f %7.2f", p, t.medianMs() / p);
                }
                out.println();
            }
            out.printf("peak %.1f GFLOP/s (float matrix product through ND4J); FLOPs: %d forward passes of conv, "
                    + "dense and spatial-embedding multiply-adds per step%n", peak, StepFlops.FORWARD_PASSES_PER_STEP);
        }
        out.flush();
        return 0;
    }

    private int profile(PrintWriter err) throws Exception {
        List<BenchRow> selected = BenchRows.select(BenchRows.standard(), rows);
        StepTimer timer = new StepTimer(quick ? Math.min(warmup, 2) : warmup, quick ? Math.min(reps, 3) : reps,
                rowBudget, seed);
        Map<BenchRow, Map<String, Double>> profiles = new LinkedHashMap<>();
        for (BenchRow row : selected) {
            profiles.put(row, timer.profile(row, byShape, err));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode root = Json.mapper().createObjectNode();
            ArrayNode a = root.putArray("rows");
            for (Map.Entry<BenchRow, Map<String, Double>> e : profiles.entrySet()) {
                ObjectNode o = a.addObject();
                o.put("network", e.getKey().network());
                o.put("batch", e.getKey().batch());
                ObjectNode parts = o.putObject("partsMs");
                ObjectNode ops = o.putObject("opsMs");
                e.getValue().forEach((k, v) -> {
                    if (k.startsWith("op ")) {
                        ops.put(k.substring(3), round(v));
                    } else {
                        parts.put(k, round(v));
                    }
                });
            }
            out.println(Json.mapper().writeValueAsString(root));
        } else {
            for (Map.Entry<BenchRow, Map<String, Double>> e : profiles.entrySet()) {
                double stepMs = e.getValue().getOrDefault("step", Double.NaN);
                out.printf("%s (mean ms per step)%n", e.getKey().id());
                e.getValue().forEach((k, v) -> out.printf("  %-60s %9.2f %5.1f%%%n", k, v, 100 * v / stepMs));
            }
        }
        out.flush();
        return 0;
    }

    private int memory(PrintWriter err) throws Exception {
        if (steps < 10) {
            throw new IllegalArgumentException("--memory needs --steps >= 10; got " + steps);
        }
        if (!ResidentMemory.available()) {
            throw new IllegalArgumentException("--memory reads /proc/self/status, which this system does not have");
        }
        long every = Math.max(1, steps / 200);
        long baselineStep = Math.max(1, steps / 10);
        List<long[]> samples = new ArrayList<>();
        long[] baseline = {0};
        long[] max = {0};
        long t0 = System.nanoTime();
        err.printf("bench --memory: testbed network, batch %d, %d steps; baseline after step %d, sampling every %d%n",
                batch, steps, baselineStep, every);
        err.flush();
        StepTimer.run(BenchRows.testbedConfig(), batch, steps, seed, t -> {
            if (t % every == 0 || t == baselineStep || t == steps) {
                long kib = ResidentMemory.kib();
                samples.add(new long[] {t, kib});
                if (t == baselineStep) {
                    baseline[0] = kib;
                }
                if (t >= baselineStep) {
                    max[0] = Math.max(max[0], kib);
                }
                if (t % (every * 20) == 0) {
                    err.printf("  step %d: VmRSS %.1f MiB (%.1f steps/s)%n", t, kib / 1024.0,
                            t / ((System.nanoTime() - t0) / 1e9));
                    err.flush();
                }
            }
        });
        long last = samples.get(samples.size() - 1)[1];
        double drift = 100.0 * (last - baseline[0]) / baseline[0];
        double maxGrowth = 100.0 * (max[0] - baseline[0]) / baseline[0];
        boolean flat = Math.abs(drift) <= 5 && maxGrowth <= 5;
        double seconds = (System.nanoTime() - t0) / 1e9;
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode root = Json.mapper().createObjectNode();
            root.put("network", "testbed");
            root.put("batch", batch);
            root.put("steps", steps);
            root.put("seconds", round(seconds));
            root.put("baselineStep", baselineStep);
            root.put("baselineMiB", round(baseline[0] / 1024.0));
            root.put("finalMiB", round(last / 1024.0));
            root.put("maxMiB", round(max[0] / 1024.0));
            root.put("driftPercent", round(drift));
            root.put("maxGrowthPercent", round(maxGrowth));
            root.put("flatWithin5Percent", flat);
            ArrayNode s = root.putArray("samples");
            for (long[] x : samples) {
                s.addArray().add(x[0]).add(x[1]);
            }
            out.println(Json.mapper().writeValueAsString(root));
        } else {
            out.printf("testbed/%d, %d steps in %.0f s: VmRSS %.1f MiB at step %d, %.1f MiB at the end (%+.2f%%), "
                    + "max %.1f MiB (%+.2f%%): %s%n", batch, steps, seconds, baseline[0] / 1024.0, baselineStep,
                    last / 1024.0, drift, max[0] / 1024.0, maxGrowth, flat ? "flat within 5%" : "NOT flat within 5%");
        }
        out.flush();
        return 0;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
