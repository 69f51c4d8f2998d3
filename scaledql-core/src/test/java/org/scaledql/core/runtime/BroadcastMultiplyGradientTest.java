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

/** {@link BroadcastMultiplyGradient} against libnd4j's own {@code multiply_bp} on random broadcast shapes. */
class BroadcastMultiplyGradientTest {

    @Test
    void matchesLibnd4jOnRandomBroadcastShapes() {
        int planned = 0;
        for (long seed = 0; seed < 300; seed++) {
            Random r = new Random(seed);
            int rank = 1 + r.nextInt(4);
            long[] z = new long[rank];
            long[] x = new long[rank];
            long[] y = new long[rank];
            for (int i = 0; i < rank; i++) {
                long n = 1 + r.nextInt(6);
                int who = r.nextInt(3); // 0: both full, 1: x broadcast, 2: y broadcast
                x[i] = who == 1 ? 1 : n;
                y[i] = who == 2 ? 1 : n;
                z[i] = n;
            }
            long[] xs = dropLeading(x, r.nextInt(3) == 0 ? r.nextInt(rank) : 0);
            long[] ys = dropLeading(y, r.nextInt(3) == 0 ? r.nextInt(rank) : 0);
            String input = "seed " + seed + ": x " + Arrays.toString(xs) + " y " + Arrays.toString(ys) + " -> "
                    + Arrays.toString(z);
            Nd4j.getRandom().setSeed(seed);
            INDArray xa = Nd4j.randn(DataType.FLOAT, xs);
            INDArray ya = Nd4j.randn(DataType.FLOAT, ys);
            INDArray g = Nd4j.randn(DataType.FLOAT, z);
            INDArray expectedDx = xa.ulike();
            INDArray expectedDy = ya.ulike();
            Nd4j.exec(DynamicCustomOp.builder("multiply_bp").addInputs(xa, ya, g)
                    .addOutputs(expectedDx, expectedDy).build());

            INDArray dx = Nd4j.createUninitialized(DataType.FLOAT, xs);
            INDArray dy = Nd4j.createUninitialized(DataType.FLOAT, ys);
            Map<String, INDArray> scratch = new HashMap<>();
            List<NativeCall> calls = BroadcastMultiplyGradient.plan(xa, ya, g, dx, dy,
                    (dt, shape) -> scratch.computeIfAbsent(dt + Arrays.toString(shape),
                            k -> Nd4j.createUninitialized(dt, shape)));
            if (calls == null) {
                assertThat(Arrays.equals(xs, ys)).as(input + ": planned nothing for different shapes").isTrue();
                continue;
            }
            planned++;
            for (int run = 0; run < 2; run++) { // a second run over the same arrays gives the same values
                assertThatCode(() -> calls.forEach(NativeCall::run)).as(input)
                        .doesNotThrowAnyException();
                assertClose(dx, expectedDx, input + ", gradient of x, run " + run);
                assertClose(dy, expectedDy, input + ", gradient of y, run " + run);
            }
        }
        assertThat(planned).as("broadcast cases exercised").isGreaterThan(150);
    }

    @Test
    void leavesSameShapesAndScalarsToLibnd4j() {
        INDArray a = Nd4j.rand(DataType.FLOAT, 2, 3);
        INDArray s = Nd4j.scalar(2f);
        assertThat(BroadcastMultiplyGradient.plan(a, a.dup(), a.ulike(), a.ulike(), a.ulike(), (d, x) -> null))
                .isNull();
        assertThat(BroadcastMultiplyGradient.plan(a, s, a.ulike(), a.ulike(), s.ulike(), (d, x) -> null)).isNull();
    }

    private static long[] dropLeading(long[] shape, int n) {
        for (int i = 0; i < n; i++) {
            if (shape[i] != 1) {
                return shape; // only leading ones may be dropped without changing the broadcast
            }
        }
        return Arrays.copyOfRange(shape, n, shape.length);
    }

    private static void assertClose(INDArray actual, INDArray expected, String what) {
        assertThat(actual.shape()).as(what).isEqualTo(expected.shape());
        double scale = Math.max(1.0, expected.amaxNumber().doubleValue());
        double diff = actual.sub(expected).amaxNumber().doubleValue();
        assertThat(diff).as(what + ": max abs difference (values up to " + scale + ")").isLessThanOrEqualTo(1e-5 * scale);
    }
}
