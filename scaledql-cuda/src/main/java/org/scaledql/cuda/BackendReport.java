package org.scaledql.cuda;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * What ND4J reports about the backend it loaded, from {@code Nd4j.getExecutioner().getEnvironmentInformation()}
 * and the native library's build information.
 *
 * @param backend          {@code cpu} or {@code cuda}
 * @param nd4jBackendClass the loaded {@code Nd4jBackend} class
 * @param blasVendor       ND4J's {@code blas.vendor} (e.g. {@code CUBLAS}, {@code OPENBLAS})
 * @param blasVersion      ND4J's BLAS version triple as it reports it (on CUDA: the cuBLAS/CUDA version libnd4j
 *                         reports; not verified on a GPU)
 * @param devices          CUDA devices (empty on the CPU backend)
 * @param cudaAvailable    the CUDA backend is loaded and sees at least one device
 * @param cudnnAvailable   the loaded natives were built with cuDNN ({@code HAVE_CUDNN} in the build
 *                         information) and ND4J's platform helpers are allowed
 * @param helpersAllowed   ND4J's platform helpers (cuDNN on CUDA, oneDNN on CPU) are switched on
 * @param buildFlags       the {@code HAVE_*} flags in the native build information
 */
public record BackendReport(String backend, String nd4jBackendClass, String blasVendor, String blasVersion,
        List<GpuDevice> devices, boolean cudaAvailable, boolean cudnnAvailable, boolean helpersAllowed,
        List<String> buildFlags) {

    /** Copies the lists. */
    public BackendReport {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(nd4jBackendClass, "nd4jBackendClass");
        devices = List.copyOf(devices);
        buildFlags = List.copyOf(buildFlags);
    }

    /**
     * Builds a report from ND4J's raw answers (pure: tests pass hand-made values).
     *
     * @param info      {@code getEnvironmentInformation()}; the CUDA executioner puts a list of per-device maps
     *                  under {@code cuda.devicesInformation} with keys {@code cuda.deviceName},
     *                  {@code cuda.deviceMajor}, {@code cuda.deviceMinor}, {@code cuda.totalMemory},
     *                  {@code cuda.freeMemory}
     * @param buildInfo the native library's build information string
     */
    public static BackendReport of(String nd4jBackendClass, Properties info, String buildInfo, boolean helpersAllowed,
            String blasVersion) {
        Backend b = Backend.ofNd4jClass(nd4jBackendClass);
        String name = b != null ? b.cliName() : String.valueOf(info.getOrDefault("backend", nd4jBackendClass)).toLowerCase();
        List<GpuDevice> devices = new ArrayList<>();
        if (info.get("cuda.devicesInformation") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m) {
                    devices.add(new GpuDevice(devices.size(), String.valueOf(m.get("cuda.deviceName")),
                            intOf(m.get("cuda.deviceMajor")), intOf(m.get("cuda.deviceMinor")),
                            longOf(m.get("cuda.totalMemory")), longOf(m.get("cuda.freeMemory"))));
                }
            }
        }
        List<String> flags = buildFlags(buildInfo);
        boolean cuda = b == Backend.CUDA && !devices.isEmpty();
        return new BackendReport(name, nd4jBackendClass, String.valueOf(info.getOrDefault("blas.vendor", "unknown")),
                blasVersion, devices, cuda, cuda && flags.contains("HAVE_CUDNN") && helpersAllowed, helpersAllowed, flags);
    }

    /** The distinct {@code HAVE_*} tokens of a build-information string, in order of appearance. */
    public static List<String> buildFlags(String buildInfo) {
        List<String> flags = new ArrayList<>();
        if (buildInfo == null) {
            return flags;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\bHAVE_[A-Z0-9_]+").matcher(buildInfo);
        while (m.find()) {
            if (!flags.contains(m.group())) {
                flags.add(m.group());
            }
        }
        return flags;
    }

    /** Devices for which ND4J M2.1 has no kernels (see {@link GpuDevice#nd4jKernelArchitecture()}). */
    public List<GpuDevice> devicesWithoutKernels() {
        return devices.stream().filter(d -> d.nd4jKernelArchitecture().isEmpty()).toList();
    }

    private static int intOf(Object o) {
        return o instanceof Number n ? n.intValue() : o == null ? 0 : Integer.parseInt(o.toString().trim());
    }

    private static long longOf(Object o) {
        return o instanceof Number n ? n.longValue() : o == null ? 0 : Long.parseLong(o.toString().trim());
    }
}
