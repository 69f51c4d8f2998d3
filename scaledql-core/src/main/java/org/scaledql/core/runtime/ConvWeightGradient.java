package org.scaledql.core.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A faster equivalent of libnd4j's {@code conv2d_bp} for a convolution whose input gradient nobody reads (the
 * first layer, whose input is the observations), used by {@link CompiledGraph} in place of that op.
 *
 * <p>Why: {@code conv2d_bp} always computes the input gradient, and on the first layer of an 84x84 network
 * (4 input channels) that is most of its cost: the backward pass takes 5-11x the forward pass (Nature's 8x8
 * stride-4 layer 17.6 ms against 3.3 ms forward; IMPALA's 3x3 layer 59.6 against 5.3 ms; ResNet's 7x7 stride-2
 * stem 86 against 18.6 ms; batch 32, one thread). PyTorch skips that gradient (autograd's output mask).
 *
 * <p>How: the weight gradient of a convolution is the weight gradient of the transposed convolution that maps
 * the convolution's output gradient back to its input, so libnd4j's {@code deconv2d_bp}, given the output
 * gradient as input and the (padded) observations as output gradient, computes it; the only other thing it
 * computes is a forward convolution (its own input gradient), which is cheap. SAME padding is applied to the
 * input first (libnd4j's convention: the odd row or column at the end), so the transposed convolution is VALID.
 * Measured on the three first layers above: 9.8-11.4, 21.6 and 54.7 ms, with weight gradients equal to
 * {@code conv2d_bp}'s up to summation order. The bias gradient is a {@code reduce_sum} of the output gradient.
 */
final class ConvWeightGradient {

    private ConvWeightGradient() {
    }

    /**
     * The calls that compute {@code conv2d_bp}'s weight and bias gradients without its input gradient, or null
     * where the plain op should run (dilation, NHWC, other weight layouts, causal padding, mixed types, or
     * shapes the transposed convolution cannot reproduce exactly).
     *
     * @param iArgs   the op's integer arguments: kH, kW, sH, sW, pH, pW, dH, dW, paddingMode[, NHWC[, wFormat]]
     * @param args    inputs: x {@code [B, C, H, W]}, weights {@code [kH, kW, C, O]}, [bias {@code [O]}], output
     *                gradient {@code [B, O, oH, oW]}
     * @param gradW   output: weight gradient
     * @param gradB   output: bias gradient, or null without bias
     * @param scratch gives a temporary array of a type and shape, shared between ops (used within one op only)
     */
    static List<NativeCall> plan(long[] iArgs, INDArray[] args, INDArray gradW, INDArray gradB,
            BiFunction<DataType, long[], INDArray> scratch) {
        if (iArgs == null || iArgs.length < 9 || (args.length != 3 && args.length != 4)) {
            return null;
        }
        long kH = iArgs[0];
        long kW = iArgs[1];
        long sH = iArgs[2];
        long sW = iArgs[3];
        boolean nchw = iArgs.length < 10 || iArgs[9] == 0;
        long wFormat = iArgs.length < 11 ? 0 : iArgs[10];
        long mode = iArgs[8]; // 0 VALID (explicit pH, pW), 1 SAME, 2 causal
        INDArray x = args[0];
        INDArray w = args[1];
        INDArray gO = args[args.length - 1];
        DataType dt = gO.dataType();
        if (!nchw || wFormat != 0 || iArgs[6] != 1 || iArgs[7] != 1 || mode > 1 || x.rank() != 4
                || x.dataType() != dt || w.dataType() != dt || gradW.dataType() != dt
                || (gradB != null && gradB.dataType() != dt)) {
            return null;
        }
        long[] padH = padding(mode, iArgs[4], x.size(2), gO.size(2), kH, sH);
        long[] padW = padding(mode, iArgs[5], x.size(3), gO.size(3), kW, sW);
        if (padH == null || padW == null) {
            return null;
        }
        List<NativeCall> calls = new ArrayList<>();
        INDArray input = x;
        if (padH[0] + padH[1] + padW[0] + padW[1] > 0) {
            input = scratch.apply(dt, new long[] {x.size(0), x.size(1), x.size(2) + padH[0] + padH[1],
                    x.size(3) + padW[0] + padW[1]});
            INDArray paddings = Nd4j.createFromArray(
                    new int[][] {{0, 0}, {0, 0}, {(int) padH[0], (int) padH[1]}, {(int) padW[0], (int) padW[1]}});
            NativeCall pad = NativeCall.of("pad", new INDArray[] {x, paddings}, input);
            pad.context().setIArguments(0); // constant mode
            pad.context().setTArguments(0.0);
            calls.add(pad);
        }
        NativeCall deconv = NativeCall.of("deconv2d_bp", new INDArray[] {gO, w, input}, scratch.apply(dt, gO.shape()),
                gradW);
        deconv.context().setIArguments(kH, kW, sH, sW, 0, 0, 1, 1, 0, 0, 0);
        calls.add(deconv);
        if (gradB != null) {
            calls.add(NativeCall.sum(gO, gradB, false, 0, 2, 3));
        }
        return calls;
    }

    /**
     * {@code {before, after}} padding of one axis such that a VALID window of {@code k} with stride {@code s}
     * gives exactly {@code out} positions and uses every padded row; null if no such padding matches the op.
     */
    static long[] padding(long mode, long explicit, long in, long out, long k, long s) {
        long before;
        long after;
        if (mode == 1) { // SAME, as libnd4j pads: half before, the rest (the odd one) after
            long total = Math.max((out - 1) * s + k - in, 0);
            before = total / 2;
            after = total - before;
        } else {
            before = explicit;
            after = explicit;
        }
        return in + before + after == (out - 1) * s + k ? new long[] {before, after} : null;
    }
}
