package org.scaledql.examples.cli;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.scaledql.api.data.GameWeighting;
import org.scaledql.api.data.ObservationFormat;
import org.scaledql.api.data.SamplerConfig;
import org.scaledql.api.data.TransitionBatch;
import org.scaledql.core.data.dqnreplay.DqnReplayImportConfig;
import org.scaledql.core.data.dqnreplay.DqnReplayImporter;
import org.scaledql.core.data.dqnreplay.DqnReplayWriter;
import org.scaledql.core.data.sampling.Samplers;
import org.scaledql.core.data.sampling.StoreSampler;
import org.scaledql.core.data.store.DiskTransitionStore;
import org.scaledql.core.data.store.TransitionStores;
import org.scaledql.core.io.OwnedTempDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./scaledql bench-data}: writes synthetic Atari-sized data in the DQN-Replay layout, imports it, and
 * measures import throughput, bytes on disk per transition and sampler throughput (84x84, stack 4, batch 32) for
 * float and raw uint8 batches, without and with a prefetch thread, in the same run so their ratio means something.
 */
@Command(name = "bench-data", description = "Benchmark the data path: DQN-Replay import (compressed MB/s), bytes on"
        + " disk per transition, sampler throughput for stacked 84x84x4 batches of 32 (float and uint8 observations,"
        + " without and with prefetch).")
