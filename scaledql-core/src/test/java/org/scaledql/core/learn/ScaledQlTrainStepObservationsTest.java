package org.scaledql.core.learn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.scaledql.api.data.TransitionBatch;
import org.scaledql.api.learn.Gradients;
import org.scaledql.api.learn.LossConfig;
import org.scaledql.api.learn.StepResult;

/**
 * Raw uint8 batches in the training step: the step scales them to exactly the inputs of the equivalent float
 * batch, so losses, gradients and parameters are bit-for-bit those of the float batch.
 */
class ScaledQlTrainStepObservationsTest {

    /** A raw batch for the grid network ({@code [b, 2, 10, 10]}) and the float batch it stands for. */
    private record Pair(TransitionBatch raw, TransitionBatch floats) {
    }

    private static Pair pair(long seed, int b, int games, float scale) {
        SplittableRandom r = new SplittableRandom(seed);
        int size = b * 2 * 10 * 10;
        byte[] obs = new byte[size];
        byte[] next = new byte[size];
        float[] obsF = new float[size];
        float[] nextF = new float[size];
        for (int i = 0; i < size; i++) {
            obs[i] = (byte) r.nextInt(256);
            next[i] = (byte) r.nextInt(256);
            obsF[i] = (obs[i] & 0xff) * scale;
            nextF[i] = (next[i] & 0xff) * scale;
        }
        int[] actions = new int[b];
        int[] tasks = new int[b];
        float[] rewards = new float[b];
        float[] discounts = new float[b];
        for (int i = 0; i < b; i++) {
            actions[i] = r.nextInt(4);
            tasks[i] = i % games;
            rewards[i] = (float) (r.nextDouble() - 0.5);
            discounts[i] = r.nextInt(5) == 0 ? 0f : 0.99f;
        }
        long[] shape = {b, 2, 10, 10};
        TransitionBatch raw = new TransitionBatch(uint8(obs, shape), Nd4j.createFromArray(actions),
                Nd4j.createFromArray(rewards), Nd4j.createFromArray(discounts), uint8(next, shape),
                Nd4j.createFromArray(tasks), scale);
        TransitionBatch floats = new TransitionBatch(Nd4j.create(obsF, shape, 'c'), Nd4j.createFromArray(actions),
                Nd4j.createFromArray(rewards), Nd4j.createFromArray(discounts), Nd4j.create(nextF, shape, 'c'),
                Nd4j.createFromArray(tasks), 1f);
        return new Pair(raw, floats);
    }

    private static INDArray uint8(byte[] v, long[] shape) {
        INDArray a = Nd4j.createUninitialized(DataType.UBYTE, shape);
        a.data().asNio().put(0, v);
        return a;
    }

    @Test
    void rawAndFloatBatchesGiveIdenticalLossesGradientsAndParameters() {
        List<LossConfig> losses = List.of(LossConfig.scaledQl(), LossConfig.scaledQl().withDr3(0.1).withDoubleDqn(true),
                LossConfig.mse().withCqlAlpha(0.5));
        for (LossConfig loss : losses) {
            for (float scale : new float[] {1 / 255f, 1f}) {
                String ctx = loss + " scale=" + scale;
                ScaledQlTrainStep a = ScaledQlTrainStepTest.gridStep(loss, 3);
                ScaledQlTrainStep b = ScaledQlTrainStepTest.gridStep(loss, 3);
                for (int t = 0; t < 3; t++) {
                    Pair p = pair(100 + t, 6, 3, scale);
                    INDArray rawBefore = p.raw().observations().dup();
                    Gradients ga = a.computeGradients(p.floats());
                    Gradients gb = b.computeGradients(p.raw());
                    assertThat(gb.metrics()).as("%s step %s metrics", ctx, t).isEqualTo(ga.metrics());
                    for (Map.Entry<String, INDArray> e : ga.gradients().entrySet()) {
                        assertThat(gb.gradients().get(e.getKey())).as("%s step %s gradient %s", ctx, t, e.getKey())
                                .isEqualTo(e.getValue());
                    }
                    StepResult ra = a.applyGradients(ga);
                    StepResult rb = b.applyGradients(gb);
                    assertThat(rb.metrics()).as(ctx).isEqualTo(ra.metrics());
                    assertThat(p.raw().observations()).as("the batch is not modified").isEqualTo(rawBefore);
                }
                assertThat(b.online().parameters()).as(ctx).isEqualTo(a.online().parameters());
            }
        }
    }

    @Test
    void rawBatchesOfAnotherShapeGetTheirOwnBuffers() {
        ScaledQlTrainStep a = ScaledQlTrainStepTest.gridStep(LossConfig.scaledQl(), 5);
        ScaledQlTrainStep b = ScaledQlTrainStepTest.gridStep(LossConfig.scaledQl(), 5);
        for (int size : new int[] {4, 7, 4}) {
            Pair p = pair(size, size, 2, 1 / 255f);
            assertThat(b.step(p.raw()).metrics()).as("batch of %s", size).isEqualTo(a.step(p.floats()).metrics());
        }
    }
}
