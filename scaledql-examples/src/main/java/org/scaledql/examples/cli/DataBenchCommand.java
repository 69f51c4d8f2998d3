package org.scaledql.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.scaledql.api.data.GameWeighting;
import org.scaledql.api.data.SamplerConfig;
import org.scaledql.api.data.TransitionBatch;
import org.scaledql.core.data.dqnreplay.DqnReplayImportConfig;
import org.scaledql.core.data.dqnreplay.DqnReplayImporter;
import org.scaledql.core.data.dqnreplay.DqnReplayWriter;
import org.scaledql.core.data.sampling.Samplers;
import org.scaledql.core.data.sampling.StoreSampler;
import org.scaledql.core.data.store.DiskTransitionStore;
import org.scaledql.core.data.store.TransitionStores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./scaledql bench-data}: writes synthetic Atari-sized data in the DQN-Replay layout, imports it, and
 * measures import throughput, bytes on disk per transition and sampler throughput (84x84, stack 4, batch 32).
 */
@Command(name = "bench-data", description = "Benchmark the data path: DQN-Replay import (compressed MB/s), bytes on"
        + " disk per transition, sampler throughput for stacked 84x84x4 batches of 32.")
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

    @Option(names = "--prefetch", defaultValue = "0", description = "sampler prefetch queue (0 = none); default ${DEFAULT-VALUE}")
    int prefetch;

    @Option(names = "--noise", defaultValue = "300", description = "random pixels per frame, to make compression"
            + " realistic; default ${DEFAULT-VALUE}")
    int noise;

    @Option(names = "--json", description = "print the numbers as one JSON object")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
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
            try (DiskTransitionStore s = DiskTransitionStore.open(store);
                 StoreSampler sampler = Samplers.fromStore(s, List.of("Pong"),
                         new SamplerConfig(32, 4, 1, 0.99, GameWeighting.uniform(), 1, prefetch))) {
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
                res.put("samplerBatches", batches);
                res.put("samplerPrefetch", prefetch);
                res.put("samplerTransitionsPerSecond", batches * 32 / sec);
                res.put("checksum", sink);
            }
        } finally {
            if (dir == null) {
                delete(root);
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

    private static void delete(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
