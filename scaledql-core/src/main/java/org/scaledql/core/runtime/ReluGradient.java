package org.scaledql.core.runtime;

import java.util.List;
import java.util.function.BiFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.Step;

/**
 * A faster equivalent of libnd4j's {@code thresholdedrelu_bp} (the backward pass of SameDiff's {@code relu}):
 * {@code gradI = gradO * (x > cutoff)} as the vectorised legacy {@code step} op into a mask and a {@code multiply}.
 * Used by {@link CompiledGraph} in place of that op.
 *
 * <p>Why: libnd4j's {@code thresholdedrelu_bp} runs a per-element lambda: 37.5 ms on {@code [32, 64, 42, 42]}
 * (a ResNet stem's activations) on one thread, where the two vectorised passes take 2.6 ms (9.7 against 0.5 ms
 * on {@code [32, 64, 21, 21]}; 2-core AMD EPYC). It was 10% of the testbed and IMPALA steps. The values are the
 * same for finite gradients: each is {@code gradO} or zero (a zero from {@code multiply} carries {@code gradO}'s
 * sign, which no later sum or product can tell apart). An infinite or NaN {@code gradO} at an inactive unit gives
 * NaN here where libnd4j gives 0; such a step's loss or gradient norm is non-finite anyway, which the training
 * step's {@code NonFinitePolicy} handles.
 */
final class ReluGradient {

    private ReluGradient() {
    }

    /**
     * The calls computing {@code thresholdedrelu_bp}, or null where the plain op should run (mixed types or shapes,
     * a cutoff that is not a float value; SameDiff's {@code relu} uses 0).
     *
     * @param args    inputs: x (the relu's input) and the output gradient, same shape and type
     * @param tArgs   the op's floating-point arguments: the cutoff (0 if none)
     * @param gradI   output: the input gradient
     * @param scratch gives a temporary array of a type and shape, shared between ops (used within one op only)
     */
    static List<NativeCall> plan(INDArray[] args, double[] tArgs, INDArray gradI,
            BiFunction<DataType, long[], INDArray> scratch) {
        if (args.length != 2) {
            return null;
        }
        INDArray x = args[0];
        INDArray gO = args[1];
        DataType dt = gO.dataType();
        if (x.dataType() != dt || gradI.dataType() != dt || !dt.isFPType() || !java.util.Arrays.equals(x.shape(), gO.shape())
                || !java.util.Arrays.equals(gradI.shape(), gO.shape())) {
            return null;
        }
        double cutoff = tArgs == null || tArgs.length == 0 ? 0.0 : tArgs[0];
        if ((float) cutoff != cutoff) {
            return null; // libnd4j compares in double precision, the step op in float: they could differ at the cutoff
        }
        INDArray mask = scratch.apply(dt, x.shape());
        return List.of(NativeCall.legacy(new Step(x, mask, cutoff), x, mask),
                NativeCall.of("multiply", new INDArray[] {gO, mask}, gradI));
    }
}
