package org.scaledql.core.data.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.scaledql.api.data.GameWeighting;
import org.scaledql.api.data.ObservationFormat;
import org.scaledql.api.data.SamplerConfig;
import org.scaledql.api.data.SamplerState;
import org.scaledql.api.data.TransitionBatch;
import org.scaledql.api.data.TransitionSink;
import org.scaledql.api.data.TransitionStore;
import org.scaledql.core.data.LoggedData;
import org.scaledql.core.data.store.InMemoryStoreWriter;
import org.scaledql.core.data.store.TransitionStores;

/**
 * Sampler properties against a brute-force model of the logged episodes. Frames encode (game, row) so every
 * stacked slot can be decoded and checked.
 */
class StoreSamplerTest {

    /** Logged rows with frames [1, 2, 2] = (row hi, row mid, row lo, game + 1). */
    private static List<LoggedData.Row> rows(SplittableRandom rnd, int game, int episodes, int maxLen) {
        List<LoggedData.Row> raw = LoggedData.episodes(rnd, episodes, maxLen, 4, 5);
        List<LoggedData.Row> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            LoggedData.Row r = raw.get(i);
            byte[] f = {(byte) (i >> 16), (byte) (i >> 8), (byte) i, (byte) (game + 1)};
            out.add(new LoggedData.Row(f, r.action(), r.reward(), r.terminal(), r.truncatedAfter()));
        }
        return out;
    }

    private static TransitionStore store(List<List<LoggedData.Row>> games) throws IOException {
        InMemoryStoreWriter w = TransitionStores.inMemory();
        for (int g = 0; g < games.size(); g++) {
            w.declareGame("g" + g, 5, new int[] {1, 2, 2}, 1f);
            LoggedData.write(w, "g" + g, games.get(g));
        }
        w.close();
        return w.store();
    }

    private static boolean startsEpisode(List<LoggedData.Row> rows, int i) {
        return i == 0 || rows.get(i - 1).terminal() || rows.get(i - 1).truncatedAfter();
    }

    /** Brute force: first row of i's episode. */
    private static int episodeStart(List<LoggedData.Row> rows, int i) {
        while (!startsEpisode(rows, i)) {
            i--;
        }
        return i;
    }

    private static int decodeRow(float[] slot) {
        return ((int) slot[0] << 16) | ((int) slot[1] << 8) | (int) slot[2];
    }

    /** Both formats, on in-memory stores (odd seeds) and memory-mapped disk stores (even seeds). */
    @Test
    void everySampleMatchesTheBruteForceTransition(@TempDir Path tmp) throws IOException {
        for (long seed = 1; seed <= 12; seed++) {
            for (ObservationFormat format : ObservationFormat.values()) {
                checkAgainstBruteForce(seed, format, seed % 2 == 0 ? tmp.resolve(seed + "-" + format) : null);
            }
        }
    }

    private static TransitionStore diskStore(List<List<LoggedData.Row>> games, Path dir) throws IOException {
        try (TransitionSink w = TransitionStores.writer(dir)) {
            for (int g = 0; g < games.size(); g++) {
                w.declareGame("g" + g, 5, new int[] {1, 2, 2}, 1f);
                LoggedData.write(w, "g" + g, games.get(g));
            }
        }
        return TransitionStores.open(dir);
    }

    private static void checkAgainstBruteForce(long seed, ObservationFormat format, Path disk) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<List<LoggedData.Row>> games = List.of(rows(rnd, 0, 25, 12), rows(rnd, 1, 10, 6));
        int k = 1 + rnd.nextInt(4);
        int n = 1 + rnd.nextInt(4);
        double gamma = 0.9;
        SamplerConfig cfg = new SamplerConfig(16, k, n, gamma, GameWeighting.gameBalanced(), seed, 0, format);
        String ctx = "seed=" + seed + " k=" + k + " n=" + n + " " + format + (disk != null ? " disk" : " memory");
        try (TransitionStore st = disk != null ? diskStore(games, disk) : store(games);
             StoreSampler s = Samplers.fromStore(st, List.of("g0", "g1"), cfg)) {
            for (int b = 0; b < 40; b++) {
                TransitionBatch batch = s.next();
                assertThat(batch.rawObservations()).as(ctx).isEqualTo(format == ObservationFormat.UINT8);
                float[] obs = batch.observationsAs(DataType.FLOAT).data().asFloat();
                float[] next = batch.nextObservationsAs(DataType.FLOAT).data().asFloat();
                for (int j = 0; j < 16; j++) {
                    int g = batch.taskIds().getInt(j);
                    List<LoggedData.Row> rows = games.get(g);
                    float[] last = java.util.Arrays.copyOfRange(obs, (j * k + k - 1) * 4, (j * k + k) * 4);
                    assertThat(last[3]).as(ctx).isEqualTo(g + 1f);
                    int i = decodeRow(last);
                    // brute-force n-step target
                    double ret = 0;
                    boolean ended = false;
                    int m = 0;
                    for (; m < n; m++) {
                        LoggedData.Row r = rows.get(i + m);
                        ret += Math.pow(gamma, m) * r.reward();
                        if (r.terminal()) {
                            ended = true;
                            break;
                        }
                        assertThat(r.truncatedAfter()).as("%s: row %s crosses a truncation", ctx, i).isFalse();
                        assertThat(i + m + 1).as("%s: row %s runs past the data", ctx, i).isLessThan(rows.size());
                        if (i + m + 1 == rows.size() - 1 && m + 1 < n) {
                            // the last logged row has no successor: allowed only as the bootstrap frame
                            assertThat(m + 1).isEqualTo(n);
                        }
                    }
                    assertThat(batch.rewards().getDouble(j)).as(ctx).isCloseTo(ret, org.assertj.core.data.Offset.offset(1e-5));
                    assertThat(batch.discounts().getDouble(j)).as(ctx).isCloseTo(ended ? 0 : Math.pow(gamma, n),
                            org.assertj.core.data.Offset.offset(1e-6));
                    assertThat(batch.actions().getInt(j)).as(ctx).isEqualTo(rows.get(i).action());
                    int nextEnd = ended ? i + m : i + n;
                    checkStack(rows, obs, j, k, i, ctx + " obs");
                    checkStack(rows, next, j, k, nextEnd, ctx + " next");
                    assertThat(episodeStart(rows, nextEnd)).as("%s: sample %s crosses an episode boundary", ctx, i)
                            .isEqualTo(episodeStart(rows, i));
                }
            }
        }
    }

    /**
     * Random stores (in memory and on disk; 1-3 games of random bytes with terminals and truncations; scales
     * 1/255, 1 and 0.7): a UINT8 sampler's batch times its scale, in float32, is the FLOAT sampler's batch bit
     * for bit, for frame stacks 1 and 4, n-step 1 and 3, with and without prefetch, and every other field is equal.
     */
    @Test
    void uint8BatchesAreFloatBatchesTimesTheScale(@TempDir Path tmp) throws IOException {
        float[] scales = {1 / 255f, 1f, 0.7f};
        for (long seed = 1; seed <= 8; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed * 7919);
            int numGames = 1 + rnd.nextInt(3);
            float scale = scales[(int) (seed % scales.length)];
            int[] shape = {1 + rnd.nextInt(2), 2 + rnd.nextInt(3), 3};
            int frameBytes = shape[0] * shape[1] * shape[2];
            boolean disk = seed % 2 == 0;
            TransitionSink w = disk ? TransitionStores.writer(tmp.resolve("store-" + seed)) : TransitionStores.inMemory();
            List<String> names = new ArrayList<>();
            for (int g = 0; g < numGames; g++) {
                names.add("g" + g);
                w.declareGame("g" + g, 5, shape, scale);
                LoggedData.write(w, "g" + g, LoggedData.episodes(rnd, 4 + rnd.nextInt(12), 9, frameBytes, 5));
            }
            w.close();
            try (TransitionStore st = disk ? TransitionStores.open(tmp.resolve("store-" + seed))
                    : ((InMemoryStoreWriter) w).store()) {
                for (int k : new int[] {1, 4}) {
                    for (int n : new int[] {1, 3}) {
                        int prefetch = rnd.nextInt(3);
                        String ctx = "seed=" + seed + " games=" + numGames + " scale=" + scale + " shape="
                                + java.util.Arrays.toString(shape) + " disk=" + disk + " k=" + k + " n=" + n
                                + " prefetch=" + prefetch;
                        System.out.println("StoreSamplerTest uint8 vs float: " + ctx);
                        SamplerConfig cfg = new SamplerConfig(8, k, n, 0.95, GameWeighting.uniform(), seed, prefetch);
                        try (StoreSampler f = Samplers.fromStore(st, names, cfg);
                             StoreSampler u = Samplers.fromStore(st, names,
                                     cfg.withPrefetch(2 - prefetch).withObservationFormat(ObservationFormat.UINT8))) {
                            for (int b = 0; b < 12; b++) {
                                compare(f.next(), u.next(), scale, ctx + " batch=" + b);
                            }
                        }
                    }
                }
            }
        }
    }

    private static void compare(TransitionBatch fl, TransitionBatch u8, float scale, String ctx) {
        assertThat(fl.dataType()).as(ctx).isEqualTo(DataType.FLOAT);
        assertThat(fl.observationScale()).as(ctx).isEqualTo(1f);
        assertThat(u8.dataType()).as(ctx).isEqualTo(DataType.UBYTE);
        assertThat(u8.observationScale()).as(ctx).isEqualTo(scale);
        assertThat(u8.observations().shape()).as(ctx).isEqualTo(fl.observations().shape());
        for (boolean next : new boolean[] {false, true}) {
            byte[] raw = new byte[(int) u8.observations().length()];
            (next ? u8.nextObservations() : u8.observations()).data().asNio().get(0, raw);
            float[] f = (next ? fl.nextObservations() : fl.observations()).data().asFloat();
            float[] viaBatch = (next ? u8.nextObservationsAs(DataType.FLOAT) : u8.observationsAs(DataType.FLOAT))
                    .data().asFloat();
            for (int i = 0; i < raw.length; i++) {
                float expected = (raw[i] & 0xff) * scale;
                if (Float.floatToIntBits(f[i]) != Float.floatToIntBits(expected)
                        || Float.floatToIntBits(viaBatch[i]) != Float.floatToIntBits(expected)) {
                    throw new AssertionError(ctx + (next ? " next" : "") + " observation element " + i + ": uint8 "
                            + (raw[i] & 0xff) + " x " + scale + " = " + expected + ", float batch " + f[i]
                            + ", observationsAs " + viaBatch[i]);
                }
            }
        }
        assertThat(u8.actions()).as(ctx).isEqualTo(fl.actions());
        assertThat(u8.rewards()).as(ctx).isEqualTo(fl.rewards());
        assertThat(u8.discounts()).as(ctx).isEqualTo(fl.discounts());
        assertThat(u8.taskIds()).as(ctx).isEqualTo(fl.taskIds());
    }

    /** The format is not part of the state: a FLOAT sampler's state resumes a UINT8 sampler and back. */
    @Test
    void aStateRestoresAcrossObservationFormats() throws IOException {
        SplittableRandom rnd = new SplittableRandom(11);
        TransitionStore st = store(List.of(rows(rnd, 0, 20, 10), rows(rnd, 1, 20, 10)));
        SamplerConfig cfg = new SamplerConfig(8, 4, 3, 0.99, GameWeighting.uniform(), 5, 0);
        try (StoreSampler f = Samplers.fromStore(st, List.of("g0", "g1"), cfg);
             StoreSampler u = Samplers.fromStore(st, List.of("g0", "g1"),
                     cfg.withObservationFormat(ObservationFormat.UINT8))) {
            for (int i = 0; i < 7; i++) {
                f.next();
            }
            SamplerState s = f.state();
            u.restore(s);
            for (int i = 0; i < 5; i++) {
                compare(f.next(), u.next(), 1f, "restored batch " + i);
            }
            assertThat(u.state()).isEqualTo(f.state());
            f.restore(u.state());
            u.restore(f.state());
            compare(f.next(), u.next(), 1f, "restored back");
        }
    }

    private static void checkStack(List<LoggedData.Row> rows, float[] a, int j, int k, int end, String ctx) {
        int start = episodeStart(rows, end);
        for (int slot = 0; slot < k; slot++) {
            int row = end - (k - 1 - slot);
            float[] f = java.util.Arrays.copyOfRange(a, (j * k + slot) * 4, (j * k + slot + 1) * 4);
            if (row < start) {
                assertThat(f).as("%s slot %s before episode start %s must be zeros", ctx, slot, start).containsOnly(0f);
            } else {
                assertThat(decodeRow(f)).as("%s slot %s", ctx, slot).isEqualTo(row);
            }
        }
    }

    @Test
    void sameSeedSameBatchesWithOrWithoutPrefetchAndAfterRestore() throws IOException {
        SplittableRandom rnd = new SplittableRandom(5);
        TransitionStore st = store(List.of(rows(rnd, 0, 20, 10), rows(rnd, 1, 20, 10)));
        SamplerConfig cfg = new SamplerConfig(8, 4, 3, 0.99, GameWeighting.uniform(), 77, 0);
        List<float[]> ref = new ArrayList<>();
        try (StoreSampler a = Samplers.fromStore(st, List.of("g0", "g1"), cfg)) {
            for (int i = 0; i < 30; i++) {
                ref.add(flat(a.next()));
            }
        }
        SamplerState mid;
        try (StoreSampler b = Samplers.fromStore(st, List.of("g0", "g1"), cfg.withPrefetch(3))) {
            for (int i = 0; i < 10; i++) {
                assertThat(flat(b.next())).as("prefetch batch %s", i).containsExactly(ref.get(i));
            }
            mid = b.state();
            assertThat(mid.batchesDrawn()).isEqualTo(10);
            for (int i = 10; i < 20; i++) {
                assertThat(flat(b.next())).containsExactly(ref.get(i));
            }
            b.restore(mid);
            assertThat(flat(b.next())).as("after restore").containsExactly(ref.get(10));
        }
        try (StoreSampler c = Samplers.fromStore(st, List.of("g0", "g1"), cfg)) {
            c.restore(mid);
            for (int i = 10; i < 30; i++) {
                assertThat(flat(c.next())).as("fresh sampler restored, batch %s", i).containsExactly(ref.get(i));
            }
            assertThatThrownBy(() -> c.restore(new SamplerState(78, 0, mid.dataFingerprint())))
                    .hasMessageContaining("seed 78");
        }
        try (StoreSampler d = Samplers.fromStore(st, List.of("g0", "g1"), cfg.withNStep(1, 0.99))) {
            assertThatThrownBy(() -> d.restore(mid)).hasMessageContaining("other data or settings");
        }
        try (StoreSampler e = Samplers.fromStore(st, List.of("g0", "g1"), new SamplerConfig(8, 4, 3, 0.99,
                GameWeighting.uniform(), 78, 0))) {
            assertThat(flat(e.next())).isNotEqualTo(ref.get(0));
        }
    }

    private static float[] flat(TransitionBatch b) {
        float[] o = b.observations().data().asFloat();
        float[] n = b.nextObservations().data().asFloat();
        int bs = b.size();
        float[] out = new float[o.length + n.length + 4 * bs];
        System.arraycopy(o, 0, out, 0, o.length);
        System.arraycopy(n, 0, out, o.length, n.length);
        for (int i = 0; i < bs; i++) {
            out[o.length + n.length + i] = b.actions().getInt(i);
            out[o.length + n.length + bs + i] = b.rewards().getFloat(i);
            out[o.length + n.length + 2 * bs + i] = b.discounts().getFloat(i);
            out[o.length + n.length + 3 * bs + i] = b.taskIds().getInt(i);
        }
        return out;
    }

    @Test
    void gameWeightingFrequencies() throws IOException {
        SplittableRandom rnd = new SplittableRandom(9);
        List<LoggedData.Row> big = rows(rnd, 0, 200, 10);
        List<LoggedData.Row> small = rows(rnd, 1, 20, 10);
        TransitionStore st = store(List.of(big, small));
        int batches = 250;
        int bs = 32;
        double total = batches * bs;
        for (GameWeighting w : List.of(GameWeighting.gameBalanced(), GameWeighting.uniform(), GameWeighting.explicit(1, 3))) {
            try (StoreSampler s = Samplers.fromStore(st, List.of("g0", "g1"), SamplerConfig.of(bs, 3).withWeighting(w))) {
                double expected = switch (w.kind()) {
                    case GAME_BALANCED -> 0.5;
                    case EXPLICIT -> 0.75;
                    case UNIFORM -> s.sampleableRows(1) / (double) (s.sampleableRows(0) + s.sampleableRows(1));
                };
                long count1 = 0;
                for (int b = 0; b < batches; b++) {
                    TransitionBatch t = s.next();
                    for (int j = 0; j < bs; j++) {
                        count1 += t.taskIds().getInt(j);
                    }
                }
                double p = count1 / total;
                double sd = Math.sqrt(expected * (1 - expected) / total);
                assertThat(Math.abs(p - expected)).as("%s: frequency of game 1 %s vs %s", w, p, expected)
                        .isLessThan(5 * sd);
            }
        }
    }

    @Test
    void badConfigurationsAreRefused() throws IOException {
        TransitionStore st = store(List.of(rows(new SplittableRandom(1), 0, 3, 3)));
        assertThatThrownBy(() -> Samplers.fromStore(st, List.of("g0"), SamplerConfig.of(4, 1)
                .withWeighting(GameWeighting.explicit(1, 2)))).hasMessageContaining("one weight per game");
        assertThatThrownBy(() -> Samplers.fromStore(st, List.of("nope"), SamplerConfig.of(4, 1)))
                .hasMessageContaining("nope");
        assertThatThrownBy(() -> new SamplerConfig(0, 4, 1, 0.99, GameWeighting.uniform(), 1, 0))
                .hasMessageContaining("batchSize must be >= 1; got 0");
    }
}
