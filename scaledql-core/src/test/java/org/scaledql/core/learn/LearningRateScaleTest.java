package org.scaledql.core.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.scaledql.api.learn.LossConfig;
import org.scaledql.api.nn.HeadConfig;
import org.scaledql.api.train.OptimizerConfig;
import org.scaledql.core.nn.SameDiffQNetwork;
import org.scaledql.core.testing.BitwiseArrays;

/** The per-group learning-rate scale ({@link ScaledQlTrainStep.Builder#learningRateScale}) against plain Adam steps. */
class LearningRateScaleTest {

    private static ScaledQlTrainStep step(double lr, double headScale) {
        SameDiffQNetwork net = SameDiffQNetwork.create(ScaledQlTrainStepTest.gridConfig(HeadConfig.c51()), 11);
        return ScaledQlTrainStep.builder(net).loss(LossConfig.scaledQl()).targetUpdatePeriod(0)
                .optimizer(OptimizerConfig.adam(lr, 1e-8).withHeadLearningRateScale(headScale), 10).build();
    }

    /**
     * Head parameters move exactly as under Adam at the scaled rate (compared with a step whose whole rate is
     * scaled, within float rounding), the others exactly as under the unscaled rate (bit for bit), over three steps
     * on the same batches.
     */
    @Test
    void scaledParametersFollowAdamAtTheScaledRateAndTheRestAtTheBaseRate() {
        double lr = 1e-3;
        double scale = 7;
        ScaledQlTrainStep scaled = step(lr, scale);
        ScaledQlTrainStep base = step(lr, 1);
        ScaledQlTrainStep fast = step(lr * scale, 1);
        Map<String, INDArray> init = scaled.state().online();
        // One step: from the same parameters and batch, all three see the same gradient.
        scaled.step(ScaledQlTrainStepTest.randomBatch(40, 6, 3));
        base.step(ScaledQlTrainStepTest.randomBatch(40, 6, 3));
        fast.step(ScaledQlTrainStepTest.randomBatch(40, 6, 3));
        int heads = 0;
        for (Map.Entry<String, INDArray> e : scaled.online().parameters().entrySet()) {
            String p = e.getKey();
            INDArray moved = e.getValue().sub(init.get(p));
            if (p.startsWith(ScaledQlTrainStep.HEAD_PREFIX)) {
                heads++;
                INDArray expected = fast.online().parameters().get(p).sub(init.get(p));
                double err = moved.sub(expected).amaxNumber().doubleValue();
                // Both updates are float differences of parameters: rounding is a few ulps of the parameters.
                double ulps = 4 * Math.ulp((float) init.get(p).amaxNumber().doubleValue());
                assertThat(err).as("head parameter %s: update vs Adam at lr x %s", p, scale)
                        .isLessThanOrEqualTo(ulps + 1e-6 * expected.amaxNumber().doubleValue());
                assertThat(moved.amaxNumber().doubleValue()).as(p).isGreaterThan(0.0);
            } else {
                assertThat(BitwiseArrays.sameBits(e.getValue(), base.online().parameters().get(p)))
                        .as("non-head parameter %s equals the unscaled step's bit for bit", p).isTrue();
            }
        }
        assertThat(heads).as("head parameters found").isGreaterThan(0);
    }

    @Test
    void aScaleOfOneIsThePlainStepBitForBit() {
        ScaledQlTrainStep a = step(1e-3, 1);
        SameDiffQNetwork net = SameDiffQNetwork.create(ScaledQlTrainStepTest.gridConfig(HeadConfig.c51()), 11);
        ScaledQlTrainStep b = ScaledQlTrainStep.builder(net).loss(LossConfig.scaledQl()).targetUpdatePeriod(0)
                .updater(new Adam(1e-3, 0.9, 0.999, 1e-8)).build();
        for (int i = 0; i < 3; i++) {
            a.step(ScaledQlTrainStepTest.randomBatch(50 + i, 6, 3));
            b.step(ScaledQlTrainStepTest.randomBatch(50 + i, 6, 3));
        }
        for (String p : a.online().parameters().keySet()) {
            assertThat(BitwiseArrays.sameBits(a.online().parameters().get(p), b.online().parameters().get(p))).as(p).isTrue();
        }
    }

    @Test
    void invalidScalesAreRejectedNamingTheField() {
        assertThatThrownBy(() -> OptimizerConfig.adam(1e-3, 1e-8).withHeadLearningRateScale(0))
                .hasMessageContaining("optimizer.headLearningRateScale must be > 0");
        assertThatThrownBy(() -> ScaledQlTrainStep.builder(
                SameDiffQNetwork.create(ScaledQlTrainStepTest.gridConfig(HeadConfig.c51()), 1))
                .learningRateScale(p -> true, Double.NaN)).hasMessageContaining("learning-rate scale must be > 0");
    }
}
