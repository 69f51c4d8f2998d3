package org.scaledql.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/** {@link ConvWeightGradient} against libnd4j's own {@code conv2d_bp} on random convolutions. */
class ConvWeightGradientTest {

    @Test
    void matchesConv2dBpOnRandomConvolutions() {
        int planned = 0;
        for (long seed = 0; seed < 120; seed++) {
            Random r = new Random(seed);
            int b = 1 + r.nextInt(3);
            int c = 1 + r.nextInt(4);
            int o = 1 + r.nextInt(5);
            int k = 1 + r.nextInt(5);
            int s = 1 + r.nextInt(Math.min(k, 4)); // stride above the kernel size: oneDNN refuses some of those
            int h = k + r.nextInt(12);
            int w = k + r.nextInt(12);
            boolean same = r.nextBoolean();
            int pad = same ? 0 : r.nextInt(2);
            boolean bias = r.nextBoolean();
            int oh = same ? (h + s - 1) / s : (h + 2 * pad - k) / s + 1;
            int ow = same ? (w + s - 1) / s : (w + 2 * pad - k) / s + 1;
            String input = String.format("seed %d: x [%d,%d,%d,%d], k %d, stride %d, %s, bias %s, %d outputs",
                    seed, b, c, h, w, k, s, same ? "SAME" : "VALID pad " + pad, bias, o);
            Nd4j.getRandom().setSeed(seed);
            INDArray x = Nd4j.randn(DataType.FLOAT, b, c, h, w);
            INDArray weights = Nd4j.randn(DataType.FLOAT, k, k, c, o);
            INDArray biasArray = Nd4j.randn(DataType.FLOAT, o);
            INDArray gO = Nd4j.randn(DataType.FLOAT, b, o, oh, ow);
            long[] iArgs = {k, k, s, s, pad, pad, 1, 1, same ? 1 : 0, 0, 0};
            INDArray[] args = bias ? new INDArray[] {x, weights, biasArray, gO} : new INDArray[] {x, weights, gO};
            INDArray expectedW = weights.ulike();
            INDArray expectedB = biasArray.ulike();
            DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d_bp").addInputs(args)
                    .addIntegerArguments(Arrays.stream(iArgs).mapToInt(v -> (int) v).toArray());
            Nd4j.exec((bias ? op.addOutputs(x.ulike(), expectedW, expectedB) : op.addOutputs(x.ulike(), expectedW))
                    .build());

            INDArray gradW = Nd4j.createUninitialized(DataType.FLOAT, weights.shape());
            INDArray gradB = bias ? Nd4j.createUninitialized(DataType.FLOAT, o) : null;
            Map<String, INDArray> scratch = new HashMap<>();
            List<NativeCall> calls = ConvWeightGradient.plan(iArgs, args, gradW, gradB,
                    (dt, shape) -> scratch.computeIfAbsent(dt + Arrays.toString(shape),
                            key -> Nd4j.createUninitialized(dt, shape)));
            if (calls == null) {
                continue; // a shape the transposed convolution cannot reproduce: the plain op runs
            }
            planned++;
            assertThatCode(() -> calls.forEach(NativeCall::run)).as(input).doesNotThrowAnyException();
            assertClose(gradW, expectedW, input + ", weight gradient");
            if (bias) {
                assertClose(gradB, expectedB, input + ", bias gradient");
            }
        }
        assertThat(planned).as("convolutions the kernel took").isGreaterThan(40);
    }

    @Test
    void leavesDilatedAndNhwcConvolutionsToLibnd4j() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 1, 2, 6, 6);
        INDArray w = Nd4j.rand(DataType.FLOAT, 3, 3, 2, 2);
        INDArray gO = Nd4j.rand(DataType.FLOAT, 1, 2, 6, 6);
        INDArray[] args = {x, w, gO};
        assertThat(ConvWeightGradient.plan(new long[] {3, 3, 1, 1, 0, 0, 2, 2, 1, 0, 0}, args, w.ulike(), null,
                (d, s) -> null)).as("dilation 2").isNull();
        assertThat(ConvWeightGradient.plan(new long[] {3, 3, 1, 1, 0, 0, 1, 1, 1, 1, 0}, args, w.ulike(), null,
                (d, s) -> null)).as("NHWC").isNull();
    }

    private static void assertClose(INDArray actual, INDArray expected, String what) {
        double scale = Math.max(1.0, expected.amaxNumber().doubleValue());
        double diff = actual.sub(expected).amaxNumber().doubleValue();
        assertThat(diff).as(what + ": max abs difference (values up to " + scale + ")").isLessThanOrEqualTo(1e-4 * scale);
    }
}
