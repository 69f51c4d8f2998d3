package org.scaledql.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scaledql.api.data.GameOrigin;
import org.scaledql.api.env.ObservationFormat;
import org.scaledql.api.train.OptimizerConfig;
import org.scaledql.api.train.TrainConfig;
import org.scaledql.core.data.store.DiskTransitionStore;
import org.scaledql.core.data.store.TransitionStores;
import org.scaledql.core.io.DirectoryLock;
import org.scaledql.core.io.Json;
import org.scaledql.core.nn.SameDiffQNetwork;
import org.scaledql.core.testing.BitwiseArrays;
import org.scaledql.core.testing.TestFiles;

class TrainerTest {

    @TempDir
    static Path shared;

    static Path storeDir;

    @BeforeAll
    static void store() throws Exception {
        storeDir = shared.resolve("store");
        TrainerFixtures.writeStore(storeDir);
    }

    static Trainer.Result train(Path runDir, TrainConfig config, boolean resume) throws Exception {
        try (DiskTransitionStore store = TransitionStores.open(storeDir)) {
            return Trainer.builder(config, store, runDir).progress(false).resume(resume).build().run();
        }
    }

    @Test
    void aRunWritesConfigGamesMetricsCheckpointsAndTheNetwork(@TempDir Path run) throws Exception {
        TrainConfig config = TrainerFixtures.config(30, 10);
        Trainer.Result r = train(run, config, false);
        assertThat(r.steps()).isEqualTo(30);
        assertThat(Json.mapper().readValue(run.resolve("config.json").toFile(), TrainConfig.class)).isEqualTo(config);
        assertThat(Files.readString(run.resolve("games.json"))).contains("catch", "breakout");
        List<String> csv = Files.readAllLines(run.resolve("metrics.csv"), StandardCharsets.UTF_8);
        assertThat(csv.get(0)).startsWith("step,loss/total,loss/td,loss/cql");
        assertThat(csv).hasSize(1 + 6);
        assertThat(Files.readAllLines(run.resolve("metrics.jsonl"))).hasSize(6);
        assertThat(new Checkpoints(run).list()).extracting(p -> p.getFileName().toString())
                .containsExactly("step-000000000020.ckpt", "step-000000000030.ckpt");
        SameDiffQNetwork saved = SameDiffQNetwork.load(run.resolve("network.sqlarr"));
        assertThat(saved.parameters()).isEqualTo(r.network().parameters());
        assertThatThrownBy(() -> train(run, config, false)).hasMessageContaining("--resume");
    }

    /** A crash right after the step-20 checkpoint, simulated by removing what came later. */
    @Test
    void resumingFromACheckpointMatchesAnUninterruptedRunBitForBit(@TempDir Path dir) throws Exception {
        TrainConfig config = TrainerFixtures.config(30, 10);
        Path full = dir.resolve("full");
        Trainer.Result uninterrupted = train(full, config, false);
        Path crashed = dir.resolve("crashed");
        TestFiles.copyTree(full, crashed);
        Files.delete(crashed.resolve("checkpoints/step-000000000030.ckpt"));
        Files.delete(crashed.resolve("network.sqlarr"));
        Trainer.Result resumed = train(crashed, config, true);
        BitwiseArrays.assertSameBits(resumed.network().parameters(), uninterrupted.network().parameters(), "resumed vs uninterrupted");
        assertThat(Files.readAllLines(crashed.resolve("metrics.csv")).size())
                .isEqualTo(Files.readAllLines(full.resolve("metrics.csv")).size());
    }

    @Test
    void aCorruptNewestCheckpointFallsBackToThePreviousGoodOne(@TempDir Path dir) throws Exception {
        TrainConfig config = TrainerFixtures.config(30, 10);
        Path full = dir.resolve("full");
        Trainer.Result uninterrupted = train(full, config, false);
        Path corrupt = dir.resolve("corrupt");
        TestFiles.copyTree(full, corrupt);
        Path newest = corrupt.resolve("checkpoints/step-000000000030.ckpt");
        byte[] bytes = Files.readAllBytes(newest);
        Files.write(newest, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> Checkpoints.read(newest)).hasMessageContaining(newest.toString()).hasMessageContaining("truncated");
        assertThat(new Checkpoints(corrupt).latestValid()).get().extracting(c -> c.state().step()).isEqualTo(20L);
        Trainer.Result resumed = train(corrupt, config, true);
        BitwiseArrays.assertSameBits(resumed.network().parameters(), uninterrupted.network().parameters(), "resumed vs uninterrupted");
    }

