package org.scaledql.api.data;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.Serializable;

/**
 * Where a sampler stands in its batch sequence: enough to resume it bit-for-bit. Samplers draw batch
 * {@code b} from a random stream derived only from {@code (seed, b)}, so the position is a counter.
 *
 * @param seed             the sampler's seed
 * @param batchesDrawn     number of batches returned so far; the next batch has this index
 * @param dataFingerprint  a hash of the data and sampling settings the state belongs to, checked on restore
 * @serial exclude
 */
public record SamplerState(long seed, long batchesDrawn, long dataFingerprint) implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * Validates the counter.
     *
     * @param seed            the sampler's seed
     * @param batchesDrawn    number of batches returned so far; the next batch has this index
     * @param dataFingerprint a hash of the data and sampling settings the state belongs to, checked on restore
     */
    public SamplerState {
        checkArgument(batchesDrawn >= 0, "batchesDrawn counts batches and must be >= 0; got %s", batchesDrawn);
    }
}
