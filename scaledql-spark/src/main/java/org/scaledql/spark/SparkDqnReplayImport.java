package org.scaledql.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.scaledql.core.data.dqnreplay.DqnReplayImportConfig;
import org.scaledql.core.data.dqnreplay.DqnReplayImporter;
import org.scaledql.core.data.store.TransitionStores;
import org.scaledql.core.io.Json;
import org.scaledql.core.io.OwnedTempDirectory;

/**
 * Imports a DQN-Replay copy with Spark: the (game, run) units are planned on the driver, imported in parallel on
 * executors, each by the single-JVM {@link DqnReplayImporter} into a shard of its own, and the store manifest
 * listing the shards in (game, run) order is written last, atomically, by the driver. A game's rows in the result
 * are the concatenation of its runs, exactly what the single-JVM importer writes.
 *
 * <p>With a {@code fraction} below 1 the importer's episode quota runs over all of a game's runs, so a unit is a
 * whole game (still one shard per game). The store is built in a hidden sibling folder and renamed to the output
 * when every shard is written, so a failed job leaves no store. A retried task deletes whatever an earlier attempt
 * of its unit left and writes the shard again: the importer is deterministic, so the retry's shard is the same
 * and no dump is duplicated or lost. On a cluster the output must be a folder every executor and the driver see
 * at the same path (a shared file system).
 */
public final class SparkDqnReplayImport {

    /** Tests: the index of a task that fails once after writing its shard (simulating a lost executor), or -1. */
    static final AtomicInteger FAIL_ONCE_AFTER_UNIT = new AtomicInteger(-1);

    /** Receives progress on the driver: units done, units in all, compressed bytes of the units done. */
    @FunctionalInterface
    public interface Progress {
        /**
         * Called when a task ends.
         *
         * @param unitsDone  units imported so far
         * @param unitsTotal units planned
         * @param bytesDone  compressed bytes of the units imported so far
         * @param bytesTotal compressed bytes planned
         */
        void update(int unitsDone, int unitsTotal, long bytesDone, long bytesTotal);
    }

    /**
     * One unit of work: a game and its runs (one run, or all with a fraction), written to one shard.
     *
     * @param index  position in the store's shard order
     * @param game   the game
     * @param runs   its runs to import
     * @param shard  the shard folder name
     * @param bytes  compressed bytes of the unit's checkpoint files (for progress)
     */
    public record Unit(int index, String game, List<Integer> runs, String shard, long bytes) implements Serializable {
    }

    /**
     * What one unit imported (the importer's report for it).
     *
     * @param unit            the unit
     * @param games           the importer's per-game reports (one game)
     * @param compressedBytes checkpoint bytes read
     * @param seconds         the importer's wall time on the executor
     */
    public record UnitResult(Unit unit, List<DqnReplayImporter.GameReport> games, long compressedBytes, double seconds) {
    }