    /** Regression: a final evaluation that failed after training exited without writing the network. */
    @Test
    void aFailingFinalEvaluationLeavesTheTrainedNetworkWritten(@TempDir Path dir) throws Exception {
        TrainConfig config = TrainerFixtures.config(10, 10);
        Path run = dir.resolve("run");
        try (DiskTransitionStore store = TransitionStores.open(storeDir)) {
            Trainer trainer = Trainer.builder(config, store, run).progress(false).finalEvaluation(true)
                    .evalHook((net, step) -> {
                        throw new IllegalArgumentException("no environment for these games");
                    }).build();
            assertThatThrownBy(trainer::run).hasMessageContaining("final evaluation failed")
                    .hasMessageContaining(run.resolve(Trainer.NETWORK_FILE).toString())
                    .hasMessageContaining("no environment for these games");
        }
        Trainer.Result uninterrupted = train(dir.resolve("plain"), config, false);
        assertThat(SameDiffQNetwork.load(run.resolve(Trainer.NETWORK_FILE)).parameters())
                .isEqualTo(uninterrupted.network().parameters());
    }

    @Test
    void evalEveryZeroEvaluatesOnlyWhenAFinalEvaluationIsAsked(@TempDir Path dir) throws Exception {
        TrainConfig config = TrainerFixtures.config(10, 10).withPeriods(10, 5, 0);
        List<Long> calls = new java.util.ArrayList<>();
        try (DiskTransitionStore store = TransitionStores.open(storeDir)) {
            for (boolean asked : new boolean[] {false, true}) {
                Trainer.Result r = Trainer.builder(config, store, dir.resolve("run-" + asked)).progress(false)
                        .finalEvaluation(asked).evalHook((net, step) -> {
                            calls.add(step);
                            return java.util.Map.of("eval/step", (double) step);
                        }).build().run();
                assertThat(r.lastEval()).isEqualTo(asked ? java.util.Map.of("eval/step", 10.0) : java.util.Map.of());
            }
        }
        assertThat(calls).containsExactly(10L);
    }

    @Test
    void theRunRecordsWhereItsGamesDataCameFrom(@TempDir Path run) throws Exception {
        train(run, TrainerFixtures.config(1, 1), false);
        assertThat(Trainer.origins(run)).contains(java.util.Map.of(
                "catch", new GameOrigin(GameOrigin.TESTBED, "catch", 0, 0, ObservationFormat.COMMON),
                "breakout", new GameOrigin(GameOrigin.TESTBED, "breakout", 0, 0, ObservationFormat.COMMON)));
        assertThat(Trainer.origins(run.resolve("nope"))).isEmpty();
        Files.writeString(run.resolve(Trainer.ORIGINS_FILE), "{\"catch\": {\"environment\": \"testbed\"}}");
        assertThatThrownBy(() -> Trainer.origins(run)).hasMessageContaining(Trainer.ORIGINS_FILE)
                .hasMessageContaining("not a valid origins file");
    }

    /** Regression: resuming a finished run appended a second final evaluation row. */
    @Test
    void resumingAFinishedRunAddsNoEvaluationRow(@TempDir Path run) throws Exception {
        TrainConfig config = TrainerFixtures.config(20, 10).withPeriods(10, 10, 10);
        try (DiskTransitionStore store = TransitionStores.open(storeDir)) {
            Trainer.Result first = Trainer.builder(config, store, run).progress(false)
                    .evalHook((net, step) -> java.util.Map.of("eval/step", (double) step)).build().run();
            List<String> rows = Files.readAllLines(run.resolve("eval.csv"));
            Trainer.Result again = Trainer.builder(config, store, run).progress(false).resume(true)
                    .evalHook((net, step) -> java.util.Map.of("eval/step", (double) step)).build().run();
            assertThat(Files.readAllLines(run.resolve("eval.csv"))).isEqualTo(rows);
            assertThat(again.lastEval()).isEqualTo(first.lastEval());
        }
    }

