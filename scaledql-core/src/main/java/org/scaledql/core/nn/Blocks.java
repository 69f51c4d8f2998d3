package org.scaledql.core.nn;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.scaledql.core.nn.ParameterFactory.Init;

/**
 * Building blocks that own weights, for writing an {@link Encoder} of your own ({@link EncoderFactory}): each is
 * created once from a {@link ParameterFactory} (which names and initialises its weights deterministically) and can
 * be applied to any number of inputs in the same graph. The built-in encoders ({@link Encoders}) are made of the
 * same blocks. Activations are NCHW; convolution weights are YXIO {@code [kH, kW, Cin, Cout]}.
 */
public final class Blocks {

    private Blocks() {
    }

    /**
     * A convolution's weights (He-normal, YXIO) and optional bias.
     *
     * @param w      the weights {@code [k, k, Cin, Cout]}
     * @param b      the bias {@code [Cout]}, or null for none
     * @param stride stride on both axes
     * @param same   SAME padding (output {@code ceil(in / stride)}) or VALID
     */
    public record Conv(SDVariable w, SDVariable b, int stride, boolean same) {

        /**
         * Checks the weights and stride.
         *
         * @param w      the weights {@code [k, k, Cin, Cout]}
         * @param b      the bias {@code [Cout]}, or null for none
         * @param stride stride on both axes
         * @param same   SAME padding (output {@code ceil(in / stride)}) or VALID
         * @throws NullPointerException     if {@code w} is null
         * @throws IllegalArgumentException if the stride is below 1
         */
        public Conv {
            Objects.requireNonNull(w, "w");
            checkArgument(stride >= 1, "a convolution's stride must be >= 1; got stride=%s", stride);
        }

        /**
         * Creates the weights {@code name/w} (He-normal over the fan-in {@code k * k * cin}) and, if asked, the
         * bias {@code name/b} (zeros).
         *
         * @param params creates the weights
         * @param name   the weights' name prefix, e.g. {@code encoder/conv1}
         * @param kernel the square kernel's size {@code k}
         * @param cin    input channels
         * @param cout   output channels
         * @param stride stride on both axes
         * @param same   SAME padding (output {@code ceil(in / stride)}) or VALID
         * @param bias   whether to add a bias
         * @return the convolution
         * @throws IllegalArgumentException if a size is below 1 or a parameter of that name exists
         */
        public static Conv create(ParameterFactory params, String name, int kernel, int cin, int cout, int stride,
                boolean same, boolean bias) {
            checkArgument(kernel >= 1 && cin >= 1 && cout >= 1,
                    "convolution %s needs kernel, cin and cout >= 1; got kernel=%s, cin=%s, cout=%s", name, kernel,
                    cin, cout);
            SDVariable w = params.create(name + "/w", Init.HE_NORMAL, (long) kernel * kernel * cin, kernel, kernel,
                    cin, cout);
            SDVariable b = bias ? params.create(name + "/b", Init.ZEROS, 0, cout) : null;
            return new Conv(w, b, stride, same);
        }

        /**
         * Adds the convolution to the graph.
         *
         * @param sd the graph
         * @param x  {@code [B, Cin, H, W]}
         * @return {@code [B, Cout, H', W']}
         */
        public SDVariable apply(SameDiff sd, SDVariable x) {
            return Layers.conv2d(sd, x, w, b, stride, same);
        }
    }

    /**
     * A group-norm layer's scale and shift, with the static shape it normalises ({@link Layers#groupNorm}).
     *
     * @param gamma  the scale {@code [C]}
     * @param beta   the shift {@code [C]}
     * @param groups number of groups; divides {@code c}
     * @param c      channels {@code C}
     * @param h      height {@code H} of the input
     * @param w      width {@code W} of the input
     */
    public record GroupNorm(SDVariable gamma, SDVariable beta, int groups, int c, int h, int w) {

        /**
         * Checks the sizes.
         *
         * @param gamma  the scale {@code [C]}
         * @param beta   the shift {@code [C]}
         * @param groups number of groups; divides {@code c}
         * @param c      channels {@code C}
         * @param h      height {@code H} of the input
         * @param w      width {@code W} of the input
         * @throws NullPointerException     if {@code gamma} or {@code beta} is null
         * @throws IllegalArgumentException if a size is below 1 or {@code groups} does not divide {@code c}
         */
        public GroupNorm {
            Objects.requireNonNull(gamma, "gamma");
            Objects.requireNonNull(beta, "beta");
            checkArgument(groups >= 1 && c >= 1 && h >= 1 && w >= 1,
                    "group norm needs groups, c, h, w >= 1; got groups=%s, c=%s, h=%s, w=%s", groups, c, h, w);
            checkArgument(c % groups == 0, "group norm needs channels divisible by groups; got channels=%s, groups=%s",
                    c, groups);
        }

