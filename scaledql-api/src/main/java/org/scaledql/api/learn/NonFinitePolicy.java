package org.scaledql.api.learn;

/** What a training step does when a loss term or gradient is NaN or infinite. */
public enum NonFinitePolicy {
    /** Throw, naming the offending terms; parameters are left as they were before the step (default). */
    FAIL,
    /** Leave parameters and optimizer state unchanged, report the step as skipped, and go on. */
    SKIP
}
