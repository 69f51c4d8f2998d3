package org.scaledql.core.learn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * {@link AdamGraphStep} runs Adam once over one flat gradient buffer; checked here against the plain recipe, one
 * libnd4j Adam per parameter on SameDiff's own gradients, bit for bit (raw float bits) over 6 steps of a small
 * two-layer graph with parameters of different shapes, for 5 seeds.
 */
class AdamGraphStepTest {

    private record Model(SameDiff sd, Map<String, INDArray> params, Map<String, INDArray> inputs) {
    }

    private static Model model(long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 5);
        SDVariable w1 = sd.var("w1", uniform(r, 5, 7));
        SDVariable b1 = sd.var("b1", uniform(r, 1, 7));
        SDVariable w2 = sd.var("w2", uniform(r, 7, 3));
        SDVariable h = sd.math().tanh(x.mmul(w1).add(b1));
        h.mmul(w2).mul(h.mmul(w2)).sum().rename("loss");
        Map<String, INDArray> params = new LinkedHashMap<>();
        for (String n : List.of("w1", "b1", "w2")) {
            params.put(n, sd.getVariable(n).getArr());
        }
        return new Model(sd, params, Map.of("x", uniform(r, 4, 5)));
    }

    @Test
    void oneFlatAdamEqualsOneAdamPerParameterBitForBit() {
        for (long seed = 0; seed < 5; seed++) {
            Model flat = model(seed);
            Model reference = model(seed);
            for (String n : reference.params().keySet()) {
                assertThat(bits(flat.params().get(n))).as("seed %s, initial %s", seed, n)
                        .isEqualTo(bits(reference.params().get(n)));
            }
            AdamGraphStep step = new AdamGraphStep(flat.sd(), "loss", flat.params(), true, List.of(), 1e-2, "test");
            Map<String, GradientUpdater<?>> adam = new LinkedHashMap<>();
            reference.params().forEach((n, p) -> adam.put(n, new Adam(1e-2).instantiate(
                    Nd4j.zeros(DataType.FLOAT, 1, 2 * p.length()), true)));
            for (int t = 0; t < 6; t++) {
                step.step(flat.inputs());
                Map<String, INDArray> grads = reference.sd().calculateGradients(reference.inputs(),
                        List.copyOf(reference.params().keySet()));
                for (Map.Entry<String, INDArray> e : reference.params().entrySet()) {
                    INDArray g = grads.get(e.getKey()).dup().reshape(1, e.getValue().length());
                    adam.get(e.getKey()).applyUpdater(g, t, 0);
                    e.getValue().subi(g.reshape(e.getValue().shape()));
                }
                for (String n : reference.params().keySet()) {
                    assertThat(bits(flat.params().get(n))).as("seed %s, step %s, parameter %s", seed, t + 1, n)
                            .isEqualTo(bits(reference.params().get(n)));
                }
            }
            assertThat(step.steps()).isEqualTo(6);
        }
    }

    private static INDArray uniform(java.util.SplittableRandom r, int rows, int cols) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return Nd4j.create(v, new long[] {rows, cols}, 'c');
    }

    private static int[] bits(INDArray a) {
        float[] f = a.dup().data().asFloat();
        int[] b = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            b[i] = Float.floatToRawIntBits(f[i]);
        }
        return b;
    }
}
