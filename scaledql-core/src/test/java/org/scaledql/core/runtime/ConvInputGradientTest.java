package org.scaledql.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/** {@link ConvInputGradient} against libnd4j's own {@code conv2d_bp} on random convolutions. */
class ConvInputGradientTest {

    /**
     * All three gradients of random stride-1 convolutions (kernel 1-5, SAME or VALID with explicit padding, with
     * and without bias) equal {@code conv2d_bp}'s within 1e-4 relative to their largest value (summation order).
     */
    @Test
    void matchesConv2dBpOnRandomStrideOneConvolutions() {
        int planned = 0;
        for (long seed = 0; seed < 100; seed++) {
            Random r = new Random(seed);
            int b = 1 + r.nextInt(3);
            int c = 1 + r.nextInt(6);
            int o = 1 + r.nextInt(6);
            int k = 1 + r.nextInt(5);
            int h = k + r.nextInt(10);
            int w = k + r.nextInt(10);
            boolean same = r.nextBoolean();
            int pad = same ? 0 : r.nextInt((k + 1) / 2);
            boolean bias = r.nextBoolean();
            int oh = same ? h : h + 2 * pad - k + 1;
            int ow = same ? w : w + 2 * pad - k + 1;
            String input = String.format("seed %d: x [%d,%d,%d,%d], k %d, %s, bias %s, %d outputs", seed, b, c, h, w,
                    k, same ? "SAME" : "VALID pad " + pad, bias, o);
            Nd4j.getRandom().setSeed(seed);
            INDArray x = Nd4j.randn(DataType.FLOAT, b, c, h, w);
            INDArray weights = Nd4j.randn(DataType.FLOAT, k, k, c, o);
            INDArray biasArray = Nd4j.randn(DataType.FLOAT, o);
            INDArray gO = Nd4j.randn(DataType.FLOAT, b, o, oh, ow);
            long[] iArgs = {k, k, 1, 1, pad, pad, 1, 1, same ? 1 : 0, 0, 0};
            INDArray[] args = bias ? new INDArray[] {x, weights, biasArray, gO} : new INDArray[] {x, weights, gO};
            INDArray expectedI = x.ulike();
            INDArray expectedW = weights.ulike();
            INDArray expectedB = biasArray.ulike();
            DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d_bp").addInputs(args)
                    .addIntegerArguments(Arrays.stream(iArgs).mapToInt(v -> (int) v).toArray());
            Nd4j.exec((bias ? op.addOutputs(expectedI, expectedW, expectedB) : op.addOutputs(expectedI, expectedW))
                    .build());

            INDArray gradI = Nd4j.createUninitialized(DataType.FLOAT, x.shape());
            INDArray gradW = Nd4j.createUninitialized(DataType.FLOAT, weights.shape());
            INDArray gradB = bias ? Nd4j.createUninitialized(DataType.FLOAT, o) : null;
            Map<String, INDArray> scratch = new HashMap<>();
            List<NativeCall> calls = ConvInputGradient.plan(iArgs, args, gradI, gradW, gradB,
                    (dt, shape) -> scratch.computeIfAbsent(dt + Arrays.toString(shape),
                            key -> Nd4j.createUninitialized(dt, shape)));
            if (calls == null) {
                continue; // asymmetric SAME padding (even kernels): the plain op runs
            }
            planned++;
            calls.forEach(NativeCall::run);
            assertClose(gradI, expectedI, input + ", input gradient");
            assertClose(gradW, expectedW, input + ", weight gradient");
            if (bias) {
                assertClose(gradB, expectedB, input + ", bias gradient");
            }
        }
        assertThat(planned).as("convolutions the kernel took").isGreaterThan(50);
    }

    /** The shape rule takes a ResNet's last-stage 3x3 convolutions and leaves the others to libnd4j. */
    @Test
    void expectsWinogradOnlyForWideThreeByThreeStrideOneConvolutions() {
        long[] same3x3 = {3, 3, 1, 1, 0, 0, 1, 1, 1, 0, 0};
        assertThat(ConvInputGradient.shapeExpectsWinograd(same3x3, conv(256, 6, 256))).as("256 -> 256 at 6x6").isTrue();
        assertThat(ConvInputGradient.shapeExpectsWinograd(same3x3, conv(512, 3, 512))).as("512 -> 512 at 3x3").isTrue();
        assertThat(ConvInputGradient.shapeExpectsWinograd(same3x3, conv(128, 11, 128))).as("128 channels").isFalse();
        assertThat(ConvInputGradient.shapeExpectsWinograd(same3x3, conv(256, 6, 64))).as("64 outputs").isFalse();
        assertThat(ConvInputGradient.shapeExpectsWinograd(new long[] {3, 3, 2, 2, 0, 0, 1, 1, 1, 0, 0},
                conv(256, 6, 256))).as("stride 2").isFalse();
        assertThat(ConvInputGradient.shapeExpectsWinograd(new long[] {1, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0},
                conv(256, 6, 256))).as("1x1").isFalse();
        assertThat(ConvInputGradient.shapeExpectsWinograd(new long[] {3, 3, 1, 1, 0, 0, 2, 2, 1, 0, 0},
                conv(256, 6, 256))).as("dilation 2").isFalse();
        assertThat(ConvInputGradient.shapeExpectsWinograd(new long[] {3, 3, 1, 1, 0, 0, 1, 1, 1, 1, 0},
                conv(256, 6, 256))).as("NHWC").isFalse();
    }

    @Test
    void readsAvx512FlagsFromCpuinfo(@TempDir Path dir) throws IOException {
        Path avx512 = Files.writeString(dir.resolve("a"), "processor\t: 0\nflags\t\t: fpu sse avx2 avx512f avx512dq "
                + "avx512bw avx512vl\n");
        Path avx2 = Files.writeString(dir.resolve("b"), "processor\t: 0\nflags\t\t: fpu sse avx2 fma\n");
        assertThat(ConvInputGradient.hasAvx512Core(avx512)).isTrue();
        assertThat(ConvInputGradient.hasAvx512Core(avx2)).isFalse();
        assertThat(ConvInputGradient.hasAvx512Core(dir.resolve("missing"))).isFalse();
    }

    private static INDArray[] conv(int in, int size, int out) {
        return new INDArray[] {Nd4j.create(DataType.FLOAT, 2, in, size, size), Nd4j.create(DataType.FLOAT, 3, 3, in, out),
                Nd4j.create(DataType.FLOAT, 2, out, size, size)};
    }

    private static void assertClose(INDArray actual, INDArray expected, String what) {
        double scale = Math.max(1.0, expected.amaxNumber().doubleValue());
        double diff = actual.sub(expected).amaxNumber().doubleValue();
        assertThat(diff).as(what + ": max abs difference (values up to " + scale + ")").isLessThanOrEqualTo(1e-4 * scale);
    }
}
