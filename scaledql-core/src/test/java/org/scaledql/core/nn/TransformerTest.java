package org.scaledql.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.scaledql.core.testing.GradCheck;

/**
 * The transformer layers against numpy values from scripts/reference/transformer_golden.py, the causal mask as a
 * property, and central-difference gradients of a whole block.
 */
class TransformerTest {

    private static final String[] NAMES = {"ln1_gamma", "ln1_beta", "wq", "bq", "wk", "bk", "wv", "bv", "wo", "bo",
        "ln2_gamma", "ln2_beta", "w1", "b1", "w2", "b2"};

    private static double[] doubles(JsonNode n) {
        double[] d = new double[n.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = n.get(i).asDouble();
        }
        return d;
    }

    /** A block whose parameters are variables of {@code sd} with the given values (by NAMES order). */
    private static Transformer.Block block(SameDiff sd, Map<String, INDArray> values) {
        SDVariable[] v = new SDVariable[NAMES.length];
        for (int i = 0; i < NAMES.length; i++) {
            v[i] = sd.var(NAMES[i], values.get(NAMES[i]));
        }
        return new Transformer.Block(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12],
                v[13], v[14], v[15]);
    }

    private static Map<String, INDArray> goldenParams(JsonNode c, DataType type) {
        int d = c.get("d").asInt();
        int m = c.get("mlp").asInt();
        Map<String, INDArray> p = new LinkedHashMap<>();
        for (String n : NAMES) {
            INDArray a = Nd4j.createFromArray(doubles(c.get("params").get(n))).castTo(type);
            if (n.startsWith("w")) {
                a = a.reshape(n.equals("w1") ? d : n.equals("w2") ? m : d, n.equals("w1") ? m : d);
            }
            p.put(n, a);
        }
        return p;
    }

    @Test
    void layersMatchTheNumpyReference() throws Exception {
        JsonNode root;
        try (InputStream in = getClass().getResourceAsStream("/golden/transformer.json")) {
            root = new ObjectMapper().readTree(in);
        }
        assertThat(root.get("eps").asDouble()).isEqualTo(Transformer.LAYER_NORM_EPS);
        assertThat(root.get("masked").asDouble()).isEqualTo(Transformer.MASKED);
        int i = 0;
        for (JsonNode c : root.get("cases")) {
            int b = c.get("b").asInt();
            int t = c.get("t").asInt();
            int d = c.get("d").asInt();
            int heads = c.get("heads").asInt();
            for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                SameDiff sd = SameDiff.create();
                Transformer.Block p = block(sd, goldenParams(c, type));
                SDVariable x = sd.constant(Nd4j.createFromArray(doubles(c.get("x"))).reshape(b * t, d).castTo(type));
                SDVariable keyBias = c.get("keyBias").isNull() ? null
                        : sd.constant(Nd4j.createFromArray(doubles(c.get("keyBias"))).reshape(b, t).castTo(type));
                Map<String, SDVariable> outs = Map.of(
                        "layerNorm", Transformer.layerNorm(sd, x, p.ln1Gamma(), p.ln1Beta()),
                        "gelu", Transformer.gelu(sd, x),
                        "attention", Transformer.causalSelfAttention(sd, x, keyBias, p, t, heads, d),
                        "block", Transformer.block(sd, x, keyBias, p, t, heads, d));
                double tol = type == DataType.DOUBLE ? 1e-9 : 2e-4;
                for (var e : outs.entrySet()) {
                    INDArray got = e.getValue().eval().castTo(DataType.DOUBLE).reshape(-1);
                    double[] want = doubles(c.get(e.getKey()));
                    assertThat(got.length()).isEqualTo(want.length);
                    for (int k = 0; k < want.length; k++) {
                        assertThat(got.getDouble(k)).as("case %s %s (%s) element %s", i, e.getKey(), type, k)
                                .isCloseTo(want[k], within(tol));
                    }
                }
            }
            i++;
        }
        assertThat(i).isEqualTo(3);
    }

    private static Map<String, INDArray> randomParams(SplittableRandom r, int d, int m, DataType type) {
        Map<String, INDArray> p = new LinkedHashMap<>();
        for (String n : NAMES) {
            long[] shape = n.equals("w1") ? new long[] {d, m} : n.equals("w2") ? new long[] {m, d}
                    : n.startsWith("w") ? new long[] {d, d} : new long[] {n.equals("b1") ? m : d};
            p.put(n, random(r, shape).castTo(type));
        }
        return p;
    }

    private static INDArray random(SplittableRandom r, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian() * 0.5;
        }
        return Nd4j.createFromArray(v).reshape(shape);
    }

    /**
     * Property, 30 seeded cases: changing the tokens from position j on (and their padding flags) leaves the block's
     * outputs at positions before j unchanged, bit for bit (raw bits, double precision).
     */
    @Test
    void aFutureTokenCannotChangeAnEarlierOutput() {
        for (int seed = 0; seed < 30; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            int b = 1 + r.nextInt(3);
            int t = 2 + r.nextInt(6);
            int heads = 1 + r.nextInt(3);
            int d = heads * (2 + r.nextInt(2));
            int j = 1 + r.nextInt(t - 1);
            String input = String.format("seed=%d b=%d t=%d heads=%d d=%d j=%d", seed, b, t, heads, d, j);
            Map<String, INDArray> params = randomParams(r, d, 2 * d, DataType.DOUBLE);
            INDArray x = random(r, b, t, d);
            INDArray bias = Nd4j.zeros(DataType.DOUBLE, b, t);
            INDArray x2 = x.dup();
            INDArray bias2 = bias.dup();
            for (int i = 0; i < b; i++) {
                for (int k = j; k < t; k++) {
                    for (int f = 0; f < d; f++) {
                        x2.putScalar(new long[] {i, k, f}, r.nextGaussian() * 3);
                    }
                    bias2.putScalar(new long[] {i, k}, r.nextBoolean() ? Transformer.MASKED : 0);
                }
            }
            double[] y1 = run(params, x, bias, t, heads, d);
            double[] y2 = run(params, x2, bias2, t, heads, d);
            for (int i = 0; i < b; i++) {
                for (int k = 0; k < j; k++) {
                    for (int f = 0; f < d; f++) {
                        int at = (i * t + k) * d + f;
                        assertThat(Double.doubleToRawLongBits(y2[at])).as("%s: sample %s position %s feature %s", input,
                                i, k, f).isEqualTo(Double.doubleToRawLongBits(y1[at]));
                    }
                }
            }
            boolean changed = false;
            for (int at = j * d; at < y1.length; at++) {
                changed |= y1[at] != y2[at];
            }
            assertThat(changed).as("%s: later outputs see the change", input).isTrue();
        }
    }

    private static double[] run(Map<String, INDArray> params, INDArray x, INDArray bias, int t, int heads, int d) {
        SameDiff sd = SameDiff.create();
        Transformer.Block p = block(sd, params);
        SDVariable in = sd.constant(x.reshape(-1, d));
        SDVariable kb = sd.constant(bias);
        return Transformer.block(sd, in, kb, p, t, heads, d).eval().data().asDouble();
    }

    /** Central differences in double precision on every parameter of a block with padding, and on its input. */
    @Test
    void blockGradientsMatchCentralDifferences() {
        SplittableRandom r = new SplittableRandom(20261204);
        int b = 2;
        int t = 3;
        int heads = 2;
        int d = 4;
        SameDiff sd = SameDiff.create();
        Transformer.Block p = block(sd, randomParams(r, d, 8, DataType.DOUBLE));
        SDVariable x = sd.var("x", random(r, b * t, d));
        INDArray bias = Nd4j.zeros(DataType.DOUBLE, b, t);
        bias.putScalar(new long[] {1, 0}, Transformer.MASKED);
        SDVariable y = Transformer.block(sd, x, sd.constant(bias), p, t, heads, d);
        String loss = y.mul(sd.constant(random(r, b * t, d))).sum().rename("checkLoss").name();
        List<String> params = new ArrayList<>(Arrays.asList(NAMES));
        params.add("x");
        List<GradCheck.Mismatch> bad = GradCheck.check(sd, loss, Map.of(), params, 20, 7);
        assertThat(bad).as("analytic vs central-difference gradients").isEmpty();
    }
}
