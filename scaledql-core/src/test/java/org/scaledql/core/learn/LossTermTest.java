package org.scaledql.core.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.scaledql.api.data.TransitionBatch;
import org.scaledql.api.learn.Gradients;
import org.scaledql.api.learn.LossConfig;
import org.scaledql.api.learn.LossTerm;
import org.scaledql.api.nn.HeadConfig;
import org.scaledql.core.nn.SameDiffQNetwork;

/** User loss terms ({@link ScaledQlTrainStep.Builder#addLossTerm}): built into the step's graph, reported, checked. */
class LossTermTest {

    private static ScaledQlTrainStep.Builder builder(LossConfig loss, long seed) {
        HeadConfig head = loss.td() == LossConfig.TdKind.CATEGORICAL ? HeadConfig.c51() : HeadConfig.scalar();
        return ScaledQlTrainStep.builder(SameDiffQNetwork.create(ScaledQlTrainStepTest.gridConfig(head), seed))
                .loss(loss).updater(new Adam(1e-3)).targetUpdatePeriod(0);
    }

    /** CQL written as a user term, independently of {@code Losses.cql}: log-sum-exp from the graph's own ops. */
    private static final LossTerm USER_CQL = LossTerm.of("my_cql", c -> {
        SDVariable q = c.qValues();
        SDVariable max = q.max(true, 1);
        SDVariable lse = c.sameDiff().math().log(c.sameDiff().math().exp(q.sub(max)).sum(1)).add(max.reshape(-1));
        return lse.sub(c.dataActionQ()).mean();
    });

    @Test
    void aUserTermReproducesTheBuiltInTermItRewrites() {
        TransitionBatch batch = ScaledQlTrainStepTest.randomBatch(31, 6, 3);
        Gradients builtIn = builder(LossConfig.scaledQl().withCqlAlpha(0.05), 32).build().computeGradients(batch);
        Gradients user = builder(LossConfig.scaledQl().withCqlAlpha(0), 32).addLossTerm(USER_CQL, 0.05).build()
                .computeGradients(batch);
        assertThat(user.metrics().get("loss/my_cql")).isCloseTo(builtIn.metrics().get("loss/cql"), within(1e-7));
        assertThat(user.metrics().get("loss/total")).isCloseTo(builtIn.metrics().get("loss/total"), within(1e-6));
        for (Map.Entry<String, INDArray> e : builtIn.gradients().entrySet()) {
            INDArray g = user.gradients().get(e.getKey());
            double scale = Math.max(1e-3, e.getValue().norm2Number().doubleValue());
            assertThat(g.sub(e.getValue()).norm2Number().doubleValue() / scale).as(e.getKey()).isLessThan(1e-5);
        }
    }

    @Test
    void termsAreWeightedReportedAndSummedIntoTheTotal() {
        TransitionBatch batch = ScaledQlTrainStepTest.randomBatch(33, 6, 3);
        LossTerm qSquared = LossTerm.of("q_l2", c -> c.dataActionQ().mul(c.dataActionQ()).mean());
        ScaledQlTrainStep step = builder(LossConfig.scaledQl(), 34).addLossTerm(qSquared, 0.5).build();
        Map<String, Double> m = step.computeGradients(batch).metrics();
        INDArray qData = step.online().qValues(batch.observations(), batch.taskIds());
        double expected = 0;
        int[] a = batch.actions().castTo(DataType.INT).data().asInt();
        for (int b = 0; b < a.length; b++) {
            double q = qData.getDouble(b, a[b]);
            expected += q * q / a.length;
        }
        assertThat(m.get("loss/q_l2")).isCloseTo(0.5 * expected, within(1e-6));
        assertThat(m.get("loss/total")).isCloseTo(m.get("loss/td") + m.get("loss/cql") + m.get("loss/q_l2"), within(1e-5));
        assertThat(step.step(batch).metrics()).containsKey("loss/q_l2");
    }

    /** scalarTargets() on a C51 network: r + discount * max_a Q_target(s', a), Q the expectation over the support. */
    @Test
    void scalarTargetsAreTheBootstrapTargetsEvenOnC51Heads() {
        TransitionBatch batch = ScaledQlTrainStepTest.randomBatch(35, 6, 3);
        LossTerm mse = LossTerm.of("aux_mse", c -> c.dataActionQ().sub(c.scalarTargets()).mul(c.dataActionQ()
                .sub(c.scalarTargets())).mean());
        ScaledQlTrainStep step = builder(LossConfig.scaledQl(), 36).addLossTerm(mse, 1.0).build();
        double got = step.computeGradients(batch).metrics().get("loss/aux_mse");
        INDArray q = step.online().qValues(batch.observations(), batch.taskIds());
        INDArray next = step.target().qValues(batch.nextObservations(), batch.taskIds());
        int[] a = batch.actions().castTo(DataType.INT).data().asInt();
        double expected = 0;
        for (int b = 0; b < a.length; b++) {
            double y = batch.rewards().getDouble(b) + batch.discounts().getDouble(b) * next.getRow(b).maxNumber().doubleValue();
            double d = q.getDouble(b, a[b]) - y;
            expected += d * d / a.length;
        }
        assertThat(got).isCloseTo(expected, within(1e-5));
    }

