package org.scaledql.cuda;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** What the user asked for: a specific backend, or {@link #AUTO} (CUDA when usable, else CPU). */
public enum BackendRequest {
    /** Run on the CPU. */
    CPU,
    /** Run on an NVIDIA GPU; fail rather than fall back to the CPU. */
    CUDA,
    /** CUDA if a GPU is visible and the CUDA backend is on the classpath, otherwise the CPU. */
    AUTO;

    /** The environment variable read by {@link #resolve}. */
    public static final String ENVIRONMENT_VARIABLE = "SCALEDQL_BACKEND";

    /**
     * Parses {@code cpu}, {@code cuda} or {@code auto} (any case, surrounding blanks ignored).
     *
     * @param source names where the value came from, for the error message (e.g. {@code --backend})
     * @throws IllegalArgumentException for any other value
     */
    public static BackendRequest parse(String value, String source) {
        Objects.requireNonNull(value, "value");
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (BackendRequest r : values()) {
            if (r.name().toLowerCase(Locale.ROOT).equals(v)) {
                return r;
            }
        }
        throw new IllegalArgumentException(source + " must be cpu, cuda or auto; got '" + value
                + "'. Pass one of those three.");
    }

    /**
     * The request from an explicit flag value (wins when non-null), else from {@value #ENVIRONMENT_VARIABLE} in
     * {@code environment} (when non-blank), else {@code fallback}.
     */
    public static BackendRequest resolve(String flag, Map<String, String> environment, BackendRequest fallback) {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(fallback, "fallback");
        if (flag != null) {
            return parse(flag, "--backend");
        }
        String env = environment.get(ENVIRONMENT_VARIABLE);
        if (env != null && !env.isBlank()) {
            return parse(env, "environment variable " + ENVIRONMENT_VARIABLE);
        }
        return fallback;
    }

    /** The name used on the command line: {@code cpu}, {@code cuda} or {@code auto}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
