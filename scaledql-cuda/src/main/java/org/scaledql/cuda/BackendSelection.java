package org.scaledql.cuda;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Pure backend-selection rules: which backend a request gets on a host, and whether the process environment
 * makes ND4J load that backend. No ND4J class is touched, so these run before ND4J initialises (and in unit
 * tests without a GPU).
 *
 * <table>
 * <caption>Rules</caption>
 * <tr><th>request</th><th>outcome</th></tr>
 * <tr><td>cpu</td><td>CPU; error if nd4j-native is not on the classpath</td></tr>
 * <tr><td>cuda</td><td>CUDA; error if the CUDA natives are not on the classpath. Never falls back: if no GPU
 *     is visible the reason says so and ND4J fails loudly at start-up</td></tr>
 * <tr><td>auto</td><td>CUDA if a GPU is visible and the CUDA natives are present, else CPU if present, else
 *     CUDA if it is the only backend, else error</td></tr>
 * </table>
 */
public final class BackendSelection {

    /** ND4J's default {@code BACKEND_PRIORITY_CPU}. */
    static final int DEFAULT_CPU_PRIORITY = 0;
    /** ND4J's default {@code BACKEND_PRIORITY_GPU}. */
    static final int DEFAULT_GPU_PRIORITY = 100;

    private BackendSelection() {
    }

    /**
     * Applies the rules in the class comment.
     *
     * @throws IllegalStateException when the requested backend (or, for auto, any backend) is not on the
     *                               classpath; the message says what to add
     */
    public static BackendDecision decide(BackendRequest request, HostFacts host) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(host, "host");
        boolean gpu = host.gpus().visible();
        String gpuWords = gpuWords(host.gpus());
        switch (request) {
            case CPU:
                if (!host.cpuBackendPresent()) {
                    throw new IllegalStateException("backend cpu was requested but ND4J's CPU backend (org.nd4j:nd4j-native) is not"
                            + " on the classpath; build without -Pcuda (./scaledql --backend cpu) or add nd4j-native");
                }
                return new BackendDecision(Backend.CPU, request, "cpu was requested");
            case CUDA:
                if (!host.cudaBackendPresent()) {
                    throw new IllegalStateException("backend cuda was requested but ND4J's CUDA natives"
                            + " (org.nd4j:nd4j-cuda-11.6, classifier linux-x86_64) are not on the classpath; run"
                            + " ./scaledql --backend cuda (builds with -Pcuda) or add that dependency (docs/cuda.md)");
                }
                return new BackendDecision(Backend.CUDA, request, gpu
                        ? "cuda was requested; " + gpuWords
                        : "cuda was requested although " + gpuWords + "; ND4J will fail at start-up if there is no usable GPU");
            case AUTO:
                if (gpu && host.cudaBackendPresent()) {
                    return new BackendDecision(Backend.CUDA, request, "auto: " + gpuWords + " and the CUDA backend is on the classpath");
                }
                if (host.cpuBackendPresent()) {
                    return new BackendDecision(Backend.CPU, request, "auto: " + (host.cudaBackendPresent()
                            ? gpuWords : "the CUDA backend is not on the classpath") + ", so the CPU");
                }
                if (host.cudaBackendPresent()) {
                    return new BackendDecision(Backend.CUDA, request, "auto: the CUDA backend is the only one on the classpath ("
                            + gpuWords + ")");
                }
                throw new IllegalStateException("no ND4J backend is on the classpath; add org.nd4j:nd4j-native (CPU) or"
                        + " scaledql-cuda with the nd4j-cuda-11.6 natives (docs/cuda.md)");
            default:
                throw new AssertionError(request);
        }
    }

    /**
     * Whether ND4J, started with {@code environment}, would load the decided backend first. Only matters when
     * the other backend is also present: ND4J tries backends in decreasing priority and takes the first that
     * initialises.
     *
     * @return empty when it would; otherwise a message with the variables to set before the JVM starts
     */
    public static Optional<String> environmentProblem(BackendDecision decision, HostFacts host,
            Map<String, String> environment) {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(environment, "environment");
        int cpu;
        int gpu;
        try {
            cpu = priority(environment, "BACKEND_PRIORITY_CPU", DEFAULT_CPU_PRIORITY);
            gpu = priority(environment, "BACKEND_PRIORITY_GPU", DEFAULT_GPU_PRIORITY);
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        boolean otherPresent = decision.backend() == Backend.CPU ? host.cudaBackendPresent() : host.cpuBackendPresent();
        boolean preferred = decision.backend() == Backend.CPU ? cpu > gpu : gpu > cpu;
        if (!otherPresent || preferred) {
            return Optional.empty();
        }
        StringBuilder fix = new StringBuilder();
        decision.environment().forEach((k, v) -> fix.append(' ').append(k).append('=').append(v));
        return Optional.of("both ND4J backends are on the classpath and BACKEND_PRIORITY_CPU=" + cpu
                + ", BACKEND_PRIORITY_GPU=" + gpu + " would make ND4J try " + (cpu > gpu ? "cpu" : "cuda")
                + " first, but " + decision.backend().cliName() + " was decided (" + decision.reason()
                + "); start the JVM with" + fix + " (ND4J reads them only at start-up; ./scaledql sets them)");
    }

    /** The priority ND4J will use for {@code name}: the variable's integer value, or ND4J's default when unset. */
    static int priority(Map<String, String> environment, String name, int fallback) {
        String v = environment.get(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer (ND4J fails to start otherwise); got '" + v + "'");
        }
    }

    private static String gpuWords(GpuVisibility g) {
        if (g.visible()) {
            return g.driverGpus() + " NVIDIA GPU(s) visible";
        }
        if (g.driverGpus() > 0) {
            return "CUDA_VISIBLE_DEVICES='" + g.cudaVisibleDevices() + "' hides the " + g.driverGpus() + " GPU(s)";
        }
        return "no NVIDIA GPU is visible";
    }
}