        /**
         * Creates the scale {@code name/gamma} (ones) and shift {@code name/beta} (zeros).
         *
         * @param params creates the weights
         * @param name   the weights' name prefix, e.g. {@code encoder/norm1}
         * @param groups number of groups; must divide {@code c}
         * @param c      channels {@code C}
         * @param h      height {@code H} of the input
         * @param w      width {@code W} of the input
         * @return the layer
         * @throws IllegalArgumentException if a size is invalid or a parameter of that name exists
         */
        public static GroupNorm create(ParameterFactory params, String name, int groups, int c, int h, int w) {
            checkArgument(groups >= 1 && c % groups == 0,
                    "group norm %s needs groups >= 1 dividing the channels; got channels=%s, groups=%s", name, c,
                    groups);
            return new GroupNorm(params.create(name + "/gamma", Init.ONES, 0, c),
                    params.create(name + "/beta", Init.ZEROS, 0, c), groups, c, h, w);
        }

        /**
         * Adds the normalization to the graph.
         *
         * @param sd the graph
         * @param x  {@code [B, C, H, W]} with the sizes given at creation
         * @return {@code [B, C, H, W]}
         */
        public SDVariable apply(SameDiff sd, SDVariable x) {
            return Layers.groupNorm(sd, x, gamma, beta, groups, c, h, w);
        }
    }

    /**
     * IMPALA's residual block (Espeholt et al. 2018), pre-activation and shape-preserving:
     * {@code x + norm2(conv2(relu(norm1(conv1(relu(x))))))} with 3x3 SAME convolutions with bias, the norms
     * present only with group norm.
     *
     * @param conv1 the first convolution
     * @param conv2 the second convolution
     * @param norm1 group norm after {@code conv1}, or null for none
     * @param norm2 group norm after {@code conv2}, or null for none
     */
    public record ResidualBlock(Conv conv1, Conv conv2, GroupNorm norm1, GroupNorm norm2) {

        /**
         * Checks that both convolutions are present and the norms are both present or both absent.
         *
         * @param conv1 the first convolution
         * @param conv2 the second convolution
         * @param norm1 group norm after {@code conv1}, or null for none
         * @param norm2 group norm after {@code conv2}, or null for none
         * @throws NullPointerException     if a convolution is null
         * @throws IllegalArgumentException if exactly one norm is null
         */
        public ResidualBlock {
            Objects.requireNonNull(conv1, "conv1");
            Objects.requireNonNull(conv2, "conv2");
            checkArgument((norm1 == null) == (norm2 == null), "a residual block has both norms or neither");
        }

        /**
         * Creates the weights {@code name/conv1}, {@code name/conv2} and, with {@code groups > 0},
         * {@code name/norm1} and {@code name/norm2}: the names and values of a built-in IMPALA block.
         *
         * @param params   creates the weights
         * @param name     the weights' name prefix, e.g. {@code encoder/section0/block0}
         * @param channels channels in and out
         * @param groups   group-norm groups, or 0 for no group norm
         * @param h        height of the input
         * @param w        width of the input
         * @return the block
         * @throws IllegalArgumentException if a size is invalid or a parameter of that name exists
         */
        public static ResidualBlock create(ParameterFactory params, String name, int channels, int groups, int h,
                int w) {
            checkArgument(groups >= 0, "groups must be >= 0 (0: no group norm); got groups=%s", groups);
            Conv c1 = Conv.create(params, name + "/conv1", 3, channels, channels, 1, true, true);
            Conv c2 = Conv.create(params, name + "/conv2", 3, channels, channels, 1, true, true);
            GroupNorm n1 = groups > 0 ? GroupNorm.create(params, name + "/norm1", groups, channels, h, w) : null;
            GroupNorm n2 = groups > 0 ? GroupNorm.create(params, name + "/norm2", groups, channels, h, w) : null;
            return new ResidualBlock(c1, c2, n1, n2);
        }

        /**
         * Adds the block to the graph.
         *
         * @param sd the graph
         * @param x  {@code [B, C, H, W]}
         * @return {@code [B, C, H, W]}
         */
        public SDVariable apply(SameDiff sd, SDVariable x) {
            SDVariable y = conv1.apply(sd, sd.nn().relu(x, 0));
            if (norm1 != null) {
                y = norm1.apply(sd, y);
            }
            y = conv2.apply(sd, sd.nn().relu(y, 0));
            if (norm2 != null) {
                y = norm2.apply(sd, y);
            }
            return x.add(y);
        }
    }
}
