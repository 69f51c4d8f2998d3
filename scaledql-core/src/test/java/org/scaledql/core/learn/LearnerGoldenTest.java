package org.scaledql.core.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.scaledql.api.nn.Support;
import org.scaledql.core.runtime.Quiet;

/**
 * The projection and every loss term with its gradient against scripts/reference/learner_golden.py (numpy:
 * the C51 paper's Eq. 7 "hat" projection, and central-difference gradients in float64).
 */
class LearnerGoldenTest {

    private static JsonNode golden;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = LearnerGoldenTest.class.getResourceAsStream("/golden/learner.json")) {
            golden = new ObjectMapper().readTree(in);
        }
    }

    static double[] doubles(JsonNode n) {
        double[] d = new double[n.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = n.get(i).asDouble();
        }
        return d;
    }

    static float[] floats(JsonNode n) {
        float[] f = new float[n.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) n.get(i).asDouble();
        }
        return f;
    }

    static void assertClose(double[] actual, double[] expected, double tol, String what) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("%s[%s]", what, i).isCloseTo(expected[i], within(tol));
        }
    }

    @Test
    void projectionMatchesTheHatFormulation() {
        int cases = 0;
        for (JsonNode c : golden.get("projection")) {
            Support s = new Support(c.get("numAtoms").asInt(), c.get("vMin").asDouble(), c.get("vMax").asDouble());
            float[] probs = floats(c.get("probs"));
            float[] rewards = floats(c.get("rewards"));
            float[] out = new float[probs.length];
            new CategoricalProjection(s).project(probs, rewards, floats(c.get("discounts")), out);
            double[] got = new double[out.length];
            for (int i = 0; i < out.length; i++) {
                got[i] = out[i];
            }
            assertClose(got, doubles(c.get("projected")), 2e-6, "projected (" + s + ")");
            cases++;
        }
        assertThat(cases).isEqualTo(2);
    }

    /** Builds loss(x) on a variable initialised from JSON, returns {value, d loss / d x}. */
    private static double[][] valueAndGrad(double[] x, long[] shape, BiFunction<SameDiff, SDVariable, SDVariable> loss) {
        SameDiff sd = SameDiff.create();
        SDVariable v = sd.var("x", Nd4j.createFromArray(x).reshape(shape));
        SDVariable l = loss.apply(sd, v).rename("loss");
        Quiet.createGradFunction(sd, "loss");
        Map<String, INDArray> g = sd.calculateGradients(Map.of(), "x");
        double value = sd.output(Map.of(), "loss").get("loss").getDouble(0);
        return new double[][] {{value}, g.get("x").reshape(-1).toDoubleVector()};
    }

    private static SDVariable oneHot(SameDiff sd, JsonNode ids, int depth) {
        int[] a = new int[ids.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = ids.get(i).asInt();
        }
        return sd.oneHot(sd.constant(Nd4j.createFromArray(a)), depth).castTo(DataType.DOUBLE);
    }

    private static void check(JsonNode c, String key, long[] shape, double[] x, BiFunction<SameDiff, SDVariable, SDVariable> f) {
        double[][] r = valueAndGrad(x, shape, f);
        assertThat(r[0][0]).as(key).isCloseTo(c.get(key).asDouble(), within(1e-9));
        assertClose(r[1], doubles(c.get(key + "Grad")), 1e-7, key + " gradient");
    }

    @Test
    void c51TermsMatch() {
        JsonNode c = golden.get("c51");
        int b = c.get("batch").asInt();
        int a = c.get("actions").asInt();
        int n = c.get("atoms").asInt();
        long[] shape = {b, a, n};
        double[] logits = doubles(c.get("logits"));
        INDArray z = Nd4j.createFromArray(new Support(n, c.get("vMin").asDouble(), c.get("vMax").asDouble()).atoms());
        INDArray target = Nd4j.createFromArray(doubles(c.get("targetProbs"))).reshape(b, n);
        check(c, "td", shape, logits, (sd, x) -> Losses.categoricalTd(sd.nn().logSoftmax(x), oneHot(sd, c.get("actionIds"), a),
                sd.constant(target), a));
        BiFunction<SameDiff, SDVariable, SDVariable> q = (sd, x) -> sd.math().exp(sd.nn().logSoftmax(x)).mul(sd.constant(z)).sum(2);
        check(c, "cql", shape, logits, (sd, x) -> {
            SDVariable qq = q.apply(sd, x);
            return Losses.cql(sd, qq, Losses.dataActionQ(qq, oneHot(sd, c.get("actionIds"), a)));
        });
        check(c, "bc", shape, logits, (sd, x) -> Losses.behavioralCloning(sd, q.apply(sd, x), oneHot(sd, c.get("actionIds"), a)));
    }

    @Test
    void scalarTermsMatch() {
        JsonNode c = golden.get("scalar");
        int b = c.get("batch").asInt();
        int a = c.get("actions").asInt();
        long[] shape = {b, a};
        double[] q = doubles(c.get("q"));
        INDArray y = Nd4j.createFromArray(doubles(c.get("targets")));
        check(c, "mse", shape, q, (sd, x) -> Losses.scalarTd(sd, Losses.dataActionQ(x, oneHot(sd, c.get("actionIds"), a)),
                sd.constant(y), Double.POSITIVE_INFINITY));
        check(c, "huber", shape, q, (sd, x) -> Losses.scalarTd(sd, Losses.dataActionQ(x, oneHot(sd, c.get("actionIds"), a)),
                sd.constant(y), 1.0));
        check(c, "cql", shape, q, (sd, x) -> Losses.cql(sd, x, Losses.dataActionQ(x, oneHot(sd, c.get("actionIds"), a))));
    }

    @Test
    void dr3Matches() {
        JsonNode c = golden.get("dr3");
        long[] shape = {c.get("batch").asInt(), c.get("dim").asInt()};
        INDArray f = Nd4j.createFromArray(doubles(c.get("features"))).reshape(shape);
        INDArray g = Nd4j.createFromArray(doubles(c.get("nextFeatures"))).reshape(shape);
        double[][] r = valueAndGrad(doubles(c.get("features")), shape, (sd, x) -> Losses.dr3(sd, x, sd.constant(g)));
        assertThat(r[0][0]).isCloseTo(c.get("value").asDouble(), within(1e-9));
        assertClose(r[1], doubles(c.get("featuresGrad")), 1e-7, "dr3 d/dfeatures");
        double[][] rn = valueAndGrad(doubles(c.get("nextFeatures")), shape, (sd, x) -> Losses.dr3(sd, sd.constant(f), x));
        assertClose(rn[1], doubles(c.get("nextFeaturesGrad")), 1e-7, "dr3 d/dnextFeatures");
    }
}
