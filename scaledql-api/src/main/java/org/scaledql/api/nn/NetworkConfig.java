package org.scaledql.api.nn;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;
import java.util.Objects;

/**
 * The whole multi-game Q-network: encoder, feature reduction, torso, optional feature normalization and
 * per-game heads (Scaled QL Figure 3):
 *
 * <pre>
 * obs [B, C, H, W] -> encoder -> [B, C', H', W'] -> reduction -> [B, D0] -> torso (dense + ReLU)* -> [B, D]
 *     -> feature normalization (x / ||x||_2) -> head of each sample's game -> logits [B, A, N] or qValues [B, A]
 * </pre>
 *
 * <p>Feature normalization sits on the penultimate features, right before the heads, as in the authors'
 * offline-RL code (Dopamine labs: "representation /= ||representation||_2 before the last linear layer"),
 * which is also where DR3 (Kumar et al. 2021) measures feature co-adaptation.
 *
 * @param observationShape     {@code [C, H, W]} of one (stacked) observation
 * @param numGames             number of games, one head each (at least 1)
 * @param numActions           actions per game (a shared action space; at least 1)
 * @param encoder              the convolutional encoder
 * @param reduction            how the feature map becomes a vector (default spatial embedding)
 * @param torsoWidths          widths of the dense ReLU layers after the reduction (default {@code [512]}; may be empty)
 * @param featureNormalization whether to scale features to unit L2 norm (default true, the paper's choice)
 * @param head                 the per-game head type (default C51 with 51 atoms on [-10, 10])
 */
