package org.scaledql.api.nn;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;
import java.util.List;

/**
 * A ResNet encoder (He et al. 2016) with group normalization (Wu and He 2018) in place of batch
 * normalization, as the Scaled QL paper modifies it (Section 4). Depths 18 and 34 use basic blocks (two 3x3
 * convolutions), 50, 101 and 152 bottleneck blocks (1x1, 3x3, 1x1 with expansion 4). Stage widths are
 * {@code 64, 128, 256, 512} times {@code width}; stages 2-4 halve the spatial size (SAME padding, so 84x84 and
 * 10x10 inputs both work down to 1x1).
 *
 * @param depth          18, 34, 50, 101 or 152
 * @param width          multiplies every channel count (e.g. 0.25 for small testbeds; default 1)
 * @param groupNormGroups groups of every group-norm layer; must divide every channel count (default 8: the
 *                       paper does not state it; Wu and He use 32, and 8 keeps widths down to 0.125x valid)
 * @param stem           how the input is first processed; see {@link Stem}
 */
public record ResNetConfig(int depth, double width, int groupNormGroups, Stem stem) implements EncoderConfig {

    /** The first layers before the residual stages. */
    public enum Stem {
        /** ImageNet stem: conv 7x7 stride 2 with group norm and ReLU, then max-pool 3x3 stride 2 (for 84x84). */
        IMAGENET,
        /** Small-input stem: conv 3x3 stride 1 with group norm and ReLU, no pooling (for 10x10 grids). */
        SMALL
    }

    /** Depths with a standard block layout. */
    public static final List<Integer> DEPTHS = List.of(18, 34, 50, 101, 152);

    /**
     * Validates depth, width, groups and that the groups divide every channel count.
     *
     * @param depth           18, 34, 50, 101 or 152
     * @param width           multiplies every channel count (e.g. 0.25 for small testbeds; default 1)
     * @param groupNormGroups groups of every group-norm layer; must divide every channel count (default 8: the paper
     *                        does not state it; Wu and He use 32, and 8 keeps widths down to 0.125x valid)
     * @param stem            how the input is first processed; see {@link Stem}
     */
    public ResNetConfig {
        checkArgument(DEPTHS.contains(depth), "ResNet depth must be one of %s; got depth=%s", DEPTHS, depth);
        checkArgument(width > 0 && Double.isFinite(width), "ResNet width must be > 0; got width=%s", width);
        checkArgument(groupNormGroups >= 1, "ResNet needs groupNormGroups >= 1; got %s", groupNormGroups);
        checkArgument(stem != null, "ResNet stem must not be null");
        int stemChannels = scaled(64, width);
        checkArgument(stemChannels % groupNormGroups == 0,
                "ResNet group norm needs channels divisible by groupNormGroups; the stem has %s channels "
                        + "(64 x width %s) and groupNormGroups=%s", stemChannels, width, groupNormGroups);
        for (int s = 0; s < 4; s++) {
            int mid = scaled(64 << s, width);
            checkArgument(mid >= 1, "ResNet width %s leaves stage %s with no channels", (Object) width, s + 1);
            checkArgument(mid % groupNormGroups == 0,
                    "ResNet group norm needs channels divisible by groupNormGroups; stage %s has %s channels "
                            + "(%s x width %s) and groupNormGroups=%s", s + 1, mid, 64 << s, width, groupNormGroups);
        }
    }

    /**
     * {@return a ResNet of the given depth with width 1, 8 groups and the ImageNet stem (for 84x84 inputs)}
     *
     * @param depth 18, 34, 50, 101 or 152
     */
    public static ResNetConfig depth(int depth) {
        return new ResNetConfig(depth, 1.0, 8, Stem.IMAGENET);
    }

    /**
     * {@return this config with another width}
     *
     * @param newWidth multiplies every channel count (e.g. 0.25 for small testbeds; default 1)
     */
    public ResNetConfig withWidth(double newWidth) {
        return new ResNetConfig(depth, newWidth, groupNormGroups, stem);
    }

    /**
     * {@return this config with another group count}
     *
     * @param groups groups per group norm
     */
    public ResNetConfig withGroupNormGroups(int groups) {
        return new ResNetConfig(depth, width, groups, stem);
    }

    /**
     * {@return this config with another stem}
     *
     * @param newStem how the input is first processed; see {@link Stem}
     */
    public ResNetConfig withStem(Stem newStem) {
        return new ResNetConfig(depth, width, groupNormGroups, newStem);
    }

    /** {@return whether blocks are bottlenecks (depth 50 and more)} */
    public boolean bottleneck() {
        return depth >= 50;
    }

    /**
     * Residual blocks in each of the four stages.
     *
     * @return four block counts (a fresh array)
     */
    public int[] blocksPerStage() {
        return switch (depth) {
            case 18 -> new int[] {2, 2, 2, 2};
            case 34, 50 -> new int[] {3, 4, 6, 3};
            case 101 -> new int[] {3, 4, 23, 3};
            case 152 -> new int[] {3, 8, 36, 3};
            default -> throw new IllegalStateException("unreachable: depth " + depth);
        };
    }

    /**
     * Channels of the stem convolution.
     *
     * @return the channels
     */
    public int stemChannels() {
        return scaled(64, width);
    }

    /**
     * {@return inner (bottleneck) channels of stage {@code s} in 0..3}
     *
     * @param s the stage, in 0..3
     */
    public int stageChannels(int s) {
        return scaled(64 << s, width);
    }

    /**
     * Output channels of stage {@code s}: inner channels, times 4 for bottleneck blocks.
     *
     * @param s the stage, in 0..3
     * @return the channels
     */
    public int stageOutputChannels(int s) {
        return stageChannels(s) * (bottleneck() ? 4 : 1);
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        int h = inputShape[1];
        int w = inputShape[2];
        if (stem == Stem.IMAGENET) {
            h = EncoderConfig.convOut(EncoderConfig.convOut(h, 7, 2, true), 3, 2, true);
            w = EncoderConfig.convOut(EncoderConfig.convOut(w, 7, 2, true), 3, 2, true);
        }
        for (int s = 1; s < 4; s++) {
            h = EncoderConfig.convOut(h, 3, 2, true);
            w = EncoderConfig.convOut(w, 3, 2, true);
        }
        return new int[] {stageOutputChannels(3), h, w};
    }

    @Override
    public String displayName() {
        return "resnet-" + depth + (width == 1.0 ? "" : "-w" + width);
    }

    private static int scaled(int base, double width) {
        return (int) Math.round(base * width);
    }

    @Override
    public String toString() {
        return "ResNetConfig[depth=" + depth + ", width=" + width + ", groupNormGroups=" + groupNormGroups
                + ", stem=" + stem + ", blocks=" + Arrays.toString(blocksPerStage()) + "]";
    }
}
