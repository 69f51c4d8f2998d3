package org.scaledql.api.learn;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Gradients of the total loss for one batch, with the loss metrics of the forward pass, as returned by the
 * first half of a training step. Users may accumulate or clip them before {@link TrainStep#applyGradients}.
 *
 * @param gradients parameter name to gradient array (same shapes as the parameters; owned by the caller)
 * @param metrics   namespaced metrics of the forward pass ({@code loss/...}, {@code q/...}); the step adds
 *                  {@code grad/global_norm} when the gradients are applied
 */
public record Gradients(Map<String, INDArray> gradients, Map<String, Double> metrics) {

    /**
     * Copies the maps (not the arrays).
     *
     * @param gradients parameter name to gradient array (same shapes as the parameters; owned by the caller)
     * @param metrics   namespaced metrics of the forward pass ({@code loss/...}, {@code q/...}); the step adds {@code
     *                  grad/global_norm} when the gradients are applied
     */
    public Gradients {
        gradients = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(gradients));
        metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics)); // keeps the order
    }
}
