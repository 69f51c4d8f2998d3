package org.scaledql.core.nn;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A convolutional encoder module: owns its weights (created once, in its constructor) and can be applied to
 * any number of inputs in the same graph (for example to {@code s} and {@code s'} for DR3). Build a built-in one
 * with {@link Encoders#create}, or write your own with an {@link EncoderFactory} (from {@link Blocks} and
 * {@link #of}).
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

    /**
     * {@return an encoder that applies {@code apply} and reports {@code outputShape}} The function must only add
     * ops over weights created beforehand (it is called once per application, e.g. for {@code s} and {@code s'}).
     *
     * @param apply       adds the ops: {@code [B, C, H, W]} to {@code [B, C', H', W']}
     * @param outputShape {@code [C', H', W']}, the static shape of what {@code apply} returns
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code outputShape} is not three entries {@code >= 1}
     */
    static Encoder of(UnaryOperator<SDVariable> apply, int... outputShape) {
        Objects.requireNonNull(apply, "apply");
        Objects.requireNonNull(outputShape, "outputShape");
        checkArgument(outputShape.length == 3 && Arrays.stream(outputShape).allMatch(d -> d >= 1),
                "an encoder's outputShape must be [C', H', W'] with entries >= 1; got %s", Arrays.toString(outputShape));
        int[] shape = outputShape.clone();
        return new Encoder() {
            @Override
            public SDVariable apply(SDVariable x) {
                return apply.apply(x);
            }

            @Override
            public int[] outputShape() {
                return shape.clone();
            }
        };
    }
}
