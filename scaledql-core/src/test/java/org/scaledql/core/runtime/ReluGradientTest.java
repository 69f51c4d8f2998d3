package org.scaledql.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/** {@link ReluGradient} against libnd4j's own {@code thresholdedrelu_bp}. */
class ReluGradientTest {

    /**
     * On random shapes, cutoffs and values (a quarter of them exactly at the cutoff), every value equals
     * libnd4j's bit for bit, except that a zero may carry the output gradient's sign.
     */
    @Test
    void equalsThresholdedReluBpValueForValue() {
        for (long seed = 0; seed < 40; seed++) {
            Random r = new Random(seed);
            long[] shape = {1 + r.nextInt(4), 1 + r.nextInt(8), 1 + r.nextInt(9), 1 + r.nextInt(9)};
            double cutoff = r.nextBoolean() ? 0.0 : (float) r.nextGaussian();
            Nd4j.getRandom().setSeed(seed);
            INDArray x = Nd4j.randn(DataType.FLOAT, shape);
            for (long i = 0; i < x.length(); i += 4) {
                x.putScalar(i, cutoff);
            }
            INDArray gO = Nd4j.randn(DataType.FLOAT, shape);
            INDArray expected = x.ulike();
            Nd4j.exec(DynamicCustomOp.builder("thresholdedrelu_bp").addInputs(x, gO).addOutputs(expected)
                    .addFloatingPointArguments(cutoff).build());
            INDArray actual = Nd4j.createUninitialized(DataType.FLOAT, shape);
            Map<String, INDArray> scratch = new HashMap<>();
            ReluGradient.plan(new INDArray[] {x, gO}, new double[] {cutoff}, actual,
                    (dt, s) -> scratch.computeIfAbsent(dt + Arrays.toString(s), k -> Nd4j.createUninitialized(dt, s)))
                    .forEach(NativeCall::run);
            float[] e = expected.data().asFloat();
            float[] a = actual.data().asFloat();
            for (int i = 0; i < e.length; i++) {
                boolean same = Float.floatToRawIntBits(e[i]) == Float.floatToRawIntBits(a[i]) || (e[i] == 0f && a[i] == 0f);
                assertThat(same).as("seed %d, shape %s, cutoff %s, index %d: x %s, gradO %s, expected %s, got %s", seed,
                        Arrays.toString(shape), cutoff, i, x.getFloat(i), gO.getFloat(i), e[i], a[i]).isTrue();
            }
        }
    }

    @Test
    void leavesMixedTypesAndDoubleCutoffsToLibnd4j() {
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3);
        INDArray gO = Nd4j.rand(DataType.FLOAT, 2, 3);
        assertThat(ReluGradient.plan(new INDArray[] {x, gO}, new double[] {0}, gO.ulike(), (d, s) -> null)).isNull();
        INDArray y = Nd4j.rand(DataType.FLOAT, 2, 3);
        assertThat(ReluGradient.plan(new INDArray[] {y, gO}, new double[] {0.1}, gO.ulike(), (d, s) -> null))
                .as("0.1 is not a float value").isNull();
    }
}
