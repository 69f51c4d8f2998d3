package org.scaledql.core.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.scaledql.api.learn.LossConfig;
import org.scaledql.api.nn.HeadConfig;
import org.scaledql.api.nn.Support;

/** HL-Gauss targets against scipy values from scripts/reference/hl_gauss_golden.py, properties, and learning. */
class HlGaussProjectionTest {

    private static JsonNode golden() throws Exception {
        try (InputStream in = HlGaussProjectionTest.class.getResourceAsStream("/golden/hl_gauss.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void erfMatchesScipy() throws Exception {
        JsonNode e = golden().get("erf");
        for (int i = 0; i < e.get("x").size(); i++) {
            double x = e.get("x").get(i).asDouble();
            assertThat(HlGaussProjection.erf(x)).as("erf(%s)", x).isCloseTo(e.get("erf").get(i).asDouble(), within(1e-14));
        }
    }

    @Test
    void targetProbabilitiesMatchScipy() throws Exception {
        for (JsonNode c : golden().get("cases")) {
            Support s = new Support(c.get("numAtoms").asInt(), c.get("vMin").asDouble(), c.get("vMax").asDouble());
            HlGaussProjection p = new HlGaussProjection(s, c.get("sigmaRatio").asDouble());
            int n = s.numAtoms();
            float[] y = new float[c.get("y").size()];
            for (int b = 0; b < y.length; b++) {
                y[b] = (float) c.get("y").get(b).asDouble();
            }
            float[] out = new float[y.length * n];
            p.project(y, out);
            for (int k = 0; k < out.length; k++) {
                // float targets from float y: compare at float precision
                assertThat((double) out[k]).as("%s atoms on [%s, %s], y=%s, bin %s", n, s.vMin(), s.vMax(), y[k / n], k % n)
                        .isCloseTo(c.get("probs").get(k).asDouble(), within(2e-6));
            }
        }
    }

    /** Seeded: probabilities are non-negative and sum to 1; for targets well inside the support the mean is y. */
    @Test
    void targetsAreDistributionsCentredOnTheTarget() {
        long seed = 20261204L;
        SplittableRandom rnd = new SplittableRandom(seed);
        Support s = Support.defaults();
        HlGaussProjection p = new HlGaussProjection(s, HlGaussProjection.DEFAULT_SIGMA_RATIO);
        double[] z = s.atoms();
        for (int i = 0; i < 500; i++) {
            float y = (float) rnd.nextDouble(-12, 12);
            float[] out = new float[z.length];
            p.project(new float[] {y}, out);
            double sum = 0;
            double mean = 0;
            for (int j = 0; j < z.length; j++) {
                assertThat(out[j]).as("seed %s, y=%s, bin %s", seed, y, j).isGreaterThanOrEqualTo(0f);
                sum += out[j];
                mean += out[j] * z[j];
            }
            assertThat(sum).as("seed %s, y=%s", seed, y).isCloseTo(1.0, within(1e-5));
            if (Math.abs(y) < 8) {
                assertThat(mean).as("seed %s, y=%s: mean", seed, y).isCloseTo(y, within(1e-3));
            }
        }
    }

    @Test
    void hlGaussWithoutCqlConvergesToTheOptimalQ() {
        LossConfig hl = LossConfig.scaledQl().withCqlAlpha(0).withTd(LossConfig.TdKind.HL_GAUSS);
        double[][] q = ScaledQlTrainStepTest.trainChain(
                ScaledQlTrainStepTest.chainStep(new HeadConfig.C51(new Support(51, -1, 2)), hl), new int[] {0, 1}, 800);
        ScaledQlTrainStepTest.assertOptimal(q, 0.05, "HL-Gauss");
    }
}
