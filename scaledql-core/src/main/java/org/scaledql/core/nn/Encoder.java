package org.scaledql.core.nn;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A convolutional encoder module: owns its weights (created once, in its constructor) and can be applied to
 * any number of inputs in the same graph (for example to {@code s} and {@code s'} for DR3). Build one with
 * {@link Encoders#create}.
 */
public interface Encoder {

    /**
     * Adds the encoder's ops for input {@code x} ({@code [B, C, H, W]}) and returns the feature map
     * {@code [B, C', H', W']}.
     *
     * @param x the input {@code [B, C, H, W]}
     * @return the feature map {@code [B, C', H', W']}
     */
    SDVariable apply(SDVariable x);

    /** {@return the feature map's shape {@code [C', H', W']}} */
    int[] outputShape();
}
