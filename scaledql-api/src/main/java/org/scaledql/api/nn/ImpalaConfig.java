package org.scaledql.api.nn;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;

/**
 * The IMPALA CNN (Espeholt et al. 2018): per section a 3x3 convolution, a 3x3 max-pool with stride 2 (SAME
 * padding), then residual blocks of (ReLU, conv 3x3, ReLU, conv 3x3) plus the identity; a final ReLU.
 *
 * @param channels           channels per section before the width multiplier (default 16, 32, 32)
 * @param widthMultiplier    multiplies every section's channels (Lee et al. 2022 use 1, 2, 4; default 1)
 * @param blocksPerSection   residual blocks per section (default 2)
 * @param groupNormGroups    0 for the original network (default); otherwise group normalization (Wu and He 2018)
 *                           with this many groups after every convolution, as the paper's ResNets have it (then
 *                           every section's channels must be a multiple of it)
 */
public record ImpalaConfig(int[] channels, int widthMultiplier, int blocksPerSection, int groupNormGroups)
        implements EncoderConfig {

    /**
     * Validates channels, width and depth, and copies the channel array.
     *
     * @param channels         channels per section before the width multiplier (default 16, 32, 32)
     * @param widthMultiplier  multiplies every section's channels (Lee et al. 2022 use 1, 2, 4; default 1)
     * @param blocksPerSection residual blocks per section (default 2)
     * @param groupNormGroups  0 for the original network (default); otherwise group normalization (Wu and He 2018)
     *                         with this many groups after every convolution, as the paper's ResNets have it (then
     *                         every section's channels must be a multiple of it)
     */
    public ImpalaConfig {
        checkArgument(channels != null && channels.length >= 1, "IMPALA CNN needs at least one section; got %s",
                Arrays.toString(channels));
        channels = channels.clone();
        for (int c : channels) {
            checkArgument(c >= 1, "IMPALA CNN section channels must be >= 1; got %s", Arrays.toString(channels));
        }
        checkArgument(widthMultiplier >= 1, "IMPALA CNN needs widthMultiplier >= 1; got %s", widthMultiplier);
        checkArgument(blocksPerSection >= 0, "IMPALA CNN needs blocksPerSection >= 0; got %s", blocksPerSection);
        checkArgument(groupNormGroups >= 0, "IMPALA CNN needs groupNormGroups >= 0 (0: none); got %s", groupNormGroups);
        for (int c : channels) {
            checkArgument(groupNormGroups == 0 || c * widthMultiplier % groupNormGroups == 0, "IMPALA CNN section "
                    + "channels %s (x%s) must be multiples of groupNormGroups=%s", Arrays.toString(channels),
                    widthMultiplier, groupNormGroups);
        }
    }

    /**
     * Without group normalization (the original network's layers).
     *
     * @param channels         channels per section before the width multiplier (default 16, 32, 32)
     * @param widthMultiplier  multiplies every section's channels (Lee et al. 2022 use 1, 2, 4; default 1)
     * @param blocksPerSection residual blocks per section (default 2)
     */
    public ImpalaConfig(int[] channels, int widthMultiplier, int blocksPerSection) {
        this(channels, widthMultiplier, blocksPerSection, 0);
    }

    /**
     * {@return this network with group normalization of {@code groups} groups after every convolution (0: none)}
     *
     * @param groups groups per group norm; 0 for none
     */
    public ImpalaConfig withGroupNorm(int groups) {
        return new ImpalaConfig(channels, widthMultiplier, blocksPerSection, groups);
    }

    /** {@return the original network: sections of 16, 32, 32 channels, two residual blocks each} */
    public static ImpalaConfig defaults() {
        return new ImpalaConfig(new int[] {16, 32, 32}, 1, 2);
    }

    /**
     * {@return the original network with every section's channels multiplied by {@code widthMultiplier}}
     *
     * @param widthMultiplier multiplies every section's channels (Lee et al. 2022 use 1, 2, 4; default 1)
     */
    public static ImpalaConfig width(int widthMultiplier) {
        return new ImpalaConfig(new int[] {16, 32, 32}, widthMultiplier, 2);
    }

    /** {@return channels per section before the width multiplier (default 16, 32, 32)} */
    @Override
    public int[] channels() {
        return channels.clone();
    }

    /**
     * Channels of section {@code i} after the width multiplier.
     *
     * @param i the section index
     * @return the channels
     */
    public int sectionChannels(int i) {
        return channels[i] * widthMultiplier;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        int h = inputShape[1];
        int w = inputShape[2];
        for (int i = 0; i < channels.length; i++) {
            h = EncoderConfig.convOut(h, 3, 2, true);
            w = EncoderConfig.convOut(w, 3, 2, true);
        }
        return new int[] {sectionChannels(channels.length - 1), h, w};
    }

    @Override
    public String displayName() {
        return (widthMultiplier == 1 ? "impala" : "impala-x" + widthMultiplier) + (groupNormGroups > 0 ? "-gn" : "");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImpalaConfig c && Arrays.equals(channels, c.channels)
                && widthMultiplier == c.widthMultiplier && blocksPerSection == c.blocksPerSection
                && groupNormGroups == c.groupNormGroups;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * Arrays.hashCode(channels) + widthMultiplier) + blocksPerSection) + groupNormGroups;
    }

    @Override
    public String toString() {
        return "ImpalaConfig[channels=" + Arrays.toString(channels) + ", widthMultiplier=" + widthMultiplier
                + ", blocksPerSection=" + blocksPerSection + ", groupNormGroups=" + groupNormGroups + "]";
    }
}
