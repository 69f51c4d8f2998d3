package org.scaledql.cuda;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.scaledql.api.nn.HeadConfig;
import org.scaledql.api.nn.NetworkConfig;
import org.scaledql.api.nn.ResNetConfig;
import org.scaledql.api.nn.Support;
import org.scaledql.core.io.ArrayCodec;
import org.scaledql.core.nn.SameDiffQNetwork;
import org.scaledql.cuda.bench.CrossEntropyProbe;

/**
 * The computation compared across backends: a forward pass of a small multi-game C51 ResNet and {@link #STEPS}
 * plain gradient-descent steps on {@link CrossEntropyProbe}'s loss. The fixture (initial parameters, inputs,
 * targets) is made once on the CPU and loaded by both sides, because ND4J's CPU and CUDA random generators
 * differ. ND4J runs one backend per JVM, so the CPU side runs in a child JVM ({@link #runCpuChild}) started with
 * {@code BACKEND_PRIORITY_CPU=200}, and writes its results for the parent to compare.
 *
 * <p>Plain SGD, not Adam, is compared: SGD carries a gradient difference into the parameters linearly, while
 * Adam's {@code m / sqrt(v)} turns float noise in near-zero gradients into full-size steps of either sign.
 */
final class ParityRun {

    static final int STEPS = 3;
    static final double LEARNING_RATE = 0.05;
    static final int BATCH = 6;

    /** Forward outputs, per-step losses, first-step gradients and the parameters' total change. */
    record Result(String backend, Map<String, INDArray> outputs, double[] losses, Map<String, INDArray> firstGradients,
            Map<String, INDArray> updates) {
    }

    private ParityRun() {
    }

    static NetworkConfig config() {
        return NetworkConfig.builder(new int[] {4, 12, 12}, 3, 5)
                .encoder(new ResNetConfig(18, 0.125, 4, ResNetConfig.Stem.SMALL)).torso(16)
                .head(new HeadConfig.C51(new Support(11, -5, 5))).build();
    }

    /** Writes the network and the inputs (made on the current backend, meant to be the CPU). */
    static void writeFixture(Path dir, long seed) throws IOException {
        SameDiffQNetwork net = SameDiffQNetwork.create(config(), seed);
        net.save(dir.resolve("net.sqlarr"));
        Nd4j.getRandom().setSeed(seed);
        Map<String, INDArray> in = new LinkedHashMap<>();
        in.put("obs", Nd4j.rand(DataType.FLOAT, BATCH, 4, 12, 12));
        in.put("tasks", Nd4j.createFromArray(0, 1, 2, 2, 1, 0));
        in.put("target", Transforms.softmax(Nd4j.randn(DataType.FLOAT, BATCH * 5, 11).muli(2)).reshape(BATCH, 5, 11));
        ArrayCodec.write(dir.resolve("inputs.sqlarr"), "{}", in);
    }

    /** Runs the computation on the current backend from the fixture in {@code dir}. */
    static Result run(Path dir) throws IOException {
        SameDiffQNetwork net = SameDiffQNetwork.load(dir.resolve("net.sqlarr"));
        Map<String, INDArray> in = ArrayCodec.read(dir.resolve("inputs.sqlarr")).arrays();
        CrossEntropyProbe probe = new CrossEntropyProbe(net);
        Map<String, INDArray> inputs = probe.inputs(in.get("obs"), in.get("tasks"), in.get("target"));
        Map<String, INDArray> outputs = new LinkedHashMap<>();
        outputs.put("headOutputs", net.headOutputs(in.get("obs"), in.get("tasks")).dup());
        outputs.put("qValues", net.qValues(in.get("obs"), in.get("tasks")).dup());
        outputs.put("features", net.features(in.get("obs")).dup());
        Map<String, INDArray> initial = new LinkedHashMap<>();
        net.parameters().forEach((k, v) -> initial.put(k, v.dup()));
        double[] losses = new double[STEPS + 1];
        Map<String, INDArray> first = null;
        for (int s = 0; s < STEPS; s++) {
            losses[s] = probe.loss(inputs);
            Map<String, INDArray> g = probe.gradients(inputs);
            if (first == null) {
                first = new LinkedHashMap<>();
                for (Map.Entry<String, INDArray> e : g.entrySet()) {
                    first.put(e.getKey(), e.getValue().dup());
                }
            }
            probe.sgdStep(g, LEARNING_RATE);
        }
        losses[STEPS] = probe.loss(inputs);
        Map<String, INDArray> updates = new LinkedHashMap<>();
        net.parameters().forEach((k, v) -> updates.put(k, v.sub(initial.get(k))));
        return new Result(Backends.current().cliName(), outputs, losses, first, updates);
    }