    /** Regression: with every checkpoint corrupt, --resume restarted from step 0 and exited 0. */
    @Test
    void resumeWithEveryCheckpointCorruptFailsNamingThemAndKeepsThem(@TempDir Path dir) throws Exception {
        TrainConfig config = TrainerFixtures.config(30, 10);
        Path run = dir.resolve("run");
        train(run, config, false);
        List<Path> files = new Checkpoints(run).list();
        assertThat(files).isNotEmpty();
        for (Path f : files) {
            byte[] bytes = Files.readAllBytes(f);
            Files.write(f, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        }
        assertThatThrownBy(() -> train(run, config, true)).hasMessageContaining("reads back intact")
                .hasMessageContaining(files.get(0).getFileName().toString());
        assertThat(new Checkpoints(run).list()).as("the corrupt checkpoints are not rotated away").isEqualTo(files);
    }

    @Test
    void resumeRefusesAChangedConfig(@TempDir Path run) throws Exception {
        train(run, TrainerFixtures.config(10, 10), false);
        assertThatThrownBy(() -> train(run, TrainerFixtures.config(10, 10).withSeed(99), true))
                .hasMessageContaining("config.json differs");
    }

    /** A finished 20-step run extended to 40 steps equals a 40-step run, parameters compared bit for bit. */
    @Test
    void resumeExtendsAFinishedRunToTheSameParametersAsALongerRun(@TempDir Path dir) throws Exception {
        Path extended = dir.resolve("extended");
        train(extended, TrainerFixtures.config(20, 10), false);
        Trainer.Result r = train(extended, TrainerFixtures.config(40, 10), true);
        Trainer.Result direct = train(dir.resolve("direct"), TrainerFixtures.config(40, 10), false);
        assertThat(r.steps()).isEqualTo(40);
        BitwiseArrays.assertSameBits(r.network().parameters(), direct.network().parameters(), "extended vs direct");
        String last = "checkpoints/step-000000000040.ckpt";
        assertThat(Files.readAllBytes(extended.resolve(last))).as("the final checkpoints, byte for byte")
                .isEqualTo(Files.readAllBytes(dir.resolve("direct").resolve(last)));
        assertThat(Json.mapper().readValue(extended.resolve("config.json").toFile(), TrainConfig.class).steps())
                .as("the run's config now says 40 steps").isEqualTo(40);
        assertThat(withoutLastColumn(extended.resolve("metrics.csv"))).as("metric rows but the speed column")
                .isEqualTo(withoutLastColumn(dir.resolve("direct/metrics.csv"))).hasSize(1 + 8);
    }

    @Test
    void resumeRefusesStepsThatWouldChangeThePast(@TempDir Path dir) throws Exception {
        TrainConfig cosine = TrainerFixtures.config(20, 10);
        cosine = new TrainConfig(cosine.network(), cosine.loss(),
                cosine.optimizer().withSchedule(OptimizerConfig.Schedule.COSINE), cosine.batchSize(), 20,
                cosine.targetUpdatePeriod(), cosine.frameStack(), cosine.nStep(), cosine.discount(), cosine.gameBalanced(),
                cosine.seed(), cosine.checkpointEvery(), cosine.logEvery(), cosine.evalEvery(), cosine.evalEpisodes());
        Path run = dir.resolve("cosine");
        train(run, cosine, false);
        TrainConfig longer = cosine.withSteps(40);
        assertThatThrownBy(() -> train(run, longer, true)).hasMessageContaining("cannot change steps from 20 to 40")
                .hasMessageContaining("COSINE");

        Path constant = dir.resolve("constant");
        train(constant, TrainerFixtures.config(20, 10), false);
        assertThatThrownBy(() -> train(constant, TrainerFixtures.config(15, 10), true))
                .hasMessageContaining("cannot end the run at step 15: its newest checkpoint is at step 20");
    }

    /**
     * The real thing: SIGKILL a training JVM mid-run, resume, and compare with an uninterrupted run. While the child
     * runs, a second trainer on its directory is refused; once it is killed, its lock is gone at once.
     */
    @Test
    void aRunKilledWithSigkillAndResumedEndsWithTheSameParameters(@TempDir Path dir) throws Exception {
        long steps = 60;
        long every = 10;
        Path killed = dir.resolve("killed");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                TrainerProcess.class.getName(), storeDir.toString(), killed.toString(), Long.toString(steps),
                Long.toString(every))
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        Checkpoints cps = new Checkpoints(killed);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (p.isAlive() && System.nanoTime() < deadline && cps.list().stream().noneMatch(f -> f.toString().contains("step-000000000020"))) {
            Thread.sleep(20);
        }
        assertThat(p.isAlive()).as("the child was still training when killed; its log: %s",
                dir.resolve("child.log")).isTrue();
        // While it trains, the child owns the directory: a second trainer fails naming it and its process.
        assertThatThrownBy(() -> train(killed, TrainerFixtures.config(steps, every), true))
                .isInstanceOf(DirectoryLock.DirectoryInUseException.class)
                .hasMessageContaining(killed.toString()).hasMessageContaining("process " + p.pid());
        p.destroyForcibly(); // SIGKILL on Linux
        p.waitFor(30, TimeUnit.SECONDS);
        assertThat(Files.exists(killed.resolve("network.sqlarr"))).isFalse();
        long lastBeforeKill = cps.list().isEmpty() ? 0 : Checkpoints.read(cps.list().get(cps.list().size() - 1)).state().step();
        assertThat(lastBeforeKill).isLessThan(steps);

        Trainer.Result resumed = train(killed, TrainerFixtures.config(steps, every), true);
        Trainer.Result uninterrupted = train(dir.resolve("full"), TrainerFixtures.config(steps, every), false);
        BitwiseArrays.assertSameBits(resumed.network().parameters(), uninterrupted.network().parameters(), "resumed vs uninterrupted");
    }

    private static List<String> withoutLastColumn(Path csv) throws Exception {
        return Files.readAllLines(csv).stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList();
    }
}
