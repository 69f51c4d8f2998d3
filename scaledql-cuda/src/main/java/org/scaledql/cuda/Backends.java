package org.scaledql.cuda;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backend selection and reporting for a running process. Call {@link #select} first thing in {@code main}
 * (it does not initialise ND4J), then {@link #verify} or {@link #describe} once ND4J is up.
 */
public final class Backends {

    private static final Logger LOG = LoggerFactory.getLogger(Backends.class);

    private Backends() {
    }

    /**
     * Decides the backend for {@code request} on this host and checks that this JVM's environment makes ND4J
     * load it. Does not initialise ND4J.
     *
     * @throws IllegalStateException if the backend is not on the classpath, or if both backends are present and
     *                               the {@code BACKEND_PRIORITY_*} variables this JVM started with would make
     *                               ND4J load the other one (the message gives the variables to set)
     */
    public static BackendDecision select(BackendRequest request) {
        HostFacts host = probeHost();
        BackendDecision decision = BackendSelection.decide(request, host);
        Optional<String> problem = BackendSelection.environmentProblem(decision, host, System.getenv());
        if (problem.isPresent()) {
            throw new IllegalStateException(problem.get());
        }
        LOG.info("backend {}: {}", decision.backend().cliName(), decision.reason());
        return decision;
    }

    /** What this JVM has: which backends are on the classpath and whether a GPU is visible. Does not initialise ND4J. */
    public static HostFacts probeHost() {
        ClassLoader cl = Backends.class.getClassLoader();
        boolean cpu = classPresent(Backend.CPU.nd4jBackendClass(), cl);
        boolean cuda = classPresent(Backend.CUDA.nd4jBackendClass(), cl) && cl.getResource(cudaNativeResource()) != null;
        return new HostFacts(cpu, cuda, GpuVisibility.probe());
    }

    /**
     * The class-path resource of the CUDA backend's native library for this platform, e.g.
     * {@code org/nd4j/linalg/jcublas/bindings/linux-x86_64/libnd4jcuda.so}: present only when the natives jar is.
     */
    static String cudaNativeResource() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String platformArch = switch (arch) {
            case "amd64", "x86_64", "x86-64" -> "x86_64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
        boolean windows = os.startsWith("windows");
        String platform = (windows ? "windows" : os.startsWith("mac") ? "macosx" : "linux") + "-" + platformArch;
        return "org/nd4j/linalg/jcublas/bindings/" + platform + "/" + (windows ? "nd4jcuda.dll" : "libnd4jcuda.so");
    }

    /**
     * The backend ND4J loaded (initialises ND4J if it is not yet).
     *
     * @throws IllegalStateException if ND4J cannot start any backend (e.g. only the CUDA backend is on the class
     *                               path and the GPU, driver or CUDA runtime is missing); the message says what to check
     */
    public static Backend current() {
        String cls;
        try {
            cls = Nd4j.getBackend().getClass().getName();
        } catch (ExceptionInInitializerError | NoClassDefFoundError e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new IllegalStateException("ND4J could not start a backend (" + root + "). If this is the CUDA"
                    + " build, the log above says why CUDA failed: check nvidia-smi, the CUDA 11.x runtime"
                    + " (libcudart.so.11.0, libcublas.so.11, libcusolver.so.11) and the GPU's compute capability"
                    + " (docs/cuda.md); or run with --backend cpu", e);
        }
        Backend b = Backend.ofNd4jClass(cls);
        if (b == null) {
            throw new IllegalStateException("ND4J loaded an unknown backend " + cls + "; scaledql knows "
                    + Backend.CPU.nd4jBackendClass() + " and " + Backend.CUDA.nd4jBackendClass());
        }
        return b;
    }

    /**
     * Checks that ND4J loaded the decided backend (initialises ND4J if it is not yet). Catches ND4J's silent
     * fallback from CUDA to CPU when CUDA fails to initialise with both backends on the classpath.
     *
     * @throws IllegalStateException if ND4J loaded another backend
     */
    public static void verify(BackendDecision decision) {
        Objects.requireNonNull(decision, "decision");
        Backend loaded = current();
        if (loaded != decision.backend()) {
            throw new IllegalStateException("backend " + decision.backend().cliName() + " was decided (" + decision.reason()
                    + ") but ND4J loaded " + loaded.cliName() + (decision.backend() == Backend.CUDA
                    ? "; ND4J's CUDA backend failed to start: check nvidia-smi, the CUDA 11.x runtime (libcudart.so.11.0,"
                    + " libcublas.so.11, libcusolver.so.11) and the GPU's compute capability (docs/cuda.md)"
                    : ""));
        }
    }

    /** Describes the loaded backend as ND4J reports it (initialises ND4J if it is not yet). */
    public static BackendReport describe() {
        var env = Nd4j.getEnvironment();
        String blas = env.blasMajorVersion() + "." + env.blasMinorVersion() + "." + env.blasPatchVersion();
        return BackendReport.of(Nd4j.getBackend().getClass().getName(),
                Nd4j.getExecutioner().getEnvironmentInformation(), Nd4j.getBackend().buildInfo(),
                env.helpersAllowed(), blas);
    }

    /**
     * Prints the decision for {@code SCALEDQL_BACKEND} (default auto) and {@link #describe()} as one JSON object
     * on stdout: {@code java -cp ... org.scaledql.cuda.Backends}. Exits 1 with a one-line reason on failure.
     */
    public static void main(String[] args) throws Exception {
        try {
            BackendDecision d = select(BackendRequest.resolve(null, System.getenv(), BackendRequest.AUTO));
            verify(d);
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            out.put("decision", d);
            out.put("report", describe());
            System.out.println(new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(out));
        } catch (IllegalStateException | IllegalArgumentException e) {
            System.err.println("scaledql: " + e.getMessage());
            System.exit(1);
        }
    }

    private static boolean classPresent(String name, ClassLoader cl) {
        try {
            Class.forName(name, false, cl);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
