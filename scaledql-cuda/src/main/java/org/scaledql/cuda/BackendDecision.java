package org.scaledql.cuda;

import java.util.Map;
import java.util.Objects;

/**
 * The outcome of backend selection.
 *
 * @param backend the backend to run on
 * @param request what was asked for
 * @param reason  one sentence saying why, for logs and {@code ./scaledql backend}
 */
public record BackendDecision(Backend backend, BackendRequest request, String reason) {

    /** Validates that every field is given. */
    public BackendDecision {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(reason, "reason");
    }

    /** The {@code BACKEND_PRIORITY_*} variables the JVM must start with (see {@link Backend#priorityEnvironment}). */
    public Map<String, String> environment() {
        return backend.priorityEnvironment();
    }
}
