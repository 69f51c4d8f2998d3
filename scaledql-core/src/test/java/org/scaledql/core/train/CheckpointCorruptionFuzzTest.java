package org.scaledql.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scaledql.api.train.TrainConfig;
import org.scaledql.core.data.store.DiskTransitionStore;
import org.scaledql.core.data.store.TransitionStores;
import org.scaledql.core.testing.BitwiseArrays;
import org.scaledql.core.testing.TestFiles;

/**
 * Seeded corruption of a run's checkpoints (bit flips, truncation, appended bytes, swapped files, emptied files),
 * then {@code --resume} to a longer run. Every case must either end with exactly the parameters of an
 * uninterrupted run (an intact older checkpoint was used) or fail with an error naming a checkpoint, leaving the
 * run directory's files as they were. Prints the seed and the corruption of every case; the tally at the end.
 */
class CheckpointCorruptionFuzzTest {

    private static final long SEED = 20261204L;
    private static final int CASES = 16;
    private static final TrainConfig SHORT = TrainerFixtures.config(30, 10);
    private static final TrainConfig LONG = TrainerFixtures.config(40, 10);

    @TempDir
    static Path shared;

    static Path storeDir;
    static Path base;
    static Trainer.Result uninterrupted;

    @BeforeAll
    static void runs() throws Exception {
        storeDir = shared.resolve("store");
        TrainerFixtures.writeStore(storeDir);
        base = shared.resolve("base");
        train(base, SHORT, false);
        uninterrupted = train(shared.resolve("direct"), LONG, false);
    }

    static Trainer.Result train(Path runDir, TrainConfig config, boolean resume) throws Exception {
        try (DiskTransitionStore store = TransitionStores.open(storeDir)) {
            return Trainer.builder(config, store, runDir).progress(false).resume(resume).build().run();
        }
    }

    @Test
    void everyCorruptionResumesIdenticallyOrFailsNamingTheCheckpoint(@TempDir Path dir) throws Exception {
        SplittableRandom rnd = new SplittableRandom(SEED);
        int identical = 0;
        int failed = 0;
        List<String> outcomes = new ArrayList<>();
        for (int c = 0; c < CASES; c++) {
            Path run = dir.resolve("case-" + c);
            TestFiles.copyTree(base, run);
            List<Path> cps = new Checkpoints(run).list();
            String what = corrupt(rnd, cps);
            Map<String, byte[]> before = snapshot(run);
            try {
                Trainer.Result r = train(run, LONG, true);
                BitwiseArrays.assertSameBits(r.network().parameters(), uninterrupted.network().parameters(),
                        "seed " + SEED + " case " + c + " (" + what + "): resumed vs uninterrupted");
                identical++;
                outcomes.add(c + " " + what + ": resumed, identical");
            } catch (IllegalArgumentException | java.io.IOException e) {
                if (!e.getMessage().contains("checkpoint")) {
                    fail("seed " + SEED + " case " + c + " (" + what + "): unclear error: " + e.getMessage());
                }
                assertThat(snapshot(run)).as("seed %s case %s (%s): files after the failure", SEED, c, what)
                        .containsOnlyKeys(before.keySet().toArray(String[]::new));
                for (var e2 : before.entrySet()) {
                    assertThat(snapshot(run).get(e2.getKey())).as("seed %s case %s (%s): %s unchanged", SEED, c, what,
                            e2.getKey()).isEqualTo(e2.getValue());
                }
                failed++;
                outcomes.add(c + " " + what + ": failed: " + e.getMessage());
            }
        }
        System.err.println("CheckpointCorruptionFuzzTest seed " + SEED + ": " + CASES + " cases, " + identical
                + " resumed identically, " + failed + " failed clearly\n  " + String.join("\n  ", outcomes));
        assertThat(identical + failed).isEqualTo(CASES);
        assertThat(identical).as("some cases fall back to an intact checkpoint").isPositive();
        assertThat(failed).as("some cases leave nothing intact").isPositive();
    }

    /** Applies one random corruption to the checkpoint files; returns its description. */
    private static String corrupt(SplittableRandom rnd, List<Path> cps) throws Exception {
        int kind = rnd.nextInt(5);
        // Mostly the newest file, sometimes both (then nothing intact is left).
        List<Path> victims = rnd.nextInt(3) == 0 ? cps : List.of(cps.get(cps.size() - 1));
        StringBuilder what = new StringBuilder();
        if (kind == 3) {
            Path a = cps.get(0);
            Path b = cps.get(1);
            Path t = a.resolveSibling("swap");
            Files.move(a, t);
            Files.move(b, a);
            Files.move(t, b);
            return "swapped " + a.getFileName() + " and " + b.getFileName();
        }
        for (Path p : victims) {
            byte[] bytes = Files.readAllBytes(p);
            switch (kind) {
                case 0 -> {
                    int at = rnd.nextInt(bytes.length);
                    int bit = rnd.nextInt(8);
                    bytes[at] ^= (byte) (1 << bit);
                    what.append("flipped bit ").append(bit).append(" of byte ").append(at);
                }
                case 1 -> {
                    int len = rnd.nextInt(bytes.length);
                    bytes = Arrays.copyOf(bytes, len);
                    what.append("truncated to ").append(len).append(" bytes");
                }
                case 2 -> {
                    byte[] extra = new byte[1 + rnd.nextInt(64)];
                    rnd.nextBytes(extra);
                    byte[] longer = Arrays.copyOf(bytes, bytes.length + extra.length);
                    System.arraycopy(extra, 0, longer, bytes.length, extra.length);
                    bytes = longer;
                    what.append("appended ").append(extra.length).append(" bytes");
                }
                default -> {
                    bytes = new byte[0];
                    what.append("emptied");
                }
            }
            Files.write(p, bytes);
            what.append(" in ").append(p.getFileName()).append("; ");
        }
        return what.toString();
    }

    private static Map<String, byte[]> snapshot(Path run) throws Exception {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(run)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isRegularFile(p) && !p.getFileName().toString().equals(".lock")) {
                    m.put(run.relativize(p).toString(), Files.readAllBytes(p));
                }
            }
        }
        return m;
    }

}
