package org.scaledql.api.train;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;
import java.util.Objects;
import org.scaledql.api.nn.EncoderConfig;
import org.scaledql.api.nn.FeatureReduction;
import org.scaledql.api.nn.HeadConfig;
import org.scaledql.api.nn.NetworkConfig;

/**
 * The network part of a training config: everything except the shapes, which come from the data (the
 * observation shape times the frame stack, the number of games and of actions).
 *
 * @param encoder              the encoder
 * @param reduction            spatial embedding or flatten
 * @param torsoWidths          dense widths after the reduction
 * @param featureNormalization unit-L2 features before the heads
 * @param head                 C51 (with its support) or scalar
 */
public record NetworkSpec(EncoderConfig encoder, FeatureReduction reduction, int[] torsoWidths,
        boolean featureNormalization, HeadConfig head) {

    /**
     * Validates and copies.
     *
     * @param encoder              the encoder
     * @param reduction            spatial embedding or flatten
     * @param torsoWidths          dense widths after the reduction
     * @param featureNormalization unit-L2 features before the heads
     * @param head                 C51 (with its support) or scalar
     */
    public NetworkSpec {
        Objects.requireNonNull(encoder, "network.encoder");
        Objects.requireNonNull(reduction, "network.reduction");
        Objects.requireNonNull(head, "network.head");
        checkArgument(torsoWidths != null, "network.torsoWidths must be given (an empty array for no torso)");
        torsoWidths = torsoWidths.clone();
    }

    /**
     * {@return the full network config for data of the given shape}
     *
     * @param observationShape {@code [C, H, W]} of one stacked observation
     * @param numGames         the number of games (heads)
     * @param numActions       actions per game
     */
    public NetworkConfig toNetworkConfig(int[] observationShape, int numGames, int numActions) {
        return new NetworkConfig(observationShape, numGames, numActions, encoder, reduction, torsoWidths,
                featureNormalization, head);
    }

    /**
     * {@return this spec with another head (e.g. scalar for behavioral cloning)}
     *
     * @param h the head
     */
    public NetworkSpec withHead(HeadConfig h) {
        return new NetworkSpec(encoder, reduction, torsoWidths, featureNormalization, h);
    }

    /** {@return dense widths after the reduction} */
    @Override
    public int[] torsoWidths() {
        return torsoWidths.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkSpec s && encoder.equals(s.encoder) && reduction == s.reduction
                && Arrays.equals(torsoWidths, s.torsoWidths) && featureNormalization == s.featureNormalization
                && head.equals(s.head);
    }

    @Override
    public int hashCode() {
        return Objects.hash(encoder, reduction, Arrays.hashCode(torsoWidths), featureNormalization, head);
    }

    @Override
    public String toString() {
        return "NetworkSpec[encoder=" + encoder + ", reduction=" + reduction + ", torsoWidths="
                + Arrays.toString(torsoWidths) + ", featureNormalization=" + featureNormalization + ", head=" + head + "]";
    }
}
