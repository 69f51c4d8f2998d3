package org.scaledql.api.data;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;

/**
 * Settings of a transition sampler.
 *
 * @param batchSize  samples per batch {@code B}, at least 1
 * @param frameStack frames per observation {@code k} (Atari: 4; the testbed uses 1); frames before an
 *                   episode's first frame are zeros, as in Dopamine
 * @param nStep      rewards summed before bootstrapping {@code n}, at least 1
 * @param discount   per-step discount {@code gamma} in {@code [0, 1]}
 * @param weighting  how batches spread over games
 * @param seed       seed of the sampler's random streams
 * @param prefetch   batches prepared ahead by a background thread; 0 = no thread. Batches do not depend on it
 * @param observationFormat how observations are written: {@link ObservationFormat#FLOAT} (scaled float32, the
 *                   default of the shorter constructor and {@link #of}) or {@link ObservationFormat#UINT8} (raw
 *                   frame values plus the scale; 4x fewer bytes, the training step scales them). Both carry the
 *                   same network inputs, so the format does not enter the sampler's state: a checkpoint taken
 *                   with one format resumes with the other
 */
public record SamplerConfig(
        int batchSize, int frameStack, int nStep, double discount, GameWeighting weighting, long seed, int prefetch,
        ObservationFormat observationFormat) {

    /** Dopamine's and the paper's frame stack. */
    public static final int DEFAULT_FRAME_STACK = 4;

    /**
     * Validates every field.
     *
     * @param batchSize         samples per batch {@code B}, at least 1
     * @param frameStack        frames per observation {@code k} (Atari: 4; the testbed uses 1); frames before an
     *                          episode's first frame are zeros, as in Dopamine
     * @param nStep             rewards summed before bootstrapping {@code n}, at least 1
     * @param discount          per-step discount {@code gamma} in {@code [0, 1]}
     * @param weighting         how batches spread over games
     * @param seed              seed of the sampler's random streams
     * @param prefetch          batches prepared ahead by a background thread; 0 = no thread. Batches do not depend on
     *                          it
     * @param observationFormat how observations are written: {@link ObservationFormat#FLOAT} (scaled float32, the
     *                          default of the shorter constructor and {@link #of}) or {@link ObservationFormat#UINT8}
     *                          (raw frame values plus the scale; 4x fewer bytes, the training step scales them). Both
     *                          carry the same network inputs, so the format does not enter the sampler's state: a
     *                          checkpoint taken with one format resumes with the other
     */
    public SamplerConfig {
        Objects.requireNonNull(weighting, "weighting");
        Objects.requireNonNull(observationFormat, "observationFormat");
        checkArgument(batchSize >= 1, "batchSize must be >= 1; got %s", batchSize);
        checkArgument(frameStack >= 1, "frameStack must be >= 1 (4 for Atari, 1 for the testbed); got %s", frameStack);
        checkArgument(nStep >= 1, "nStep must be >= 1; got %s", nStep);
        checkArgument(discount >= 0 && discount <= 1, "discount must be in [0, 1]; got %s", discount);
        checkArgument(prefetch >= 0, "prefetch must be >= 0 batches (0 = no thread); got %s", prefetch);
    }

    /**
     * Settings with {@link ObservationFormat#FLOAT} observations (scaled float32).
     *
     * @param batchSize  samples per batch {@code B}, at least 1
     * @param frameStack frames per observation {@code k} (Atari: 4; the testbed uses 1); frames before an episode's
     *                   first frame are zeros, as in Dopamine
     * @param nStep      rewards summed before bootstrapping {@code n}, at least 1
     * @param discount   per-step discount {@code gamma} in {@code [0, 1]}
     * @param weighting  how batches spread over games
     * @param seed       seed of the sampler's random streams
     * @param prefetch   batches prepared ahead by a background thread; 0 = no thread. Batches do not depend on it
     * @throws IllegalArgumentException as the canonical constructor does
     */
    public SamplerConfig(int batchSize, int frameStack, int nStep, double discount, GameWeighting weighting, long seed,
                         int prefetch) {
        this(batchSize, frameStack, nStep, discount, weighting, seed, prefetch, ObservationFormat.FLOAT);
    }

    /**
     * Batch size {@code batchSize}, frame stack 4, 1-step returns, discount 0.99, uniform over transitions,
     * no prefetch thread, float observations.
     *
     * @param batchSize samples per batch {@code B}, at least 1
     * @param seed      seed of the sampler's random streams
     * @return the config
     */
    public static SamplerConfig of(int batchSize, long seed) {
        return new SamplerConfig(batchSize, DEFAULT_FRAME_STACK, 1, 0.99, GameWeighting.uniform(), seed, 0);
    }

    /**
     * {@return a copy with another frame stack}
     *
     * @param k frames stacked per observation, at least 1
     */
    public SamplerConfig withFrameStack(int k) {
        return new SamplerConfig(batchSize, k, nStep, discount, weighting, seed, prefetch, observationFormat);
    }

    /**
     * {@return a copy with another n-step horizon and discount}
     *
     * @param n     the n-step horizon, at least 1
     * @param gamma the discount, in [0, 1]
     */
    public SamplerConfig withNStep(int n, double gamma) {
        return new SamplerConfig(batchSize, frameStack, n, gamma, weighting, seed, prefetch, observationFormat);
    }

    /**
     * {@return a copy with another game weighting}
     *
     * @param w the game weighting
     */
    public SamplerConfig withWeighting(GameWeighting w) {
        return new SamplerConfig(batchSize, frameStack, nStep, discount, w, seed, prefetch, observationFormat);
    }

    /**
     * {@return a copy with a prefetch queue of {@code batches}}
     *
     * @param batches batches prepared ahead by a thread; 0 for none
     */
    public SamplerConfig withPrefetch(int batches) {
        return new SamplerConfig(batchSize, frameStack, nStep, discount, weighting, seed, batches, observationFormat);
    }

    /**
     * {@return a copy that writes observations in {@code format}}
     *
     * @param format the observation format
     */
    public SamplerConfig withObservationFormat(ObservationFormat format) {
        return new SamplerConfig(batchSize, frameStack, nStep, discount, weighting, seed, prefetch, format);
    }
}
