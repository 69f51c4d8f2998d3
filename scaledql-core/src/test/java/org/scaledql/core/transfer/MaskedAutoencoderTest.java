package org.scaledql.core.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.scaledql.api.nn.NetworkConfig;
import org.scaledql.api.transfer.MaeConfig;
import org.scaledql.core.data.store.DiskTransitionStore;
import org.scaledql.core.data.store.TransitionStores;
import org.scaledql.core.nn.SameDiffQNetwork;
import org.scaledql.core.train.Trainer;

/** Masked-autoencoder pre-training: the masks, and a tiny pre-training run on two testbed games. */
class MaskedAutoencoderTest {

    @TempDir
    static Path dir;

    static final List<String> GAMES = List.of("catch", "breakout");

    @BeforeAll
    static void data() throws Exception {
        FineTuningTest.write(dir.resolve("data"), GAMES, 300);
    }

    /**
     * Property, 200 seeded cases of random shapes, patch sizes and ratios: each observation has exactly
     * {@code max(1, round(ratio * patches))} patches hidden, hidden pixels are zero in every channel, visible pixels
     * keep their values, and the weights are {@code 1 / hidden values} on hidden pixels and 0 elsewhere.
     */
    @Test
    void masksHideWholePatchesAndWeighOnlyThem() {
        for (int seed = 0; seed < 200; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            int b = 1 + r.nextInt(3);
            int c = 1 + r.nextInt(3);
            int h = 2 + r.nextInt(9);
            int w = 2 + r.nextInt(9);
            int p = 1 + r.nextInt(Math.min(h, w));
            double ratio = 0.05 + 0.9 * r.nextDouble();
            String input = String.format("seed=%d shape=[%d,%d,%d,%d] patch=%d ratio=%.3f", seed, b, c, h, w, p, ratio);
            INDArray obs = Nd4j.rand(DataType.FLOAT, b, c, h, w).addi(0.5); // no zeros, so hidden pixels are visible
            INDArray[] m = MaskedAutoencoder.mask(obs, ratio, p, new SplittableRandom(seed));
            int ph = (h + p - 1) / p;
            int pw = (w + p - 1) / p;
            int want = Math.max(1, (int) Math.round(ratio * ph * pw));
            float[] x = obs.data().asFloat();
            float[] y = m[0].data().asFloat();
            float[] wt = m[1].data().asFloat();
            int hiddenValues = 0;
            for (float v : y) {
                hiddenValues += v == 0f ? 1 : 0;
            }
            for (int i = 0; i < b; i++) {
                int hiddenPatches = 0;
                for (int pr = 0; pr < ph; pr++) {
                    for (int pc = 0; pc < pw; pc++) {
                        int at0 = ((i * c) * h + pr * p) * w + pc * p;
                        boolean hidden = y[at0] == 0f;
                        hiddenPatches += hidden ? 1 : 0;
                        for (int ch = 0; ch < c; ch++) {
                            for (int row = pr * p; row < Math.min(h, pr * p + p); row++) {
                                for (int col = pc * p; col < Math.min(w, pc * p + p); col++) {
                                    int at = ((i * c + ch) * h + row) * w + col;
                                    assertThat(y[at]).as(input).isEqualTo(hidden ? 0f : x[at]);
                                    assertThat(wt[at]).as(input).isEqualTo(hidden ? 1f / hiddenValues : 0f);
                                }
                            }
                        }
                    }
                }
                assertThat(hiddenPatches).as(input + " sample " + i).isEqualTo(want);
            }
        }
    }

    /** The raw bits of a float array's values. */
    static int[] bits(INDArray a) {
        float[] f = a.dup('c').data().asFloat();
        int[] out = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = Float.floatToRawIntBits(f[i]);
        }
        return out;
    }

    static NetworkConfig config(DiskTransitionStore store) {
        return Trainer.networkConfig(FineTuningTest.tiny(10), store, GAMES);
    }

    @Test
    void pretrainingLowersTheReconstructionLossAndTrainsOnlyTheFeaturePath() throws Exception {
        try (DiskTransitionStore store = TransitionStores.open(dir.resolve("data"))) {
            NetworkConfig config = config(store);
            List<Double> losses = new ArrayList<>();
            MaskedAutoencoder.Result r = MaskedAutoencoder.pretrain(config, new MaeConfig(150, 16, 0.75, 2, 3e-3, 5),
                    store, GAMES, (step, loss) -> losses.add(loss));
            assertThat(losses).hasSize(150);
            assertThat(r.firstLoss()).isEqualTo(losses.get(0));
            assertThat(r.lastLoss()).isEqualTo(losses.get(149));
            double early = losses.subList(0, 10).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            double late = losses.subList(140, 150).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            assertThat(late).as("mean loss of the last 10 steps against the first 10").isLessThan(0.5 * early);

            SameDiffQNetwork fresh = SameDiffQNetwork.create(config, 5);
            Map<String, INDArray> before = fresh.parameters();
            Map<String, INDArray> after = r.network().parameters();
            assertThat(r.trained()).anyMatch(p -> p.startsWith("encoder/")).noneMatch(p -> p.startsWith("heads/"));
            for (String p : before.keySet()) {
                boolean same = Arrays.equals(bits(before.get(p)), bits(after.get(p)));
                assertThat(same).as("%s unchanged (raw bits)", p).isEqualTo(!r.trained().contains(p));
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameNetworkBitForBit() throws Exception {
        try (DiskTransitionStore store = TransitionStores.open(dir.resolve("data"))) {
            MaeConfig mae = new MaeConfig(5, 8, 0.75, 2, 1e-3, 9);
            Map<String, INDArray> a = MaskedAutoencoder.pretrain(config(store), mae, store, GAMES, null).network().parameters();
            Map<String, INDArray> b = MaskedAutoencoder.pretrain(config(store), mae, store, GAMES, null).network().parameters();
            for (String p : a.keySet()) {
                assertThat(bits(a.get(p))).as(p).isEqualTo(bits(b.get(p)));
            }
        }
    }

    @Test
    void refusesAPatchLargerThanTheFrame() throws Exception {
        try (DiskTransitionStore store = TransitionStores.open(dir.resolve("data"))) {
            assertThatThrownBy(() -> MaskedAutoencoder.pretrain(config(store), new MaeConfig(1, 8, 0.75, 11, 1e-3, 0),
                    store, GAMES, null)).hasMessageContaining("patchSize 11 is larger than the 10x10 frame");
        }
    }
}
