package org.scaledql.api.nn;

/** How the encoder's final feature map {@code [B, C, H, W]} becomes a feature vector. */
public enum FeatureReduction {
    /**
     * Learned spatial embedding (Scaled QL Section 4, after Kumar et al. 2022): multiply the map pointwise by a
     * learned {@code [C, H, W]} tensor and sum over space, giving {@code [B, C]}. The paper's choice.
     */
    SPATIAL_EMBEDDING,
    /** Flatten to {@code [B, C * H * W]} (the classic DQN way; the paper's ablation baseline). */
    FLATTEN
}
