package org.scaledql.core.nn;

/**
 * Builds an {@link Encoder} into a network's graph: the hook for an encoder of your own. Pass one to
 * {@link SameDiffQNetwork#create(org.scaledql.api.nn.NetworkConfig, EncoderFactory, long)} and the library's
 * pipeline (feature reduction, torso, feature normalization, per-game heads), its training step and its copies
 * (the target network) use your encoder in place of the config's. Write one from {@link Blocks} and
 * {@link Layers}; {@link Encoders#factory} gives the built-in ones.
 *
 * <p>A factory must be deterministic: called again with a fresh {@link ParameterFactory} of the same seed it
 * must create the same parameters (names, shapes, initialisation) and the same ops, because
 * {@link SameDiffQNetwork#copy()} calls it again to build the target network. Create every weight through
 * {@code params} under {@code prefix + "/"}, so the weights are trained, copied, saved and counted as the
 * encoder's.
 */
@FunctionalInterface
public interface EncoderFactory {

    /**
     * Creates the encoder's weights and returns the module that applies them.
     *
     * @param params     creates the weights, in the network's graph ({@link ParameterFactory#sameDiff()}) and
     *                   floating type
     * @param prefix     the name prefix for every weight (the network passes {@code "encoder"})
     * @param inputShape {@code [C, H, W]} of the observations
     * @return the encoder, whose {@link Encoder#outputShape()} is the static shape of what it returns
     */
    Encoder create(ParameterFactory params, String prefix, int[] inputShape);
}