    /** A unit's result as a task returns it (the reports travel as JSON: they are not serializable). */
    private record Wire(Unit unit, String gamesJson, long compressedBytes, double seconds) implements Serializable {
        UnitResult result() {
            try {
                List<DqnReplayImporter.GameReport> games = Json.mapper().readValue(gamesJson,
                        new com.fasterxml.jackson.core.type.TypeReference<List<DqnReplayImporter.GameReport>>() { });
                return new UnitResult(unit, games, compressedBytes, seconds);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The import config in a form Spark can ship to executors (a {@link Path} is not serializable). */
    private record Spec(String input, List<Integer> checkpoints, double fraction,
                        java.util.HashMap<String, Integer> numActions, float observationScale) implements Serializable {
        static Spec of(DqnReplayImportConfig c) {
            return new Spec(c.input().toString(), new ArrayList<>(c.checkpoints()), c.fraction(),
                    new java.util.HashMap<>(c.numActions()), c.observationScale());
        }

        DqnReplayImportConfig config(Unit u) {
            return new DqnReplayImportConfig(Path.of(input), List.of(u.game()), u.runs(), checkpoints, fraction,
                    numActions, observationScale);
        }
    }

    /**
     * The whole job.
     *
     * @param store           the published store
     * @param units           per unit, in shard order
     * @param compressedBytes bytes of checkpoint files read
     * @param seconds         wall time of the job on the driver
     */
    public record Result(Path store, List<UnitResult> units, long compressedBytes, double seconds) {

        /** {@return per game, its units' reports added in shard order: what the single-JVM importer reports} */
        public List<DqnReplayImporter.GameReport> games() {
            java.util.LinkedHashMap<String, DqnReplayImporter.GameReport> byGame = new java.util.LinkedHashMap<>();
            for (UnitResult u : units) {
                for (DqnReplayImporter.GameReport g : u.games()) {
                    byGame.merge(g.game(), g, DqnReplayImporter.GameReport::plus);
                }
            }
            return List.copyOf(byGame.values());
        }
    }

    private SparkDqnReplayImport() {
    }

    /**
     * Plans the units of an import: the games and runs the single-JVM importer would read, in its order.
     *
     * @param config what to import
     * @return the units in shard order
     * @throws IOException if the input cannot be listed
     */
    public static List<Unit> plan(DqnReplayImportConfig config) throws IOException {
        Path in = config.input();
        if (!Files.isDirectory(in)) {
            throw new java.nio.file.NoSuchFileException(in.toString(), null,
                    "no such input folder; expected a DQN-Replay copy laid out as <Game>/<run>/replay_logs/");
        }
        List<String> games = config.games().isEmpty() ? dirs(in, n -> !n.startsWith(".")) : config.games();
        List<Unit> units = new ArrayList<>();
        for (String g : games) {
            Path gd = in.resolve(g);
            List<Integer> runs = config.runs();
            if (runs.isEmpty() && Files.isDirectory(gd)) {
                runs = dirs(gd, n -> n.matches("\\d+")).stream().map(Integer::parseInt).sorted().toList();
            }
            if (config.fraction() < 1 || runs.isEmpty()) {
                units.add(new Unit(units.size(), g, runs, shardName(units.size()), bytes(gd, runs)));
            } else {
                for (int r : runs) {
                    units.add(new Unit(units.size(), g, List.of(r), shardName(units.size()), bytes(gd, List.of(r))));
                }
            }
        }
        return List.copyOf(units);
    }

    private static String shardName(int i) {
        return String.format("shard-%05d", i);
    }

    private static List<String> dirs(Path p, java.util.function.Predicate<String> keep) throws IOException {
        try (Stream<Path> s = Files.list(p)) {
            return s.filter(Files::isDirectory).map(x -> x.getFileName().toString()).filter(keep).sorted().toList();
        }
    }

    private static long bytes(Path gameDir, List<Integer> runs) throws IOException {
        long sum = 0;
        for (int r : runs) {
            Path logs = gameDir.resolve(Integer.toString(r)).resolve("replay_logs");
            if (Files.isDirectory(logs)) {
                try (Stream<Path> s = Files.list(logs)) {
                    sum += s.filter(f -> f.toString().endsWith(".gz")).mapToLong(f -> f.toFile().length()).sum();
                }
            }
        }
        return sum;
    }

    /**
     * Runs the import on a Spark context.
     *
     * @param sc         the context (local or cluster)
     * @param config     what to import (as for {@link DqnReplayImporter})
     * @param output     the store folder to create (must not exist)
     * @param partitions Spark partitions the units are spread over; 0 for one per unit
     * @param progress   hears about each finished task, or null
     * @return the job's result
     * @throws IOException if planning, a task or publishing fails (the output is then not created)
     */
    public static Result run(JavaSparkContext sc, DqnReplayImportConfig config, Path output, int partitions,
                             Progress progress) throws IOException {
        Objects.requireNonNull(sc, "sc");
        Objects.requireNonNull(config, "config");
        Path target = output.toAbsolutePath().normalize();
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString(), null,
                    "a store or file is already there; choose a new output folder or delete it");
        }
        long t0 = System.nanoTime();
        List<Unit> units = plan(config);
        if (units.isEmpty()) {
            throw new IllegalArgumentException(config.input() + ": holds no game folders; expected"
                    + " <Game>/<run>/replay_logs/");
        }
        Files.createDirectories(target.getParent());
        OwnedTempDirectory owned = OwnedTempDirectory.create(target.getParent(), "." + target.getFileName() + ".tmp-");
        Path temp = owned.path();
        long bytesTotal = units.stream().mapToLong(Unit::bytes).sum();
        AtomicInteger unitsDone = new AtomicInteger();
        AtomicLong bytesDone = new AtomicLong();
        int numSlices = partitions <= 0 ? units.size() : Math.min(partitions, units.size());
        SparkListener listener = new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                // a task imports the units of its partition; count them when it succeeds
                if (progress != null && end.taskInfo().successful()) {
                    int p = end.taskInfo().index();
                    for (Unit u : units) {
                        if (u.index() % numSlices == p) {
                            unitsDone.incrementAndGet();
                            bytesDone.addAndGet(u.bytes());
                        }
                    }
                    progress.update(unitsDone.get(), units.size(), bytesDone.get(), bytesTotal);
                }
            }
        };
        sc.sc().addSparkListener(listener);
        boolean ok = false;
        try {
            // partition p holds the units i with i % numSlices == p (JavaRDD.parallelize would split ranges)
            List<List<Unit>> slices = new ArrayList<>();
            for (int p = 0; p < numSlices; p++) {
                List<Unit> slice = new ArrayList<>();
                for (Unit u : units) {
                    if (u.index() % numSlices == p) {
                        slice.add(u);
                    }
                }
                slices.add(slice);
            }
            String tempDir = temp.toString();
            Spec spec = Spec.of(config);
            List<UnitResult> results = new ArrayList<>(sc.parallelize(slices, numSlices)
                    .flatMap(slice -> importUnits(spec, Path.of(tempDir), slice).iterator())
                    .collect().stream().map(Wire::result).toList());
            results.sort(java.util.Comparator.comparingInt(r -> r.unit().index()));
            TransitionStores.publishShards(temp, units.stream().map(Unit::shard).toList());
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            ok = true;
            long compressed = results.stream().mapToLong(UnitResult::compressedBytes).sum();
            return new Result(target, List.copyOf(results), compressed, (System.nanoTime() - t0) / 1e9);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) { // Spark throws its checked SparkException undeclared
            throw new IOException("the import job failed: " + rootMessage(e), e);
        } finally {
            sc.sc().removeSparkListener(listener);
            try {
                if (!ok) {
                    OwnedTempDirectory.deleteTree(temp);
                }
            } finally {
                owned.close();
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : t + " (" + e.getMessage().lines().findFirst().orElse("") + ")";
    }

    /** Executor side: imports each unit into its shard, replacing what an earlier attempt left. */
    private static List<Wire> importUnits(Spec spec, Path temp, List<Unit> units) {
        List<Wire> out = new ArrayList<>();
        for (Unit u : units) {
            Path shard = temp.resolve(u.shard());
            try {
                if (Files.exists(shard)) {
                    OwnedTempDirectory.deleteTree(shard); // an earlier attempt's shard: written again, identically
                }
                DqnReplayImporter.Report r = DqnReplayImporter.run(spec.config(u), TransitionStores.writer(shard), null);
                out.add(new Wire(u, Json.mapper().writeValueAsString(r.games()), r.compressedBytes(), r.seconds()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (FAIL_ONCE_AFTER_UNIT.compareAndSet(u.index(), -1)) {
                throw new IllegalStateException("injected failure after unit " + u.index() + " (" + u.shard() + ")");
            }
        }
        return out;
    }

    /**
     * {@return the options Spark needs on Java 17 ({@code --add-opens}), as the launcher and {@code spark-submit}'s
     * {@code spark.driver.extraJavaOptions} / {@code spark.executor.extraJavaOptions} pass them}
     */
    public static List<String> java17Options() {
        return List.of("java.lang", "java.lang.invoke", "java.lang.reflect", "java.io", "java.net", "java.nio",
                "java.util", "java.util.concurrent", "java.util.concurrent.atomic", "sun.nio.ch", "sun.nio.cs",
                "sun.security.action", "sun.util.calendar").stream()
                .map(p -> "--add-opens=java.base/" + p + "=ALL-UNNAMED").toList();
    }
}