    static void write(Result r, Path file) throws IOException {
        Map<String, INDArray> all = new LinkedHashMap<>();
        r.outputs().forEach((k, v) -> all.put("out/" + k, v));
        r.firstGradients().forEach((k, v) -> all.put("grad/" + k, v));
        r.updates().forEach((k, v) -> all.put("update/" + k, v));
        all.put("losses", Nd4j.createFromArray(r.losses()));
        ArrayCodec.write(file, r.backend(), all);
    }

    static Result read(Path file) throws IOException {
        ArrayCodec.Contents c = ArrayCodec.read(file);
        Map<String, INDArray> out = new LinkedHashMap<>();
        Map<String, INDArray> grad = new LinkedHashMap<>();
        Map<String, INDArray> upd = new LinkedHashMap<>();
        c.arrays().forEach((k, v) -> {
            if (k.startsWith("out/")) {
                out.put(k.substring(4), v);
            } else if (k.startsWith("grad/")) {
                grad.put(k.substring(5), v);
            } else if (k.startsWith("update/")) {
                upd.put(k.substring(7), v);
            }
        });
        return new Result(c.metadata(), out, c.arrays().get("losses").toDoubleVector(), grad, upd);
    }

    /**
     * Makes the fixture and the CPU result in {@code dir} in a child JVM on the CPU backend, using this JVM's
     * class path. Returns the CPU result.
     */
    static Result runCpuChild(Path dir, long seed) throws IOException, InterruptedException {
        Path log = dir.resolve("cpu-child.log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-cp", System.getProperty("java.class.path"), ParityRun.class.getName(),
                dir.toString(), Long.toString(seed));
        pb.environment().putAll(Backend.CPU.priorityEnvironment());
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("CPU reference JVM did not finish in 5 minutes; log: " + log);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("CPU reference JVM exited with " + p.exitValue() + "; its output:\n"
                    + tail(Files.readString(log, StandardCharsets.UTF_8), 4000));
        }
        return read(dir.resolve("cpu-result.sqlarr"));
    }

    /** Child JVM entry: {@code ParityRun <dir> <seed>} writes the fixture and {@code cpu-result.sqlarr}. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Backends.verify(Backends.select(BackendRequest.CPU));
        writeFixture(dir, Long.parseLong(args[1]));
        write(run(dir), dir.resolve("cpu-result.sqlarr"));
    }

    /**
     * Differences beyond float tolerance, one line each (empty when the results agree). Element-wise for
     * outputs ({@code |a-b| <= 1e-4 + 1e-3 |b|}) and losses ({@code 1e-5 + 1e-4 |b|}); per tensor, relative to
     * its largest magnitude, for gradients and parameter updates ({@code max|a-b| <= 1e-7 + 2e-3 max|b|}).
     */
    static List<String> differences(Result actual, Result reference) {
        List<String> d = new ArrayList<>();
        for (Map.Entry<String, INDArray> e : reference.outputs().entrySet()) {
            INDArray a = actual.outputs().get(e.getKey()).castTo(DataType.DOUBLE);
            INDArray b = e.getValue().castTo(DataType.DOUBLE);
            INDArray excess = Transforms.abs(a.sub(b)).subi(Transforms.abs(b).muli(1e-3).addi(1e-4));
            if (excess.maxNumber().doubleValue() > 0) {
                d.add(String.format("output %s: max |diff| %.3g exceeds 1e-4 + 1e-3|ref|", e.getKey(),
                        Transforms.abs(a.sub(b)).maxNumber().doubleValue()));
            }
        }
        for (int i = 0; i < reference.losses().length; i++) {
            double a = actual.losses()[i];
            double b = reference.losses()[i];
            if (!(Math.abs(a - b) <= 1e-5 + 1e-4 * Math.abs(b))) {
                d.add(String.format("loss after %d steps: %.8f vs reference %.8f", i, a, b));
            }
        }
        tensors("first-step gradient", actual.firstGradients(), reference.firstGradients(), d);
        tensors("parameter update after " + STEPS + " steps", actual.updates(), reference.updates(), d);
        return d;
    }

    private static void tensors(String what, Map<String, INDArray> actual, Map<String, INDArray> reference, List<String> d) {
        for (Map.Entry<String, INDArray> e : reference.entrySet()) {
            INDArray a = actual.get(e.getKey());
            if (a == null) {
                d.add(what + " " + e.getKey() + ": missing");
                continue;
            }
            double scale = e.getValue().castTo(DataType.DOUBLE).amaxNumber().doubleValue();
            double diff = a.castTo(DataType.DOUBLE).sub(e.getValue().castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
            if (!(diff <= 1e-7 + 2e-3 * scale)) {
                d.add(String.format("%s %s: max |diff| %.3g vs max |ref| %.3g", what, e.getKey(), diff, scale));
            }
        }
    }

    private static String tail(String s, int n) {
        return s.length() <= n ? s : "..." + s.substring(s.length() - n);
    }
}
