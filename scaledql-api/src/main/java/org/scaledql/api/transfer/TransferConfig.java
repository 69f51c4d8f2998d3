package org.scaledql.api.transfer;

/**
 * What to carry over from a pre-trained network into a new one (for new games, another action count, or a game
 * variant), and whether the carried-over encoder keeps training.
 *
 * <p>The encoder ({@code encoder/...}) is always copied. The new network's heads ({@code heads/...}) are always
 * freshly initialised, since their number and shape follow the new games and actions. The spatial embedding
 * ({@code reduction/...}) and the dense torso ({@code torso/...}) are copied when asked, and freshly initialised
 * otherwise. The paper (Section 5.2) transfers "the weights from the visual encoder" and re-initialises "the
 * downstream feedforward component", and fine-tunes everything: {@link #paper()}.
 *
 * @param copySpatialEmbedding copy {@code reduction/spatialEmbedding} (needs the same reduction on both sides)
 * @param copyTorso            copy the dense torso {@code torso/...} (needs the same reduction and torso widths)
 * @param freezeEncoder        keep {@code encoder/...} fixed during fine-tuning (no gradient, no update); the
 *                             copied spatial embedding and torso, if any, still train
 */
public record TransferConfig(boolean copySpatialEmbedding, boolean copyTorso, boolean freezeEncoder) {

    /** Prefix of the encoder's parameter names. */
    public static final String ENCODER_PREFIX = "encoder/";

    /** {@return the paper's protocol: copy the encoder only, re-initialise the rest, fine-tune everything} */
    public static TransferConfig paper() {
        return new TransferConfig(false, false, false);
    }

    /**
     * {@return a copy with the encoder frozen or fine-tuned}
     *
     * @param freeze whether the encoder stays fixed
     */
    public TransferConfig withFreezeEncoder(boolean freeze) {
        return new TransferConfig(copySpatialEmbedding, copyTorso, freeze);
    }

    /**
     * {@return a copy that also copies (or not) the spatial embedding}
     *
     * @param copy whether to copy the spatial embedding
     */
    public TransferConfig withCopySpatialEmbedding(boolean copy) {
        return new TransferConfig(copy, copyTorso, freezeEncoder);
    }

    /**
     * {@return a copy that also copies (or not) the torso}
     *
     * @param copy whether to copy the torso
     */
    public TransferConfig withCopyTorso(boolean copy) {
        return new TransferConfig(copySpatialEmbedding, copy, freezeEncoder);
    }

    /**
     * {@return whether a parameter of the new network is copied from the pre-trained one}
     *
     * @param parameterName a parameter name of the new network
     */
    public boolean copies(String parameterName) {
        return parameterName.startsWith(ENCODER_PREFIX)
                || copySpatialEmbedding && parameterName.startsWith("reduction/")
                || copyTorso && parameterName.startsWith("torso/");
    }

    /**
     * {@return whether a parameter stays fixed during fine-tuning (the encoder's, when {@link #freezeEncoder})}
     *
     * @param parameterName a parameter name of the new network
     */
    public boolean freezes(String parameterName) {
        return freezeEncoder && parameterName.startsWith(ENCODER_PREFIX);
    }
}
