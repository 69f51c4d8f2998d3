package org.scaledql.api.nn;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A multi-game Q-network built from a {@link NetworkConfig}. Every sample carries its game ({@code taskId}),
 * so one batch may mix games; each sample is scored by its own game's head.
 *
 * <p>A network owns its parameters and nothing else: no optimizer state, no step counter. Target networks
 * are made with {@link #copy()} and refreshed with {@link #copyParamsFrom(QNetwork)}.
 */
public interface QNetwork {

    /** {@return the configuration the network was built from} */
    NetworkConfig config();

    /**
     * Q-values of every action for each sample's own game.
     *
     * @param observations {@code [B, C, H, W]} floats
     * @param taskIds      {@code [B]} integer game indices in {@code [0, numGames)}
     * @return {@code [B, A]}
     */
    INDArray qValues(INDArray observations, INDArray taskIds);

    /**
     * {@return the raw head outputs: C51 logits {@code [B, A, N]}, or Q-values {@code [B, A]} for a scalar head}
     *
     * @param observations {@code [B, C, H, W]} floats
     * @param taskIds      {@code [B]} integer game indices
     */
    INDArray headOutputs(INDArray observations, INDArray taskIds);

    /**
     * {@return the penultimate features fed to the heads (after feature normalization when enabled), {@code [B, D]}}
     *
     * @param observations {@code [B, C, H, W]} floats
     */
    INDArray features(INDArray observations);

    /** {@return a new network with the same config and a copy of these parameters (for a target network)} */
    QNetwork copy();

    /**
     * Overwrites this network's parameters with {@code other}'s (a target-network sync).
     *
     * @param other a network of the same config
     * @throws IllegalArgumentException if the two networks' configs differ
     */
    void copyParamsFrom(QNetwork other);

    /**
     * {@return the trainable parameters by name, as live arrays (writes change the network)} Names are
     * slash-separated paths whose first segment is the piece: {@code encoder/...}, {@code reduction/...}, {@code
     * torso/...}, {@code heads/...}.
     */
    Map<String, INDArray> parameters();

    /** {@return total number of trainable scalars} */
    long parameterCount();

    /**
     * Parameter counts per piece, in network order: {@code encoder}, {@code reduction} (the spatial
     * embedding, if any), {@code torso}, {@code heads}.
     *
     * @return piece name to its parameter count
     */
    Map<String, Long> parameterBreakdown();

    /**
     * Writes the config and parameters to {@code file} atomically (a temporary file, then a rename).
     *
     * @param file the destination
     * @throws IOException if the file cannot be written
     */
    void save(Path file) throws IOException;
}
