package org.scaledql.cuda.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.scaledql.api.nn.EncoderConfig;
import org.scaledql.api.nn.HeadConfig;
import org.scaledql.api.nn.ImpalaConfig;
import org.scaledql.api.nn.NatureCnnConfig;
import org.scaledql.api.nn.NetworkConfig;
import org.scaledql.api.nn.ResNetConfig;
import org.scaledql.api.nn.Support;
import org.scaledql.core.nn.SameDiffQNetwork;
import org.scaledql.cuda.BackendDecision;
import org.scaledql.cuda.BackendReport;
import org.scaledql.cuda.BackendRequest;
import org.scaledql.cuda.Backends;
import org.scaledql.cuda.CudaDefaults;
import org.scaledql.cuda.GpuDevice;

/**
 * Times forward passes and training steps (forward + backward + Adam update, see {@link CrossEntropyProbe})
 * of multi-game C51 networks on whichever backend is selected, and prints a Markdown table on stdout (progress
 * and the device report go to stderr). Each network gets {@code --warmup} untimed steps, then {@code --steps}
 * timed ones; every timing ends with {@code Nd4j.getExecutioner().commit()} so asynchronous GPU work is
 * counted. Run by {@code scaledql-cuda/bin/gpu-check.sh}; usage:
 *
 * <pre>java -cp ... org.scaledql.cuda.bench.StepBenchmark [--backend cpu|cuda|auto] [--encoders resnet50,resnet101]
 *     [--width 1] [--batch 256] [--games 40] [--actions 18] [--atoms 51] [--observation 4,84,84]
 *     [--warmup 5] [--steps 20]</pre>
 */
public final class StepBenchmark {

    /** The benchmark's settings; validated. */
    record Settings(String backend, List<String> encoders, double width, int batch, int games, int actions, int atoms,
            int[] observation, int warmup, int steps) {
        Settings {
            if (batch < 1 || games < 1 || actions < 1 || atoms < 2 || warmup < 0 || steps < 1) {
                throw new IllegalArgumentException("need --batch, --games, --actions >= 1, --atoms >= 2, --warmup >= 0 and"
                        + " --steps >= 1; got batch=" + batch + ", games=" + games + ", actions=" + actions + ", atoms="
                        + atoms + ", warmup=" + warmup + ", steps=" + steps);
            }
            if (observation.length != 3) {
                throw new IllegalArgumentException("--observation must be C,H,W; got " + Arrays.toString(observation));
            }
        }
    }

    /** One table row. */
    record Row(String network, long parameters, int batch, double forwardMs, double stepMedianMs, double stepP10Ms,
            double stepP90Ms) {
    }

    private StepBenchmark() {
    }

    /** Parses the options, runs the benchmark and prints the table. Exits 1 with a one-line reason on bad input. */
    public static void main(String[] args) {
        Settings s;
        try {
            s = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("scaledql: " + e.getMessage());
            System.exit(1);
            return;
        }
        BackendDecision decision = Backends.select(BackendRequest.resolve(s.backend(), System.getenv(), BackendRequest.AUTO));
        for (String line : CudaDefaults.recommended().apply(decision.backend())) {
            System.err.println("cuda default: " + line);
        }
        Backends.verify(decision);
        BackendReport report = Backends.describe();
        PrintStream err = System.err;
        err.println("backend: " + report.backend() + " (" + decision.reason() + "), blas " + report.blasVendor()
                + " " + report.blasVersion() + ", cuDNN " + report.cudnnAvailable());
        for (GpuDevice d : report.devices()) {
            err.printf(Locale.ROOT, "device %d: %s, compute capability %s, %.1f GiB%s%n", d.index(), d.name(),
                    d.computeCapability(), d.totalMemoryBytes() / (double) (1L << 30),
                    d.nd4jKernelArchitecture().isPresent() ? "" : " -- ND4J 1.0.0-M2.1 has no kernels for this GPU");
        }
        List<Row> rows = new ArrayList<>();
        for (String encoder : s.encoders()) {
            rows.add(run(s, encoder, err));
        }
        System.out.println(table(report, s, rows));
    }

