package org.scaledql.api.data;

/**
 * Draws minibatches of transitions from offline data. Samplers are seeded: two samplers built from the same
 * data and {@link SamplerConfig} return the same sequence of batches, and {@link #restore} resumes a sequence
 * bit-for-bit from a saved {@link #state()}, with or without a prefetch thread.
 */
public interface Sampler extends AutoCloseable {

    /**
     * {@return the next batch: {@code [B, k*C, H, W]} observations (scaled float32, or raw uint8 with their {@link
     * TransitionBatch#observationScale()}, per {@link SamplerConfig#observationFormat()}), {@code [B]} actions,
     * returns, discounts, task ids}
     */
    TransitionBatch next();

    /** {@return the position in the batch sequence, to save with a checkpoint} */
    SamplerState state();

    /**
     * Continues the sequence from a saved state: the next call to {@link #next()} returns the batch that
     * followed when {@code state} was taken.
     *
     * @param state a state from {@link #state()}
     * @throws IllegalArgumentException if the state was taken on different data or with another seed
     */
    void restore(SamplerState state);

    /** Stops the prefetch thread, if any. */
    @Override
    void close();
}
