package org.scaledql.core.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.scaledql.api.data.TransitionBatch;
import org.scaledql.api.learn.LossConfig;
import org.scaledql.api.nn.HeadConfig;
import org.scaledql.api.nn.Support;
import org.scaledql.core.nn.SameDiffQNetwork;

/** {@link BootstrapTargets} against targets computed here from the networks' outputs. */
class BootstrapTargetsTest {

    private static SameDiffQNetwork net(HeadConfig head, long seed) {
        return SameDiffQNetwork.create(ScaledQlTrainStepTest.gridConfig(head), seed);
    }

    private static int argmax(INDArray row) {
        return row.argMax().getInt(0);
    }

    /** y = r + d * Q_target(s', a*), a* from the target (C51 way) or the online network (double DQN). */
    @Test
    void scalarTargetsUseTheTargetsValueAtTheChosenAction() {
        TransitionBatch batch = ScaledQlTrainStepTest.randomBatch(51, 6, 3);
        for (HeadConfig head : new HeadConfig[] {HeadConfig.scalar(), HeadConfig.c51()}) {
            SameDiffQNetwork target = net(head, 52);
            SameDiffQNetwork online = net(head, 53);
            INDArray qt = target.qValues(batch.nextObservations(), batch.taskIds());
            INDArray qo = online.qValues(batch.nextObservations(), batch.taskIds());
            for (boolean doubleDqn : new boolean[] {false, true}) {
                LossConfig loss = (head instanceof HeadConfig.C51 ? LossConfig.scaledQl() : LossConfig.mse()).withDoubleDqn(doubleDqn);
                float[] y = new BootstrapTargets(loss, head).scalar(target, online, batch);
                for (int b = 0; b < batch.size(); b++) {
                    int a = argmax(doubleDqn ? qo.getRow(b) : qt.getRow(b));
                    double expected = batch.rewards().getDouble(b) + batch.discounts().getDouble(b) * qt.getDouble(b, a);
                    assertThat((double) y[b]).as("%s double=%s b=%s", head, doubleDqn, b).isCloseTo(expected, within(1e-5));
                }
            }
        }
    }

    /** C51: the projection of the target's distribution at a* (softmax computed here by ND4J). */
    @Test
    void categoricalTargetsProjectTheTargetsDistributionAtTheChosenAction() {
        TransitionBatch batch = ScaledQlTrainStepTest.randomBatch(54, 6, 3);
        HeadConfig head = HeadConfig.c51();
        Support s = ((HeadConfig.C51) head).support();
        SameDiffQNetwork target = net(head, 55);
        float[] got = new BootstrapTargets(LossConfig.scaledQl(), head).categorical(target, target, batch);
        INDArray logits = target.headOutputs(batch.nextObservations(), batch.taskIds()).castTo(DataType.DOUBLE); // [B, A, N]
        INDArray q = target.qValues(batch.nextObservations(), batch.taskIds());
        CategoricalProjection projection = new CategoricalProjection(s);
        int n = s.numAtoms();
        for (int b = 0; b < batch.size(); b++) {
            int a = argmax(q.getRow(b));
            INDArray p = Transforms.softmax(logits.get(org.nd4j.linalg.indexing.NDArrayIndex.point(b),
                    org.nd4j.linalg.indexing.NDArrayIndex.point(a), org.nd4j.linalg.indexing.NDArrayIndex.all()).reshape(1, n), true);
            float[] expected = new float[n];
            projection.project(p.castTo(DataType.FLOAT).data().asFloat(), new float[] {batch.rewards().getFloat(b)},
                    new float[] {batch.discounts().getFloat(b)}, expected);
            for (int j = 0; j < n; j++) {
                assertThat((double) got[b * n + j]).as("b=%s atom %s", b, j).isCloseTo(expected[j], within(1e-6));
            }
        }
    }

    @Test
    void hlGaussTargetsSpreadTheScalarTargets() {
        TransitionBatch batch = ScaledQlTrainStepTest.randomBatch(56, 6, 3);
        HeadConfig head = HeadConfig.c51();
        SameDiffQNetwork target = net(head, 57);
        BootstrapTargets t = new BootstrapTargets(LossConfig.scaledQl(), head);
        float[] expected = new float[batch.size() * 51];
        new HlGaussProjection(((HeadConfig.C51) head).support(), 0.75).project(t.scalar(target, target, batch), expected);
        assertThat(t.hlGauss(target, target, batch)).containsExactly(expected);
    }

    @Test
    void distributionTargetsNeedAC51Head() {
        TransitionBatch batch = ScaledQlTrainStepTest.randomBatch(58, 6, 3);
        SameDiffQNetwork scalar = net(HeadConfig.scalar(), 59);
        BootstrapTargets t = new BootstrapTargets(LossConfig.mse(), HeadConfig.scalar());
        assertThatThrownBy(() -> t.categorical(scalar, scalar, batch)).hasMessageContaining("need a C51 head");
        assertThatThrownBy(() -> t.hlGauss(scalar, scalar, batch)).hasMessageContaining("need a C51 head");
        assertThat(Nd4j.createFromArray(t.scalar(scalar, scalar, batch)).length()).isEqualTo(batch.size());
    }
}
