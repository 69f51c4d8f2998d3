package org.scaledql.core.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;
import org.scaledql.api.data.TransitionBatch;
import org.scaledql.api.learn.Gradients;
import org.scaledql.api.learn.LossConfig;
import org.scaledql.api.learn.NonFinitePolicy;
import org.scaledql.api.learn.StepResult;
import org.scaledql.api.learn.TrainingState;
import org.scaledql.api.nn.FeatureReduction;
import org.scaledql.api.nn.HeadConfig;
import org.scaledql.api.nn.ImpalaConfig;
import org.scaledql.api.nn.NetworkConfig;
import org.scaledql.api.nn.ResNetConfig;
import org.scaledql.api.nn.Support;
import org.scaledql.core.nn.SameDiffQNetwork;
import org.scaledql.core.testing.BitwiseArrays;

class ScaledQlTrainStepTest {

    /** A small multi-game network on 10x10 grids. */
    static NetworkConfig gridConfig(HeadConfig head) {
        return NetworkConfig.builder(new int[] {2, 10, 10}, 3, 4)
                .encoder(new ResNetConfig(18, 0.125, 4, ResNetConfig.Stem.SMALL)).torso(16).head(head).build();
    }

    static TransitionBatch randomBatch(long seed, int b, int games) {
        Nd4j.getRandom().setSeed(seed);
        int[] tasks = new int[b];
        int[] actions = new int[b];
        for (int i = 0; i < b; i++) {
            tasks[i] = i % games;
            actions[i] = (int) ((seed + 7L * i) % 4);
        }
        return new TransitionBatch(Nd4j.rand(DataType.FLOAT, b, 2, 10, 10), Nd4j.createFromArray(actions),
                Nd4j.rand(DataType.FLOAT, b).subi(0.5), Nd4j.valueArrayOf(new long[] {b}, 0.99f, DataType.FLOAT),
                Nd4j.rand(DataType.FLOAT, b, 2, 10, 10), Nd4j.createFromArray(tasks), 1f);
    }

    static ScaledQlTrainStep gridStep(LossConfig loss, long seed) {
        HeadConfig head = loss.td() == LossConfig.TdKind.CATEGORICAL ? HeadConfig.c51() : HeadConfig.scalar();
        return ScaledQlTrainStep.builder(SameDiffQNetwork.create(gridConfig(head), seed)).loss(loss)
                .updater(new Adam(1e-3)).targetUpdatePeriod(0).build();
    }

    @Test
    void everyOnlineParameterGetsAGradientAndTheTargetNone() {
        ScaledQlTrainStep step = gridStep(LossConfig.scaledQl().withDr3(0.1), 1);
        Map<String, INDArray> targetBefore = step.state().target();
        Gradients g = step.computeGradients(randomBatch(1, 6, 3));
        List<String> zero = new ArrayList<>();
        for (String p : step.online().parameters().keySet()) {
            if (g.gradients().get(p).amaxNumber().doubleValue() == 0) {
                zero.add(p);
            }
        }
        assertThat(zero).as("online parameters without gradient").isEmpty();
        assertThat(g.gradients().keySet()).isEqualTo(step.online().parameters().keySet());
        for (int i = 0; i < 3; i++) {
            step.step(randomBatch(2 + i, 6, 3));
        }
        assertThat(step.target().parameters()).as("target parameters never change without a sync").isEqualTo(targetBefore);
        assertThat(step.online().parameters()).isNotEqualTo(targetBefore);
    }

    @Test
    void reportsTheDocumentedMetrics() {
        StepResult r = gridStep(LossConfig.scaledQl().withDr3(0.1), 2).step(randomBatch(3, 6, 3));
        assertThat(r.metrics().keySet()).contains("loss/total", "loss/td", "loss/cql", "loss/dr3", "q/mean",
                "q/data_action", "grad/global_norm");
        assertThat(r.metric("loss/total")).isCloseTo(r.metric("loss/td") + r.metric("loss/cql") + r.metric("loss/dr3"),
                within(1e-5));
        assertThat(r.metric("loss/cql")).isGreaterThanOrEqualTo(0.0);
        assertThat(r.step()).isEqualTo(1);
    }

