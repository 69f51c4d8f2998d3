package org.scaledql.api.data;

/**
 * How a sampler writes observations into a {@link TransitionBatch}. Both formats carry the same network
 * inputs: a {@link #UINT8} batch scaled by its {@link TransitionBatch#observationScale()} in float32 equals the
 * {@link #FLOAT} batch bit for bit.
 */
public enum ObservationFormat {

    /**
     * float32 observations already multiplied by the store's observation scale ({@code observationScale} 1 in
     * the batch): 4 bytes per value, usable by any consumer as they are.
     */
    FLOAT,

    /**
     * The stored uint8 frame values ({@link org.nd4j.linalg.api.buffer.DataType#UBYTE}) with the store's
     * observation scale in the batch: 1 byte per value; the training step scales them
     * ({@link TransitionBatch#observationsAs}). The fast path for Atari-sized frames.
     */
    UINT8
}
