package org.scaledql.api.nn;

/**
 * Configuration of a convolutional encoder mapping observations {@code [B, C, H, W]} to a feature map
 * {@code [B, C', H', W']}. One record per encoder family; each validates itself when constructed, and
 * {@link #outputShape(int[])} validates that the encoder fits a given input.
 */
public sealed interface EncoderConfig permits NatureCnnConfig, ImpalaConfig, ResNetConfig {

    /**
     * {@return the feature-map shape {@code [C', H', W']} this encoder produces for an input of shape {@code [C, H,
     * W]}}
     *
     * @param inputShape {@code [C, H, W]} of the input
     * @throws IllegalArgumentException if the input is too small for this encoder
     */
    int[] outputShape(int[] inputShape);

    /** {@return a short human-readable name such as {@code resnet-34} or {@code impala-x2}} */
    String displayName();

    /**
     * Output size of a convolution or pooling along one axis, with SAME (ceil) or VALID padding.
     *
     * @param in     input size along the axis
     * @param kernel kernel size
     * @param stride stride
     * @param same   SAME (true) or VALID (false) padding
     * @return the output size along the axis
     */
    static int convOut(int in, int kernel, int stride, boolean same) {
        return same ? (in + stride - 1) / stride : (in - kernel) / stride + 1;
    }
}