    /** Regression: a second step on the same network failed inside SameDiff ("actionOneHot already exists"). */
    @Test
    void aSecondStepOnTheSameNetworkIsRefusedNamingTheRemedy() {
        ScaledQlTrainStep first = gridStep(LossConfig.scaledQl(), 14);
        assertThatThrownBy(() -> ScaledQlTrainStep.builder(first.online()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("online.copy()");
        ScaledQlTrainStep second = ScaledQlTrainStep.builder(first.online().copy()).updater(new Adam(1e-3)).build();
        assertThat(second.step(randomBatch(15, 6, 3)).metric("loss/total")).isFinite();
        assertThat(first.step(randomBatch(15, 6, 3)).metric("loss/total")).as("the first step still works").isFinite();
    }

    /** Regression: with one term, that term's metric was NaN (the term itself had been renamed loss/total). */
    @Test
    void aSingleTermObjectiveReportsItsOwnMetric() {
        LossConfig[] single = {LossConfig.scaledQl().withCqlAlpha(0), LossConfig.behavioralCloning()};
        String[] metric = {"loss/td", "loss/bc"};
        for (int i = 0; i < single.length; i++) {
            StepResult r = gridStep(single[i], 12).step(randomBatch(13, 6, 3));
            assertThat(r.metric(metric[i])).as(metric[i]).isFinite();
            assertThat(r.metric(metric[i])).as(metric[i]).isEqualTo(r.metric("loss/total"));
        }
    }

    @Test
    void sameSeedGivesBitIdenticalParameters() {
        ScaledQlTrainStep a = gridStep(LossConfig.scaledQl(), 3);
        ScaledQlTrainStep b = gridStep(LossConfig.scaledQl(), 3);
        for (int i = 0; i < 4; i++) {
            a.step(randomBatch(10 + i, 6, 3));
            b.step(randomBatch(10 + i, 6, 3));
        }
        BitwiseArrays.assertSameBits(a.online().parameters(), b.online().parameters(), "same seed");
    }

    @Test
    void restoringAStateContinuesBitForBit() {
        ScaledQlTrainStep a = gridStep(LossConfig.scaledQl(), 4);
        for (int i = 0; i < 3; i++) {
            a.step(randomBatch(20 + i, 6, 3));
        }
        TrainingState snapshot = a.state();
        a.syncTarget();
        for (int i = 3; i < 6; i++) {
            a.step(randomBatch(20 + i, 6, 3));
        }
        ScaledQlTrainStep b = gridStep(LossConfig.scaledQl(), 99); // different init: everything comes from the state
        b.restore(snapshot);
        assertThat(b.stepCount()).isEqualTo(3);
        b.syncTarget();
        for (int i = 3; i < 6; i++) {
            b.step(randomBatch(20 + i, 6, 3));
        }
        BitwiseArrays.assertSameBits(b.online().parameters(), a.online().parameters(), "restored parameters");
        BitwiseArrays.assertSameBits(b.state().optimizer(), a.state().optimizer(), "restored optimizer state");
    }

    @Test
    void targetSyncsEveryPeriod() {
        ScaledQlTrainStep step = ScaledQlTrainStep.builder(SameDiffQNetwork.create(gridConfig(HeadConfig.c51()), 5))
                .updater(new Adam(1e-3)).targetUpdatePeriod(2).build();
        step.step(randomBatch(30, 6, 3));
        assertThat(step.target().parameters()).isNotEqualTo(step.online().parameters());
        step.step(randomBatch(31, 6, 3));
        assertThat(step.target().parameters()).isEqualTo(step.online().parameters());
    }

    @Test
    void nonFiniteLossFailsNamingTheTermOrIsSkipped() {
        TransitionBatch good = randomBatch(40, 6, 3);
        INDArray nanRewards = good.rewards().dup();
        nanRewards.putScalar(0, Float.NaN);
        TransitionBatch bad = new TransitionBatch(good.observations(), good.actions(), nanRewards, good.discounts(),
                good.nextObservations(), good.taskIds(), good.observationScale());
        HeadConfig scalar = HeadConfig.scalar();
        ScaledQlTrainStep failing = ScaledQlTrainStep.builder(SameDiffQNetwork.create(gridConfig(scalar), 6))
                .loss(LossConfig.mse()).build();
        Map<String, INDArray> before = failing.state().online();
        assertThatThrownBy(() -> failing.step(bad)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("loss/td=NaN").hasMessageContaining("parameters unchanged");
        assertThat(failing.online().parameters()).isEqualTo(before);
        ScaledQlTrainStep skipping = ScaledQlTrainStep.builder(SameDiffQNetwork.create(gridConfig(scalar), 6))
                .loss(LossConfig.mse()).nonFinite(NonFinitePolicy.SKIP).build();
        StepResult r = skipping.step(bad);
        assertThat(r.skipped()).isTrue();
        assertThat(skipping.online().parameters()).isEqualTo(before);
        assertThat(skipping.step(good).skipped()).isFalse();
    }

    @Test
    void globalNormClippingBoundsTheUpdate() {
        double lr = 0.1;
        double maxNorm = 1e-3;
        ScaledQlTrainStep step = ScaledQlTrainStep.builder(SameDiffQNetwork.create(gridConfig(HeadConfig.c51()), 7))
                .updater(new Sgd(lr)).maxGradNorm(maxNorm).build();
        Map<String, INDArray> before = step.state().online();
        StepResult r = step.step(randomBatch(50, 6, 3));
        assertThat(r.metric("grad/global_norm")).isGreaterThan(maxNorm);
        double sq = 0;
        for (Map.Entry<String, INDArray> e : step.online().parameters().entrySet()) {
            double n = e.getValue().sub(before.get(e.getKey())).norm2Number().doubleValue();
            sq += n * n;
        }
        assertThat(Math.sqrt(sq)).isCloseTo(lr * maxNorm, within(lr * maxNorm * 1e-3));
    }

    @Test
    void configurationErrorsNameTheProblem() {
        SameDiffQNetwork scalarNet = SameDiffQNetwork.create(gridConfig(HeadConfig.scalar()), 8);
        assertThatThrownBy(() -> ScaledQlTrainStep.builder(scalarNet).loss(LossConfig.scaledQl()).build())
                .hasMessageContaining("categorical TD loss needs a C51 head");
        SameDiffQNetwork c51Net = SameDiffQNetwork.create(gridConfig(HeadConfig.c51()), 8);
        assertThatThrownBy(() -> ScaledQlTrainStep.builder(c51Net).loss(LossConfig.mse()).build())
                .hasMessageContaining("MSE TD loss needs a scalar head");
        assertThatThrownBy(() -> ScaledQlTrainStep.builder(scalarNet).loss(LossConfig.mse().withRewardScales(1, 2)).build())
                .hasMessageContaining("one value per game (3)");
    }

    /**
     * Per-game reward scales act on the TD target exactly as scaled rewards in the batch would, for the categorical
     * and the scalar TD: gradients and metrics compare bit-for-bit (the factors are powers of two, so scaling is exact
     * in float either way). Regression: the categorical target ignored the scales.
     */
    @Test
    void rewardScalesEqualScalingTheBatchRewardsBitForBit() {
        double[] scales = {2, 0.5, 4};
        for (LossConfig loss : new LossConfig[] {LossConfig.scaledQl(), LossConfig.mse()}) {
            TransitionBatch batch = randomBatch(21, 6, 3);
            float[] r = batch.rewards().castTo(DataType.FLOAT).dup().data().asFloat();
            int[] tasks = batch.taskIds().castTo(DataType.INT).data().asInt();
            for (int b = 0; b < r.length; b++) {
                r[b] *= (float) scales[tasks[b]];
            }
            TransitionBatch scaledBatch = new TransitionBatch(batch.observations(), batch.actions(),
                    Nd4j.createFromArray(r), batch.discounts(), batch.nextObservations(), batch.taskIds(), 1f);
            Gradients withScales = gridStep(loss.withRewardScales(scales), 22).computeGradients(batch);
            Gradients scaledData = gridStep(loss, 22).computeGradients(scaledBatch);
            BitwiseArrays.assertSameBits(withScales.gradients(), scaledData.gradients(), loss.td() + " gradients");
            assertThat(withScales.metrics()).as(loss.td() + " metrics").isEqualTo(scaledData.metrics());
            Gradients unscaled = gridStep(loss, 22).computeGradients(batch);
            assertThat(unscaled.metrics().get("loss/td")).as(loss.td() + ": the scales matter")
                    .isNotEqualTo(withScales.metrics().get("loss/td"));
        }
    }

    // ---- learning on a problem with a known answer ----

    static ScaledQlTrainStep chainStep(HeadConfig head, LossConfig loss) {
        NetworkConfig c = NetworkConfig.builder(new int[] {ChainMdp.STATES, 1, 1}, 1, 2)
                .encoder(new ImpalaConfig(new int[] {32}, 1, 0)).reduction(FeatureReduction.FLATTEN)
                .torso(64).featureNormalization(false).head(head).build();
        return ScaledQlTrainStep.builder(SameDiffQNetwork.create(c, 11)).loss(loss).updater(new Adam(3e-3))
                .targetUpdatePeriod(25).build();
    }

    static double[][] trainChain(ScaledQlTrainStep step, int[] dataActions, int steps) {
        TransitionBatch data = ChainMdp.dataset(dataActions, 4);
        for (int i = 0; i < steps; i++) {
            step.step(data);
        }
        INDArray q = step.online().qValues(ChainMdp.allStates(), Nd4j.zeros(DataType.INT, ChainMdp.STATES));
        return q.toDoubleMatrix();
    }

    static void assertOptimal(double[][] q, double tol, String what) {
        for (int s = 0; s < ChainMdp.STATES; s++) {
            for (int a = 0; a < 2; a++) {
                assertThat(q[s][a]).as("%s Q(%s, %s)", what, s, a).isCloseTo(ChainMdp.optimalQ(s, a), within(tol));
            }
        }
    }

    @Test
    void c51WithoutCqlConvergesToTheOptimalQ() {
        double[][] q = trainChain(chainStep(new HeadConfig.C51(new Support(51, -1, 2)), LossConfig.scaledQl().withCqlAlpha(0)),
                new int[] {0, 1}, 800);
        assertOptimal(q, 0.05, "C51");
    }

    @Test
    void mseWithoutCqlConvergesToTheOptimalQ() {
        double[][] q = trainChain(chainStep(HeadConfig.scalar(), LossConfig.mse().withCqlAlpha(0)), new int[] {0, 1}, 1200);
        assertOptimal(q, 0.05, "MSE");
    }

    @Test
    void cqlPushesActionsAbsentFromTheDataBelowDataActions() {
        double[][] q = trainChain(chainStep(new HeadConfig.C51(new Support(51, -1, 2)), LossConfig.scaledQl().withCqlAlpha(1.0)),
                new int[] {1}, 500);
        for (int s = 0; s < ChainMdp.STATES; s++) {
            assertThat(q[s][0]).as("Q(%s, left), never in the data, vs Q(%s, right)", s, s).isLessThan(q[s][1] - 0.1);
        }
    }
}