public record NetworkConfig(
        int[] observationShape,
        int numGames,
        int numActions,
        EncoderConfig encoder,
        FeatureReduction reduction,
        int[] torsoWidths,
        boolean featureNormalization,
        HeadConfig head) {

    /**
     * Validates every field, including that the encoder accepts the observation shape.
     *
     * @param observationShape     {@code [C, H, W]} of one (stacked) observation
     * @param numGames             number of games, one head each (at least 1)
     * @param numActions           actions per game (a shared action space; at least 1)
     * @param encoder              the convolutional encoder
     * @param reduction            how the feature map becomes a vector (default spatial embedding)
     * @param torsoWidths          widths of the dense ReLU layers after the reduction (default {@code [512]}; may be
     *                             empty)
     * @param featureNormalization whether to scale features to unit L2 norm (default true, the paper's choice)
     * @param head                 the per-game head type (default C51 with 51 atoms on [-10, 10])
     */
    public NetworkConfig {
        checkArgument(observationShape != null && observationShape.length == 3,
                "observationShape must be [C, H, W]; got %s", Arrays.toString(observationShape));
        observationShape = observationShape.clone();
        for (int d : observationShape) {
            checkArgument(d >= 1, "observationShape entries must be >= 1; got %s", Arrays.toString(observationShape));
        }
        checkArgument(numGames >= 1, "numGames must be >= 1 (one head per game); got numGames=%s", numGames);
        checkArgument(numActions >= 1, "numActions must be >= 1; got numActions=%s", numActions);
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(reduction, "reduction");
        Objects.requireNonNull(head, "head");
        checkArgument(torsoWidths != null, "torsoWidths must not be null (use an empty array for no torso)");
        torsoWidths = torsoWidths.clone();
        for (int w : torsoWidths) {
            checkArgument(w >= 1, "torso widths must be >= 1; got %s", Arrays.toString(torsoWidths));
        }
        encoder.outputShape(observationShape); // throws if the input is too small for the encoder
    }

    /**
     * {@return a builder with the documented defaults for the given observation shape, game and action counts}
     *
     * @param observationShape {@code [C, H, W]} of one (stacked) observation
     * @param numGames         number of games, one head each (at least 1)
     * @param numActions       actions per game (a shared action space; at least 1)
     */
    public static Builder builder(int[] observationShape, int numGames, int numActions) {
        return new Builder(observationShape, numGames, numActions);
    }

    /** {@return {@code [C, H, W]} of one (stacked) observation} */
    @Override
    public int[] observationShape() {
        return observationShape.clone();
    }

    /** {@return widths of the dense ReLU layers after the reduction (default {@code [512]}; may be empty)} */
    @Override
    public int[] torsoWidths() {
        return torsoWidths.clone();
    }

    /**
     * Shape {@code [C', H', W']} of the encoder's feature map.
     *
     * @return {@code [C', H', W']}
     */
    public int[] encoderOutputShape() {
        return encoder.outputShape(observationShape);
    }

    /**
     * Width of the vector after the reduction, before the torso.
     *
     * @return the width
     */
    public int reducedFeatures() {
        int[] s = encoderOutputShape();
        return reduction == FeatureReduction.SPATIAL_EMBEDDING ? s[0] : s[0] * s[1] * s[2];
    }

    /**
     * Width {@code D} of the penultimate features fed to the heads.
     *
     * @return {@code D}
     */
    public int featureSize() {
        return torsoWidths.length == 0 ? reducedFeatures() : torsoWidths[torsoWidths.length - 1];
    }

    /**
     * {@return this config with another head}
     *
     * @param newHead the per-game head type (default C51 with 51 atoms on [-10, 10])
     */
    public NetworkConfig withHead(HeadConfig newHead) {
        return new NetworkConfig(observationShape, numGames, numActions, encoder, reduction, torsoWidths,
                featureNormalization, newHead);
    }

    /**
     * {@return this config with another number of games (for transfer: the heads change, the encoder does not)}
     *
     * @param games the number of games, at least 1
     */
    public NetworkConfig withGames(int games) {
        return new NetworkConfig(observationShape, games, numActions, encoder, reduction, torsoWidths,
                featureNormalization, head);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkConfig c && Arrays.equals(observationShape, c.observationShape)
                && numGames == c.numGames && numActions == c.numActions && encoder.equals(c.encoder)
                && reduction == c.reduction && Arrays.equals(torsoWidths, c.torsoWidths)
                && featureNormalization == c.featureNormalization && head.equals(c.head);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(observationShape), numGames, numActions, encoder, reduction,
                Arrays.hashCode(torsoWidths), featureNormalization, head);
    }

    @Override
    public String toString() {
        return "NetworkConfig[observationShape=" + Arrays.toString(observationShape) + ", numGames=" + numGames
                + ", numActions=" + numActions + ", encoder=" + encoder + ", reduction=" + reduction
                + ", torsoWidths=" + Arrays.toString(torsoWidths) + ", featureNormalization="
                + featureNormalization + ", head=" + head + "]";
    }

    /** Builds a {@link NetworkConfig}; every setter is optional. */
    public static final class Builder {
        private final int[] observationShape;
        private final int numGames;
        private final int numActions;
        private EncoderConfig encoder;
        private FeatureReduction reduction = FeatureReduction.SPATIAL_EMBEDDING;
        private int[] torsoWidths = {512};
        private boolean featureNormalization = true;
        private HeadConfig head = HeadConfig.c51();

        private Builder(int[] observationShape, int numGames, int numActions) {
            this.observationShape = observationShape.clone();
            this.numGames = numGames;
            this.numActions = numActions;
        }

        /**
         * The encoder (default ResNet-34 with group norm; the small-input stem when {@code H < 32}).
         *
         * @param e the convolutional encoder
         * @return this builder
         */
        public Builder encoder(EncoderConfig e) {
            this.encoder = e;
            return this;
        }

        /**
         * How the feature map becomes a vector (default spatial embedding).
         *
         * @param r how the feature map becomes a vector (default spatial embedding)
         * @return this builder
         */
        public Builder reduction(FeatureReduction r) {
            this.reduction = r;
            return this;
        }

        /**
         * Dense layer widths after the reduction (default {@code 512}).
         *
         * @param widths the widths; none for no torso
         * @return this builder
         */
        public Builder torso(int... widths) {
            this.torsoWidths = widths.clone();
            return this;
        }

        /**
         * Whether features are scaled to unit L2 norm (default true).
         *
         * @param on whether to scale features to unit L2 norm (default true, the paper's choice)
         * @return this builder
         */
        public Builder featureNormalization(boolean on) {
            this.featureNormalization = on;
            return this;
        }

        /**
         * The head type (default C51, 51 atoms on [-10, 10]).
         *
         * @param h the per-game head type (default C51 with 51 atoms on [-10, 10])
         * @return this builder
         */
        public Builder head(HeadConfig h) {
            this.head = h;
            return this;
        }

        /**
         * Validates and returns the config.
         *
         * @return the config
         */
        public NetworkConfig build() {
            EncoderConfig e = encoder;
            if (e == null) {
                e = ResNetConfig.depth(34).withStem(observationShape.length == 3 && observationShape[1] < 32
                        ? ResNetConfig.Stem.SMALL : ResNetConfig.Stem.IMAGENET);
            }
            return new NetworkConfig(observationShape, numGames, numActions, e, reduction, torsoWidths,
                    featureNormalization, head);
        }
    }
}
