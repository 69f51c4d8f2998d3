package org.scaledql.api.transfer;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Masked-autoencoder pre-training of a Q-network's encoder (He et al. 2021, "Masked Autoencoders Are Scalable
 * Vision Learners"), the representation-learning baseline of the paper's transfer experiments (Section 5.2, Fig. 7
 * and 8): square patches of each observation are hidden (set to zero in every channel), the network's feature path
 * (encoder, reduction, torso) encodes the masked observation, and a linear decoder reconstructs every pixel; the loss
 * is the mean squared error on the hidden pixels only, as in He et al.
 *
 * @param steps        gradient steps, at least 1
 * @param batchSize    observations per step, at least 1
 * @param maskRatio    share of patches hidden per observation, in (0, 1); rounded to whole patches, at least one
 * @param patchSize    patch side in pixels, at least 1 (patches at the right and bottom edges may be cut)
 * @param learningRate Adam's learning rate, positive
 * @param seed         seeds the fresh network, the decoder, the sampler and the masks
 */
public record MaeConfig(long steps, int batchSize, double maskRatio, int patchSize, double learningRate, long seed) {

    /** He et al. (2021)'s mask ratio: three quarters of the patches hidden. */
    public static final double DEFAULT_MASK_RATIO = 0.75;

    /** The testbed's patch side: a 10x10 frame has 25 patches of 2x2 pixels. */
    public static final int TESTBED_PATCH_SIZE = 2;

    /**
     * Validates every field.
     *
     * @param steps        gradient steps, at least 1
     * @param batchSize    observations per step, at least 1
     * @param maskRatio    share of patches hidden per observation, in (0, 1)
     * @param patchSize    patch side in pixels, at least 1
     * @param learningRate Adam's learning rate, positive
     * @param seed         seeds the fresh network, the decoder, the sampler and the masks
     */
    public MaeConfig {
        checkArgument(steps >= 1, "MAE steps must be >= 1; got %s", steps);
        checkArgument(batchSize >= 1, "MAE batchSize must be >= 1; got %s", batchSize);
        checkArgument(maskRatio > 0 && maskRatio < 1, "MAE maskRatio must be in (0, 1); got %s", maskRatio);
        checkArgument(patchSize >= 1, "MAE patchSize must be >= 1 pixel; got %s", patchSize);
        checkArgument(learningRate > 0 && Double.isFinite(learningRate), "MAE learningRate must be positive; got %s",
                learningRate);
    }

    /**
     * {@return the testbed's settings: {@value #DEFAULT_MASK_RATIO} of the 2x2 patches hidden, batch 32 and Adam
     * 1e-3 (the demo preset's batch and rate, so that MAE and Scaled QL pre-training see the same number of
     * observations per step)}
     *
     * @param steps gradient steps
     * @param seed  the seed
     */
    public static MaeConfig testbed(long steps, long seed) {
        return new MaeConfig(steps, 32, DEFAULT_MASK_RATIO, TESTBED_PATCH_SIZE, 1e-3, seed);
    }
}