    static Settings parse(String[] args) {
        Map<String, String> o = new java.util.LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + a + "'; options are --name value");
            }
            int eq = a.indexOf('=');
            if (eq > 0) {
                o.put(a.substring(2, eq), a.substring(eq + 1));
            } else {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + a + " needs a value");
                }
                o.put(a.substring(2), args[++i]);
            }
        }
        List<String> known = List.of("backend", "encoders", "width", "batch", "games", "actions", "atoms", "observation",
                "warmup", "steps");
        for (String k : o.keySet()) {
            if (!known.contains(k)) {
                throw new IllegalArgumentException("unknown option --" + k + "; known: --" + String.join(", --", known));
            }
        }
        try {
            return new Settings(o.get("backend"), List.of(o.getOrDefault("encoders", "resnet50,resnet101").split(",")),
                    Double.parseDouble(o.getOrDefault("width", "1")), Integer.parseInt(o.getOrDefault("batch", "256")),
                    Integer.parseInt(o.getOrDefault("games", "40")), Integer.parseInt(o.getOrDefault("actions", "18")),
                    Integer.parseInt(o.getOrDefault("atoms", "51")),
                    Arrays.stream(o.getOrDefault("observation", "4,84,84").split(",")).mapToInt(x -> Integer.parseInt(x.trim())).toArray(),
                    Integer.parseInt(o.getOrDefault("warmup", "5")), Integer.parseInt(o.getOrDefault("steps", "20")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a numeric option has a non-numeric value: " + e.getMessage());
        }
    }

    static EncoderConfig encoder(String name, double width, int[] observation) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.startsWith("resnet")) {
            int depth;
            try {
                depth = Integer.parseInt(n.substring("resnet".length()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("encoder '" + name + "': expected resnetN with N in " + ResNetConfig.DEPTHS);
            }
            return new ResNetConfig(depth, width, 8, observation[1] < 32 ? ResNetConfig.Stem.SMALL : ResNetConfig.Stem.IMAGENET);
        }
        return switch (n) {
            case "nature" -> new NatureCnnConfig((int) width);
            case "impala" -> ImpalaConfig.width((int) width);
            default -> throw new IllegalArgumentException("unknown encoder '" + name + "'; use resnetN (N in "
                    + ResNetConfig.DEPTHS + "), impala or nature");
        };
    }

    static Row run(Settings s, String encoderName, PrintStream err) {
        NetworkConfig config = NetworkConfig.builder(s.observation(), s.games(), s.actions())
                .encoder(encoder(encoderName, s.width(), s.observation()))
                .head(new HeadConfig.C51(new Support(s.atoms(), -10, 10))).build();
        SameDiffQNetwork net = SameDiffQNetwork.create(config, 0);
        CrossEntropyProbe probe = new CrossEntropyProbe(net);
        Nd4j.getRandom().setSeed(1);
        int[] o = s.observation();
        INDArray obs = Nd4j.rand(DataType.FLOAT, s.batch(), o[0], o[1], o[2]);
        INDArray tasks = Nd4j.createFromArray(java.util.stream.IntStream.range(0, s.batch()).map(i -> i % s.games()).toArray());
        INDArray target = Transforms.softmax(Nd4j.randn(DataType.FLOAT, (long) s.batch() * s.actions(), s.atoms()))
                .reshape(s.batch(), s.actions(), s.atoms());
        Map<String, INDArray> inputs = probe.inputs(obs, tasks, target);
        Map<String, GradientUpdater<?>> adam = probe.adam(1e-4);
        double[] forward = new double[s.steps()];
        double[] step = new double[s.steps()];
        for (int i = 0; i < s.warmup() + s.steps(); i++) {
            long t0 = System.nanoTime();
            net.qValues(obs, tasks);
            Nd4j.getExecutioner().commit();
            long t1 = System.nanoTime();
            probe.adamStep(probe.gradients(inputs), adam, i);
            Nd4j.getExecutioner().commit();
            long t2 = System.nanoTime();
            if (i >= s.warmup()) {
                forward[i - s.warmup()] = (t1 - t0) / 1e6;
                step[i - s.warmup()] = (t2 - t1) / 1e6;
            }
            err.printf(Locale.ROOT, "%s %s %d/%d: forward %.1f ms, step %.1f ms%n", encoderName,
                    i < s.warmup() ? "warm-up" : "step", i < s.warmup() ? i + 1 : i - s.warmup() + 1,
                    i < s.warmup() ? s.warmup() : s.steps(), (t1 - t0) / 1e6, (t2 - t1) / 1e6);
        }
        return new Row(config.encoder().displayName(), net.parameterCount(), s.batch(), quantile(forward, 0.5),
                quantile(step, 0.5), quantile(step, 0.1), quantile(step, 0.9));
    }

    /** The {@code q}-quantile with linear interpolation (numpy's default). */
    static double quantile(double[] values, double q) {
        double[] v = values.clone();
        Arrays.sort(v);
        double pos = q * (v.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, v.length - 1);
        return v[lo] + (pos - lo) * (v[hi] - v[lo]);
    }

    static String table(BackendReport report, Settings s, List<Row> rows) {
        StringBuilder b = new StringBuilder();
        String device = report.devices().isEmpty() ? "CPU" : report.devices().get(0).name();
        b.append(String.format(Locale.ROOT, "backend %s on %s; %d games x %d actions x %d atoms; observation %s;"
                + " %d warm-up + %d timed steps; Adam; medians%n%n", report.backend(), device, s.games(), s.actions(),
                s.atoms(), Arrays.toString(s.observation()), s.warmup(), s.steps()));
        b.append("| network | parameters | batch | forward ms | step ms (median) | p10 | p90 | samples/s |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "| %s | %,d | %d | %.1f | %.1f | %.1f | %.1f | %.0f |%n", r.network(),
                    r.parameters(), r.batch(), r.forwardMs(), r.stepMedianMs(), r.stepP10Ms(), r.stepP90Ms(),
                    r.batch() / (r.stepMedianMs() / 1000.0)));
        }
        return b.toString().stripTrailing();
    }
}
