package org.scaledql.core.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.scaledql.api.data.TransitionBatch;
import org.scaledql.api.learn.Gradients;
import org.scaledql.api.learn.LossConfig;
import org.scaledql.api.learn.StepResult;
import org.scaledql.api.nn.HeadConfig;
import org.scaledql.core.nn.SameDiffQNetwork;
import org.scaledql.core.testing.BitwiseArrays;

/** {@link DataParallelTrainStep} against the plain single-threaded step on the same batches. */
class DataParallelTrainStepTest {

    private static ScaledQlTrainStep.Builder builder(LossConfig loss, long seed) {
        return ScaledQlTrainStep.builder(SameDiffQNetwork.create(ScaledQlTrainStepTest.gridConfig(HeadConfig.c51()), seed))
                .loss(loss).updater(new Adam(1e-3)).targetUpdatePeriod(2);
    }

    /** Largest |a - b| relative to the largest |b| of each parameter, over all parameters. */
    private static double maxRelativeDifference(Map<String, INDArray> a, Map<String, INDArray> b) {
        double worst = 0;
        for (String p : b.keySet()) {
            double scale = Math.max(b.get(p).amaxNumber().doubleValue(), 1e-12);
            worst = Math.max(worst, a.get(p).sub(b.get(p)).amaxNumber().doubleValue() / scale);
        }
        return worst;
    }

    /**
     * For 2, 3 and 4 workers (3 splits 10 samples unevenly), the averaged gradients equal the single-process
     * gradients of the whole batch within float tolerance, and so do the loss metrics.
     */
    @Test
    void gradientsEqualTheWholeBatchGradients() {
        for (int workers : new int[] {2, 3, 4}) {
            for (LossConfig loss : new LossConfig[] {LossConfig.scaledQl(), LossConfig.scaledQl().withDr3(0.1)}) {
                ScaledQlTrainStep plain = builder(loss, 7).build();
                try (DataParallelTrainStep dp = DataParallelTrainStep.of(builder(loss, 7), workers)) {
                    TransitionBatch batch = ScaledQlTrainStepTest.randomBatch(60 + workers, 10, 3);
                    Gradients expected = plain.computeGradients(batch);
                    Gradients actual = dp.computeGradients(batch);
                    assertThat(actual.gradients().keySet()).isEqualTo(expected.gradients().keySet());
                    assertThat(maxRelativeDifference(actual.gradients(), expected.gradients()))
                            .as("%s workers, %s", workers, loss).isLessThan(1e-4);
                    for (String m : expected.metrics().keySet()) {
                        assertThat(actual.metrics().get(m)).as("%s, %s workers", m, workers)
                                .isCloseTo(expected.metrics().get(m), within(1e-5 * Math.max(1, Math.abs(expected.metrics().get(m)))));
                    }
                }
            }
        }
    }

    /** Five steps with target syncs every two: parameters and targets follow the plain step within float tolerance. */
    @Test
    void stepsFollowThePlainStep() {
        ScaledQlTrainStep plain = builder(LossConfig.scaledQl(), 8).build();
        try (DataParallelTrainStep dp = DataParallelTrainStep.of(builder(LossConfig.scaledQl(), 8), 2)) {
            for (int i = 0; i < 5; i++) {
                TransitionBatch batch = ScaledQlTrainStepTest.randomBatch(70 + i, 8, 3);
                StepResult a = plain.step(batch);
                StepResult b = dp.step(batch);
                assertThat(b.step()).isEqualTo(a.step());
                assertThat(b.metric("loss/total")).isCloseTo(a.metric("loss/total"), within(1e-4));
            }
            assertThat(maxRelativeDifference(dp.online().parameters(), plain.online().parameters())).isLessThan(1e-3);
            assertThat(maxRelativeDifference(dp.target().parameters(), plain.target().parameters())).isLessThan(1e-3);
            assertThat(dp.stepCount()).isEqualTo(5);
        }
    }

    /** The replicas hold the primary's parameters after every update, so each worker uses the current network. */
    @Test
    void replicasStayInStepWithThePrimary() {
        try (DataParallelTrainStep dp = DataParallelTrainStep.of(builder(LossConfig.scaledQl(), 9), 2)) {
            dp.step(ScaledQlTrainStepTest.randomBatch(80, 8, 3));
            ScaledQlTrainStep alone = builder(LossConfig.scaledQl(), 123).build();
            alone.restore(dp.state());
            // With one worker's share on each thread, a second DP step equals the plain step from the same state.
            TransitionBatch next = ScaledQlTrainStepTest.randomBatch(81, 8, 3);
            Gradients g = dp.computeGradients(next);
            Gradients e = alone.computeGradients(next);
            assertThat(maxRelativeDifference(g.gradients(), e.gradients())).isLessThan(1e-4);
        }
    }

    /** One worker is the plain step, bit for bit. */
    @Test
    void oneWorkerIsThePlainStepBitForBit() {
        ScaledQlTrainStep plain = builder(LossConfig.scaledQl(), 10).build();
        try (DataParallelTrainStep dp = DataParallelTrainStep.of(builder(LossConfig.scaledQl(), 10), 1)) {
            for (int i = 0; i < 3; i++) {
                plain.step(ScaledQlTrainStepTest.randomBatch(90 + i, 6, 3));
                dp.step(ScaledQlTrainStepTest.randomBatch(90 + i, 6, 3));
            }
            BitwiseArrays.assertSameBits(dp.online().parameters(), plain.online().parameters(), "one worker");
        }
    }
}
