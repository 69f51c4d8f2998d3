package org.scaledql.api.nn;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The Nature DQN convolutional encoder (Mnih et al. 2015): conv 32 8x8 stride 4, conv 64 4x4 stride 2,
 * conv 64 3x3 stride 1, each with VALID padding and ReLU. Needs inputs of at least 36x36 (84x84 gives a
 * {@code [64, 7, 7]} feature map).
 *
 * @param widthMultiplier multiplies every layer's channel count (default 1)
 */
public record NatureCnnConfig(int widthMultiplier) implements EncoderConfig {

    /**
     * Validates the width.
     *
     * @param widthMultiplier multiplies every layer's channel count (default 1)
     */
    public NatureCnnConfig {
        checkArgument(widthMultiplier >= 1, "Nature CNN needs widthMultiplier >= 1; got %s", widthMultiplier);
    }

    /** {@return the original network} */
    public static NatureCnnConfig defaults() {
        return new NatureCnnConfig(1);
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        int h = inputShape[1];
        int w = inputShape[2];
        checkArgument(h >= 36 && w >= 36,
                "Nature CNN needs inputs of at least 36x36 (VALID 8x8/4, 4x4/2, 3x3/1 convolutions); got %sx%s. "
                        + "Use the IMPALA or ResNet encoder for small inputs", h, w);
        for (int[] ks : new int[][] {{8, 4}, {4, 2}, {3, 1}}) {
            h = EncoderConfig.convOut(h, ks[0], ks[1], false);
            w = EncoderConfig.convOut(w, ks[0], ks[1], false);
        }
        return new int[] {64 * widthMultiplier, h, w};
    }

    @Override
    public String displayName() {
        return widthMultiplier == 1 ? "nature" : "nature-x" + widthMultiplier;
    }
}