    @Test
    void anInputIsFedFromEachBatch() {
        LossTerm rewardMean = LossTerm.of("reward_mean", c -> c.input("rewardCopy", DataType.FLOAT, new long[] {-1},
                TransitionBatch::rewards).mean());
        ScaledQlTrainStep step = builder(LossConfig.scaledQl(), 37).addLossTerm(rewardMean, 2.0).build();
        for (long seed = 38; seed < 40; seed++) {
            TransitionBatch batch = ScaledQlTrainStepTest.randomBatch(seed, 6, 3);
            assertThat(step.step(batch).metric("loss/reward_mean"))
                    .isCloseTo(2.0 * batch.rewards().meanNumber().doubleValue(), within(1e-6));
        }
    }

    @Test
    void badTermsAreRefusedNamingTheProblem() {
        ScaledQlTrainStep.Builder b = builder(LossConfig.scaledQl(), 41);
        assertThatThrownBy(() -> b.addLossTerm(LossTerm.of("cql", c -> c.qValues().mean()), 1))
                .hasMessageContaining("taken by a built-in term");
        assertThatThrownBy(() -> b.addLossTerm(LossTerm.of("Bad Name", c -> c.qValues().mean()), 1))
                .hasMessageContaining("lower-case letters, digits and underscores");
        assertThatThrownBy(() -> b.addLossTerm(LossTerm.of("w", c -> c.qValues().mean()), Double.NaN))
                .hasMessageContaining("must be finite");
        b.addLossTerm(LossTerm.of("twice", c -> c.qValues().mean()), 1);
        assertThatThrownBy(() -> b.addLossTerm(LossTerm.of("twice", c -> c.qValues().mean()), 1))
                .hasMessageContaining("already added");

        ScaledQlTrainStep notScalar = builder(LossConfig.scaledQl(), 42)
                .addLossTerm(LossTerm.of("per_sample", c -> c.dataActionQ()), 1).build();
        assertThatThrownBy(() -> notScalar.step(ScaledQlTrainStepTest.randomBatch(43, 6, 3)))
                .hasMessageContaining("loss/per_sample must be a scalar");

        assertThatThrownBy(() -> builder(LossConfig.mse(), 44)
                .addLossTerm(LossTerm.of("lp", c -> c.logProbs().mean()), 1).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("needs C51 heads");
    }

    /**
     * The built-in terms read only what the context offers every term: a user term with a built-in's builder, next to
     * a config without that built-in, computes the same value.
     */
    @Test
    void userTermsReadingTheContextsTargetsAndNextFeaturesEqualTheBuiltInTerms() {
        TransitionBatch batch = ScaledQlTrainStepTest.randomBatch(47, 6, 3);
        LossConfig none = LossConfig.scaledQl().withTd(LossConfig.TdKind.NONE);
        record Case(LossConfig builtIn, String metric, LossConfig without, LossTerm term, double weight) {
        }
        for (Case c : new Case[] {
                new Case(LossConfig.scaledQl(), "loss/td", none, LossTerms.categoricalTd(), 1.0),
                new Case(LossConfig.scaledQl().withTd(LossConfig.TdKind.HL_GAUSS), "loss/td", none,
                        LossTerms.hlGaussTd(), 1.0),
                new Case(LossConfig.scaledQl().withDr3(0.01), "loss/dr3", LossConfig.scaledQl(), LossTerms.dr3(), 0.01)}) {
            double builtIn = c51Builder(c.builtIn(), 48).build().computeGradients(batch).metrics().get(c.metric());
            double user = c51Builder(c.without(), 48).addLossTerm(LossTerm.of("mine", c.term()::build), c.weight())
                    .build().computeGradients(batch).metrics().get("loss/mine");
            assertThat(user).as(c.term().toString()).isEqualTo(builtIn);
        }
    }

    @Test
    void aConfigStandsForTheBuiltInTermsInOrderWithItsWeights() {
        LossConfig loss = new LossConfig(LossConfig.TdKind.HUBER, 2.0, false, 0.05, 0.01, 0.5, new double[0]);
        assertThat(LossTerms.of(loss)).extracting(t -> t.term().name() + "=" + t.weight())
                .containsExactly("td=1.0", "cql=0.05", "dr3=0.01", "bc=0.5");
        assertThat(LossTerms.of(LossConfig.behavioralCloning())).extracting(t -> t.term().name())
                .containsExactly("bc");
    }

    private static ScaledQlTrainStep.Builder c51Builder(LossConfig loss, long seed) {
        return ScaledQlTrainStep.builder(SameDiffQNetwork.create(ScaledQlTrainStepTest.gridConfig(HeadConfig.c51()), seed))
                .loss(loss).updater(new Adam(1e-3)).targetUpdatePeriod(0);
    }

    /** The data-parallel step builds the user's terms on every replica. */
    @Test
    void dataParallelStepsCarryTheTerms() throws Exception {
        TransitionBatch batch = ScaledQlTrainStepTest.randomBatch(45, 6, 3);
        LossTerm qSquared = LossTerm.of("q_l2", c -> c.dataActionQ().mul(c.dataActionQ()).mean());
        try (DataParallelTrainStep dp = DataParallelTrainStep.of(builder(LossConfig.scaledQl(), 46).addLossTerm(qSquared, 0.5), 2)) {
            assertThat(dp.step(batch).metrics()).containsKey("loss/q_l2");
        }
    }
}
