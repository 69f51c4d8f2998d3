package org.scaledql.core.nn;

import static com.google.common.base.Preconditions.checkArgument;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;

/**
 * Stateless building blocks: each adds ops to a graph given its inputs and weights. Modules
 * ({@link Encoder}, {@link MultiGameHead}) own weights and call these. Activations are NCHW; convolution
 * weights are YXIO {@code [kH, kW, Cin, Cout]} (SameDiff M2.1's OIYX backprop is broken).
 */
public final class Layers {

    /** Group-norm epsilon added to the variance, as in PyTorch's {@code nn.GroupNorm}. */
    public static final double GROUP_NORM_EPS = 1e-5;

    /** Epsilon added to the squared norm in feature normalization, so an all-zero vector maps to zero. */
    public static final double FEATURE_NORM_EPS = 1e-6;

    private Layers() {
    }

    /**
     * 2-D convolution.
     *
     * @param sd     the graph
     * @param x      {@code [B, Cin, H, W]}
     * @param w      {@code [k, k, Cin, Cout]}
     * @param b      {@code [Cout]} or null for no bias
     * @param stride stride on both axes
     * @param same   SAME padding (output {@code ceil(in / stride)}) or VALID
     * @return {@code [B, Cout, H', W']}
     */
    public static SDVariable conv2d(SameDiff sd, SDVariable x, SDVariable w, SDVariable b, int stride, boolean same) {
        long k = w.getShape()[0];
        Conv2DConfig c = Conv2DConfig.builder().kH(k).kW(k).sH(stride).sW(stride)
                .paddingMode(same ? PaddingMode.SAME : PaddingMode.VALID)
                .dataFormat("NCHW").weightsFormat(WeightsFormat.YXIO).build();
        return b == null ? sd.cnn().conv2d(x, w, c) : sd.cnn().conv2d(x, w, b, c);
    }

    /**
     * Max-pooling with a square window and SAME padding, NCHW.
     *
     * @param sd     the graph
     * @param x      {@code [B, C, H, W]}
     * @param kernel window size
     * @param stride stride on both axes
     * @return the pooled map
     */
    public static SDVariable maxPool(SameDiff sd, SDVariable x, int kernel, int stride) {
        Pooling2DConfig c = Pooling2DConfig.builder().kH(kernel).kW(kernel).sH(stride).sW(stride)
                .paddingMode(PaddingMode.SAME).type(Pooling2D.Pooling2DType.MAX).isNHWC(false).build();
        return sd.cnn().maxPooling2d(x, c);
    }

    /**
     * Group normalization (Wu and He 2018): the channels are split into {@code groups} groups, each sample's
     * group is standardised over its channels and positions with the biased variance plus
     * {@link #GROUP_NORM_EPS}, then every channel is scaled and shifted. SameDiff has no group-norm op, so
     * this is composed from reshapes and reductions.
     *
     * @param sd     the graph
     * @param x      {@code [B, C, H, W]} with {@code C, H, W} as given
     * @param gamma  {@code [C]} scale
     * @param beta   {@code [C]} shift
     * @param groups number of groups; must divide {@code c}
     * @param c      {@code C}
     * @param h      {@code H}
     * @param w      {@code W}
     * @return {@code [B, C, H, W]}
     */
    public static SDVariable groupNorm(SameDiff sd, SDVariable x, SDVariable gamma, SDVariable beta,
            int groups, long c, long h, long w) {
        checkArgument(c % groups == 0, "group norm needs channels divisible by groups; got channels=%s, groups=%s",
                c, groups);
        // (x - mean) * rsqrt(var + eps) * gamma + beta, arranged for libnd4j's fast paths (docs/performance.md):
        // rsqrt and gamma are folded into one small [B, C] scale first, so the one big broadcast multiply
        // broadcasts along the last (contiguous) axis and its backward reduces along it; the shift is a bias-add,
        // whose backward is one fused op. 7-15% off a testbed training step.
        long perGroup = c / groups;
        SDVariable grouped = x.reshape(-1, groups, perGroup * h * w);
        SDVariable mean = grouped.mean(true, 2);
        SDVariable centred = grouped.sub(mean);
        SDVariable variance = centred.mul(centred).mean(true, 2);
        SDVariable inverseStd = sd.math().rsqrt(variance.add(GROUP_NORM_EPS)); // [B, G, 1]
        SDVariable scale = inverseStd.mul(gamma.reshape(1, groups, perGroup)).reshape(-1, c, 1); // [B, C, 1]
        SDVariable scaled = centred.reshape(-1, c, h * w).mul(scale).reshape(-1, c, h, w);
        return sd.nn().biasAdd(scaled, beta, true);
    }

    /**
     * Learned spatial embedding (Scaled QL Section 4): {@code out[b, c] = sum_{h,w} x[b, c, h, w] * e[c, h, w]}.
     *
     * @param sd        the graph
     * @param x         {@code [B, C, H, W]}
     * @param embedding {@code [C, H, W]}
     * @return {@code [B, C]}
     */
    public static SDVariable spatialEmbedding(SameDiff sd, SDVariable x, SDVariable embedding) {
        return x.mul(embedding).sum(2, 3);
    }

    /**
     * Feature normalization: {@code x / sqrt(sum(x^2) + eps)} per row, giving unit L2 norm (Scaled QL Section
     * 4, "features have an l2 norm of 1 by construction").
     *
     * @param sd the graph
     * @param x {@code [B, D]}
     * @return {@code [B, D]} rows of unit norm
     */
    public static SDVariable l2Normalize(SameDiff sd, SDVariable x) {
        SDVariable squaredNorm = x.mul(x).sum(true, 1);
        return x.mul(sd.math().rsqrt(squaredNorm.add(FEATURE_NORM_EPS)));
    }

    /**
     * Dense layer {@code x w + b}: {@code [B, In] -> [B, Out]}.
     *
     * @param sd the graph
     * @param x  {@code [B, In]}
     * @param w  {@code [In, Out]}
     * @param b  {@code [Out]}
     * @return {@code [B, Out]}
     */
    public static SDVariable dense(SameDiff sd, SDVariable x, SDVariable w, SDVariable b) {
        return x.mmul(w).add(b);
    }

    /**
     * Picks each sample's own game from outputs computed for all games.
     *
     * @param sd          the graph
     * @param all         {@code [B, G * K]}: for each game, K outputs
     * @param taskOneHot  {@code [B, G]} one-hot game of each sample
     * @param games       {@code G}
     * @param k           {@code K}
     * @return {@code [B, K]}
     */
    public static SDVariable selectTask(SameDiff sd, SDVariable all, SDVariable taskOneHot, int games, int k) {
        if (games == 1) {
            return all;
        }
        return all.reshape(-1, games, k).mul(taskOneHot.reshape(-1, games, 1)).sum(1);
    }
}
