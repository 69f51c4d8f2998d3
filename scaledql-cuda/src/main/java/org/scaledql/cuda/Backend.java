package org.scaledql.cuda;

import java.util.Locale;
import java.util.Map;

/**
 * An ND4J backend scaledql can run on, with the class ND4J loads for it and the environment that makes ND4J
 * prefer it when both backends are on the classpath.
 *
 * <p>ND4J 1.0.0-M2.1 reads {@code BACKEND_PRIORITY_CPU} (default 0) and {@code BACKEND_PRIORITY_GPU} (default
 * 100) from the process environment once, when {@code Nd4jBackend} is first loaded, and loads the available
 * backend with the highest priority. A running JVM cannot change its own environment, so these values must be
 * set before the JVM starts (the {@code ./scaledql} launcher and the build do this).
 */
public enum Backend {
    /** ND4J's native CPU backend ({@code nd4j-native}). */
    CPU("org.nd4j.linalg.cpu.nativecpu.CpuBackend", Map.of("BACKEND_PRIORITY_CPU", "200", "BACKEND_PRIORITY_GPU", "100")),
    /** ND4J's CUDA backend ({@code nd4j-cuda-11.6}). */
    CUDA("org.nd4j.linalg.jcublas.JCublasBackend", Map.of("BACKEND_PRIORITY_CPU", "0", "BACKEND_PRIORITY_GPU", "300"));

    private final String nd4jBackendClass;
    private final Map<String, String> priorityEnvironment;

    Backend(String nd4jBackendClass, Map<String, String> priorityEnvironment) {
        this.nd4jBackendClass = nd4jBackendClass;
        this.priorityEnvironment = priorityEnvironment;
    }

    /** The fully qualified name of ND4J's {@code Nd4jBackend} implementation for this backend. */
    public String nd4jBackendClass() {
        return nd4jBackendClass;
    }

    /**
     * The {@code BACKEND_PRIORITY_*} variables that make ND4J load this backend first when both are present;
     * they must be in the environment before the JVM starts.
     */
    public Map<String, String> priorityEnvironment() {
        return priorityEnvironment;
    }

    /** The name used on the command line and in {@code SCALEDQL_BACKEND}: {@code cpu} or {@code cuda}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The backend whose ND4J class is {@code className}, or null if it is neither. */
    public static Backend ofNd4jClass(String className) {
        for (Backend b : values()) {
            if (b.nd4jBackendClass.equals(className)) {
                return b;
            }
        }
        return null;
    }
}
