package org.scaledql.core.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A faster equivalent of libnd4j's {@code multiply_bp} when its operands have different shapes (one is
 * broadcast), used by {@link CompiledGraph} in place of that op.
 *
 * <p>Why: libnd4j M2.1 reduces a broadcast operand's gradient through a generic per-element path that is
 * 10-30x slower than its own pairwise and reduction kernels. One {@code multiply_bp} of {@code [32, 64, 1764]}
 * by {@code [32, 64, 1]} (a group norm's scale at 42x42) takes 87-97 ms; the same gradients computed as a
 * broadcasting {@code multiply} and a {@code reduce_sum} along the broadcast axes take 3.3-5.3 ms with
 * identical values (docs/performance.md). Group norm, the spatial embedding and the per-game head selection
 * all multiply by broadcast operands, so this is most of the backward pass of a small network.
 *
 * <p>For {@code z = x * y} with gradient {@code g} of {@code z}: {@code dx = reduce(g * y)} over the axes along
 * which {@code x} was broadcast (no reduction where {@code x} already has {@code z}'s shape), and likewise
 * {@code dy = reduce(g * x)}. Broadcasting is numpy's (shapes aligned on the right).
 */
final class BroadcastMultiplyGradient {

    private BroadcastMultiplyGradient() {
    }

    /**
     * The calls that compute {@code multiply_bp}'s outputs, or null where the plain op should run (operands of the
     * same shape, scalars, mixed types, or outputs that are not plain contiguous arrays).
     *
     * @param x       first operand
     * @param y       second operand
     * @param g       gradient of the product, of the broadcast shape
     * @param dx      output: gradient of {@code x}
     * @param dy      output: gradient of {@code y}
     * @param scratch gives a temporary array of a type and shape, shared between ops (used within one op only)
     */
    static List<NativeCall> plan(INDArray x, INDArray y, INDArray g, INDArray dx, INDArray dy,
            BiFunction<DataType, long[], INDArray> scratch) {
        if (Arrays.equals(x.shape(), y.shape()) || x.rank() == 0 || y.rank() == 0
                || x.dataType() != g.dataType() || y.dataType() != g.dataType()
                || dx.dataType() != g.dataType() || dy.dataType() != g.dataType()) {
            return null;
        }
        List<NativeCall> calls = new ArrayList<>();
        if (!addOperandGradient(calls, g, y, dx, scratch) || !addOperandGradient(calls, g, x, dy, scratch)) {
            return null;
        }
        return calls;
    }

    /** {@code out = reduce(g * other)} to {@code out}'s shape; false if {@code out} cannot take the result. */
    private static boolean addOperandGradient(List<NativeCall> calls, INDArray g, INDArray other, INDArray out,
            BiFunction<DataType, long[], INDArray> scratch) {
        long[] full = g.shape();
        long[] own = out.shape();
        if (Arrays.equals(own, full)) {
            calls.add(NativeCall.of("multiply", new INDArray[] {g, other}, out));
            return true;
        }
        if (own.length > full.length || !out.isR() || out.isView() || out.ordering() != 'c') {
            return false;
        }
        int offset = full.length - own.length;
        long[] kept = new long[full.length];
        List<Integer> axes = new ArrayList<>();
        for (int i = 0; i < full.length; i++) {
            long size = i < offset ? 1 : own[i - offset];
            if (size != full[i]) {
                if (size != 1) {
                    return false; // not a broadcast of out's shape
                }
                axes.add(i);
            }
            kept[i] = size;
        }
        INDArray target = Arrays.equals(kept, own) ? out : out.reshape('c', kept);
        if (!CompiledGraph.sharesBuffer(target, out)) {
            return false;
        }
        if (axes.isEmpty()) { // out only lacks leading unit axes
            calls.add(NativeCall.of("multiply", new INDArray[] {g, other}, target));
            return true;
        }
        INDArray product = scratch.apply(g.dataType(), full);
        calls.add(NativeCall.of("multiply", new INDArray[] {g, other}, product));
        calls.add(NativeCall.sum(product, target, true, axes.stream().mapToLong(Integer::longValue).toArray()));
        return true;
    }
}
