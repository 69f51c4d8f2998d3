package org.scaledql.core.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * libnd4j's {@code conv2d_bp} split into its two halves for the shapes where oneDNN would run it through its
 * Winograd kernels: the input gradient as a transposed convolution ({@code deconv2d}, a forward kernel) and the
 * weight and bias gradients as {@link ConvWeightGradient} computes them. Used by {@link CompiledGraph}.
 *
 * <p>Why: libnd4j asks oneDNN (v2.3 in ND4J 1.0.0-M2.1) for its convolution backward with
 * {@code algorithm::convolution_auto}, and on a processor with AVX-512 oneDNN then picks
 * {@code jit_wino_4x3:avx512_core} for both backward passes of a 3x3 stride-1 convolution with many channels
 * (seen with {@code DNNL_VERBOSE=1}). On the small maps of a ResNet's last stages that is 10-30x slower than the
 * forward pass: {@code [32, 256, 6, 6]} with 256 outputs 175 ms against 8 ms forward, {@code [32, 512, 3, 3]}
 * with 512 outputs 300-400 ms against 11-17 ms (2-core AMD EPYC with AVX-512, batch 32). The transposed
 * convolution and the weight-gradient kernel run oneDNN's direct kernels: 8 + 31 ms and 7 + 30 ms on those
 * shapes. On shapes oneDNN does not send to Winograd the split costs about 1.2-1.5x {@code conv2d_bp} (the
 * weight-gradient kernel also computes a forward convolution it does not need), so it is used only where
 * Winograd is expected: see {@link #winogradExpected}.
 *
 * <p>Determinism: which path runs depends only on the op's shapes and the processor's flags, never on timing,
 * so a run and its resumption compute the same values.
 */
final class ConvInputGradient {

    /** Input channels from which oneDNN's Winograd backward was seen (208 at batch 32, 240 at batch 8). */
    static final long MIN_INPUT_CHANNELS = 192;
    /** Output channels from which it was seen (256 inputs: 128 outputs slow, 64 not). */
    static final long MIN_OUTPUT_CHANNELS = 128;

    private static final boolean AVX512_CORE = hasAvx512Core(Path.of("/proc/cpuinfo"));

    private ConvInputGradient() {
    }

    /**
     * Whether oneDNN is expected to run this {@code conv2d_bp} through its Winograd kernels: a 3x3, stride-1,
     * undilated NCHW convolution with at least {@link #MIN_INPUT_CHANNELS} inputs and
     * {@link #MIN_OUTPUT_CHANNELS} outputs, on a processor with AVX-512 (oneDNN's Winograd kernels need
     * {@code avx512_core}). The channel thresholds were measured on a 2-core AMD EPYC (docs/performance.md).
     *
     * @param iArgs the op's integer arguments: kH, kW, sH, sW, pH, pW, dH, dW, paddingMode[, NHWC[, wFormat]]
     * @param args  inputs: x, weights, [bias], output gradient
     */
    static boolean winogradExpected(long[] iArgs, INDArray[] args) {
        return AVX512_CORE && shapeExpectsWinograd(iArgs, args);
    }

    /** {@link #winogradExpected} without the processor check (for tests on any machine). */
    static boolean shapeExpectsWinograd(long[] iArgs, INDArray[] args) {
        if (iArgs == null || iArgs.length < 9 || (args.length != 3 && args.length != 4) || args[0].rank() != 4) {
            return false;
        }
        boolean nchw = iArgs.length < 10 || iArgs[9] == 0;
        boolean yxio = iArgs.length < 11 || iArgs[10] == 0;
        return nchw && yxio && iArgs[0] == 3 && iArgs[1] == 3 && iArgs[2] == 1 && iArgs[3] == 1 && iArgs[6] == 1
                && iArgs[7] == 1 && args[0].size(1) >= MIN_INPUT_CHANNELS && args[1].size(3) >= MIN_OUTPUT_CHANNELS;
    }

    /**
     * The calls computing all of {@code conv2d_bp}'s outputs without {@code conv2d_bp}, or null where the plain
     * op should run (strides other than 1, dilation, NHWC, other weight layouts, causal or asymmetric padding,
     * mixed types).
     *
     * @param iArgs   the op's integer arguments: kH, kW, sH, sW, pH, pW, dH, dW, paddingMode[, NHWC[, wFormat]]
     * @param args    inputs: x {@code [B, C, H, W]}, weights {@code [kH, kW, C, O]}, [bias {@code [O]}], output
     *                gradient {@code [B, O, oH, oW]}
     * @param gradI   output: input gradient, the shape of x
     * @param gradW   output: weight gradient
     * @param gradB   output: bias gradient, or null without bias
     * @param scratch gives a temporary array of a type and shape, shared between ops (used within one op only)
     */
    static List<NativeCall> plan(long[] iArgs, INDArray[] args, INDArray gradI, INDArray gradW, INDArray gradB,
            BiFunction<DataType, long[], INDArray> scratch) {
        if (iArgs == null || iArgs.length < 9 || (args.length != 3 && args.length != 4)) {
            return null;
        }
        INDArray x = args[0];
        INDArray w = args[1];
        INDArray gO = args[args.length - 1];
        if (iArgs[2] != 1 || iArgs[3] != 1 || x.rank() != 4 || gradI.dataType() != gO.dataType()) {
            return null;
        }
        long kH = iArgs[0];
        long kW = iArgs[1];
        long[] padH = ConvWeightGradient.padding(iArgs[8], iArgs[4], x.size(2), gO.size(2), kH, 1);
        long[] padW = ConvWeightGradient.padding(iArgs[8], iArgs[5], x.size(3), gO.size(3), kW, 1);
        // With stride 1 the transposed convolution with the same (symmetric) padding gives exactly x's shape.
        if (padH == null || padW == null || padH[0] != padH[1] || padW[0] != padW[1]) {
            return null;
        }
        List<NativeCall> weightCalls = ConvWeightGradient.plan(iArgs, args, gradW, gradB, scratch);
        if (weightCalls == null) {
            return null;
        }
        List<NativeCall> calls = new ArrayList<>();
        // deconv2d's weights [kH, kW, oC, iC] are the convolution's [kH, kW, C, O]: it maps O channels back to C.
        NativeCall deconv = NativeCall.of("deconv2d", new INDArray[] {gO, w}, gradI);
        deconv.context().setIArguments(kH, kW, 1, 1, padH[0], padW[0], 1, 1, 0, 0, 0);
        calls.add(deconv);
        calls.addAll(weightCalls);
        return calls;
    }

    /** Whether {@code cpuinfo}'s flags name the AVX-512 subsets oneDNN calls {@code avx512_core}; false if unreadable. */
    static boolean hasAvx512Core(Path cpuinfo) {
        try {
            for (String line : Files.readAllLines(cpuinfo)) {
                if (line.startsWith("flags")) {
                    Set<String> flags = Set.of(line.substring(line.indexOf(':') + 1).trim().split("\\s+"));
                    return flags.containsAll(Set.of("avx512f", "avx512bw", "avx512vl", "avx512dq"));
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }
}