final class DataBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", description = "scratch folder (default: a temporary folder, deleted afterwards)")
    Path dir;

    @Option(names = "--rows", defaultValue = "30000", description = "logged rows to generate; default ${DEFAULT-VALUE}")
    int rows;

    @Option(names = "--capacity", defaultValue = "10000", description = "replay capacity of the synthetic dumps; default ${DEFAULT-VALUE}")
    int capacity;

    @Option(names = "--batches", defaultValue = "2000", description = "sampler batches to time; default ${DEFAULT-VALUE}")
    int batches;

    @Option(names = "--prefetch", defaultValue = "4", description = "prefetch queue of the prefetching sampler runs"
            + " (runs without prefetch always happen too; 0 = only those); default ${DEFAULT-VALUE}")
    int prefetch;

    @Option(names = "--rounds", defaultValue = "3", description = "timed runs per sampler setting, interleaved;"
            + " the median is reported; default ${DEFAULT-VALUE}")
    int rounds;

    @Option(names = "--noise", defaultValue = "300", description = "random pixels per frame, to make compression"
            + " realistic; default ${DEFAULT-VALUE}")
    int noise;

    @Option(names = "--json", description = "print the numbers as one JSON object")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        checkArgument(rows >= 100, "--rows must be >= 100 (the sampler needs whole stacks of frames); got %s", rows);
        checkArgument(batches >= 1 && rounds >= 1 && prefetch >= 0,
                "--batches and --rounds must be >= 1 and --prefetch >= 0; got %s, %s and %s", batches, rounds, prefetch);
        Path root = dir != null ? dir : Files.createTempDirectory("scaledql-bench-");
        Map<String, Object> res = new LinkedHashMap<>();
        try {
            Path replay = root.resolve("replay");
            err.println("bench-data: writing " + rows + " synthetic 84x84 rows (capacity " + capacity + ")...");
            writeSynthetic(replay);
            Path store = root.resolve("store");
            err.println("bench-data: importing...");
            DqnReplayImporter.Report rep = DqnReplayImporter.run(DqnReplayImportConfig.all(replay),
                    TransitionStores.writer(store), null);
            res.put("importCompressedMB", rep.compressedBytes() / 1e6);
            res.put("importSeconds", rep.seconds());
            res.put("importCompressedMBPerSecond", rep.compressedBytes() / 1e6 / rep.seconds());
            long streamRows = rep.games().get(0).streamRows();
            res.put("importRowsPerSecond", streamRows / rep.seconds());
            res.put("importUncompressedMBPerSecond", streamRows * 7065.0 / 1e6 / rep.seconds());
            long storeBytes;
            try (Stream<Path> s = Files.walk(store)) {
                storeBytes = s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
            }
            long records = rep.games().get(0).rowsKept();
            res.put("storeRecords", records);
            res.put("storeBytesPerTransition", storeBytes / (double) records);
            res.put("storeBytesPerTransitionOverFrame", storeBytes / (double) records / 7056.0);
            try (DiskTransitionStore s = DiskTransitionStore.open(store)) {
                benchSampler(s, res, err);
            }
        } finally {
            if (dir == null) {
                OwnedTempDirectory.deleteTree(root);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().writeValueAsString(res));
        } else {
            res.forEach((k, v) -> out.println(k + ": " + v));
        }
        out.flush();
        return 0;
    }

    /**
     * Sampler throughput for both observation formats, without and with a prefetch thread. The four settings
     * run interleaved, {@code rounds} times each, each time on a fresh sampler after 200 warm-up batches, so a
     * slow spell of a shared machine hits all of them; the median round is reported (all rounds in the
     * {@code sampler} list).
     */
    private void benchSampler(DiskTransitionStore store, Map<String, Object> res, PrintWriter err) {
        List<ObservationFormat> formats = List.of(ObservationFormat.FLOAT, ObservationFormat.UINT8);
        List<Integer> prefetches = prefetch > 0 ? List.of(0, prefetch) : List.of(0);
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (int p : prefetches) {
                for (ObservationFormat f : formats) {
                    SamplerConfig cfg = new SamplerConfig(32, 4, 1, 0.99, GameWeighting.uniform(), 1, p, f);
                    double rate = samplerRate(store, cfg);
                    rates.computeIfAbsent(key(f, p), x -> new ArrayList<>()).add(rate);
                    err.printf(Locale.ROOT, "bench-data: round %d, %s, prefetch %d: %.0f transitions/s%n", round + 1, f,
                            p, rate);
                    err.flush();
                }
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int p : prefetches) {
            for (ObservationFormat f : formats) {
                List<Double> r = rates.get(key(f, p));
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("format", f.name());
                row.put("prefetch", p);
                row.put("transitionsPerSecondMedian", median(r));
                row.put("transitionsPerSecondRounds", r);
                rows.add(row);
            }
        }
        res.put("samplerBatchSize", 32);
        res.put("samplerFrameStack", 4);
        res.put("samplerBatches", batches);
        res.put("samplerRounds", rounds);
        res.put("samplerPrefetch", prefetch);
        res.put("samplerFloatTransitionsPerSecond", median(rates.get(key(ObservationFormat.FLOAT, 0))));
        res.put("samplerUint8TransitionsPerSecond", median(rates.get(key(ObservationFormat.UINT8, 0))));
        if (prefetch > 0) {
            res.put("samplerFloatPrefetchTransitionsPerSecond", median(rates.get(key(ObservationFormat.FLOAT, prefetch))));
            res.put("samplerUint8PrefetchTransitionsPerSecond", median(rates.get(key(ObservationFormat.UINT8, prefetch))));
        }
        res.put("samplerUint8OverFloat", median(rates.get(key(ObservationFormat.UINT8, 0)))
                / median(rates.get(key(ObservationFormat.FLOAT, 0))));
        res.put("sampler", rows);
    }

    private static String key(ObservationFormat f, int prefetch) {
        return f + "/" + prefetch;
    }

    private static double median(List<Double> xs) {
        double[] v = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Transitions per second of {@code batches} batches after 200 warm-up batches, on a fresh sampler. */
    private double samplerRate(DiskTransitionStore store, SamplerConfig cfg) {
        try (StoreSampler sampler = Samplers.fromStore(store, List.of("Pong"), cfg)) {
            for (int i = 0; i < Math.min(200, batches); i++) {
                sampler.next(); // warm-up
            }
            long t0 = System.nanoTime();
            double sink = 0;
            for (int i = 0; i < batches; i++) {
                TransitionBatch b = sampler.next();
                sink += b.rewards().getFloat(0);
            }
            double sec = (System.nanoTime() - t0) / 1e9;
            checkState(!Double.isNaN(sink), "NaN reward in the benchmark's batches");
            return batches * (double) cfg.batchSize() / sec;
        }
    }

    /** Pong-like frames: a constant background, two paddles and a ball that move; episodes of 200-2000 rows. */
    private void writeSynthetic(Path replay) throws IOException {
        SplittableRandom rnd = new SplittableRandom(42);
        try (DqnReplayWriter w = DqnReplayWriter.create(replay, 1, capacity)) {
            w.declareGame("Pong", 6, new int[] {1, 84, 84}, 1 / 255f);
            int left = 0;
            for (int t = 0; t < rows; t++) {
                if (left == 0) {
                    left = 200 + rnd.nextInt(1800);
                }
                byte[] f = new byte[84 * 84];
                java.util.Arrays.fill(f, (byte) 87);
                int p1 = (t * 3) % 70;
                int p2 = (t * 5 + 20) % 70;
                for (int y = 0; y < 14; y++) {
                    f[(p1 + y) * 84 + 8] = (byte) 200;
                    f[(p2 + y) * 84 + 76] = (byte) 200;
                }
                f[((t * 7) % 84) * 84 + (t * 11) % 84] = (byte) 236;
                for (int i = 0; i < noise; i++) {
                    f[rnd.nextInt(f.length)] = (byte) rnd.nextInt(256);
                }
                left--;
                w.append("Pong", f, rnd.nextInt(6), rnd.nextInt(50) == 0 ? 1f : 0f, left == 0);
            }
        }
    }
}
