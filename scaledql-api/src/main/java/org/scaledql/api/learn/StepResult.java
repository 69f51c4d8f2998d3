package org.scaledql.api.learn;

import java.util.Map;

/**
 * What one training step reports.
 *
 * @param step    the step count after this step (skipped steps count too)
 * @param metrics namespaced metric values: {@code loss/total}, {@code loss/td}, {@code loss/cql},
 *                {@code loss/dr3}, {@code loss/bc}, {@code q/mean}, {@code q/data_action},
 *                {@code grad/global_norm} (before clipping) — see docs/learner.md
 * @param skipped whether the update was skipped under {@link NonFinitePolicy#SKIP}
 */
public record StepResult(long step, Map<String, Double> metrics, boolean skipped) {

    /**
     * Copies the metrics, keeping their order.
     *
     * @param step    the step count after this step (skipped steps count too)
     * @param metrics namespaced metric values: {@code loss/total}, {@code loss/td}, {@code loss/cql}, {@code
     *                loss/dr3}, {@code loss/bc}, {@code q/mean}, {@code q/data_action}, {@code grad/global_norm}
     *                (before clipping) — see docs/learner.md
     * @param skipped whether the update was skipped under {@link NonFinitePolicy#SKIP}
     */
    public StepResult {
        metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics)); // keeps the order
    }

    /**
     * {@return one metric, or NaN if absent}
     *
     * @param key the metric key, e.g. {@code loss/td}
     */
    public double metric(String key) {
        return metrics.getOrDefault(key, Double.NaN);
    }
}
