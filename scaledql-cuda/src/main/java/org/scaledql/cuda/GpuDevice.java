package org.scaledql.cuda;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One CUDA device as ND4J reports it.
 *
 * @param index             device ordinal
 * @param name              e.g. {@code NVIDIA A100-SXM4-80GB}
 * @param major             compute capability, major
 * @param minor             compute capability, minor
 * @param totalMemoryBytes  device memory
 * @param freeMemoryBytes   free device memory when reported
 */
public record GpuDevice(int index, String name, int major, int minor, long totalMemoryBytes, long freeMemoryBytes) {

    /**
     * The GPU architectures ({@code sm_XY}) with compiled kernels in ND4J 1.0.0-M2.1's CUDA 11.6 natives
     * ({@code libnd4jcuda.so}, classifier {@code linux-x86_64}). Read from the library's {@code .nv_fatbin}
     * section: 228 kernel images, each with ELF code for these nine architectures and no PTX, so the driver
     * cannot compile kernels for any newer architecture.
     */
    public static final List<Integer> ND4J_KERNEL_ARCHITECTURES = List.of(37, 50, 52, 60, 61, 70, 75, 80, 86);

    /** Validates names and sizes. */
    public GpuDevice {
        Objects.requireNonNull(name, "name");
        if (index < 0 || major < 0 || minor < 0 || totalMemoryBytes < 0) {
            throw new IllegalArgumentException("device index, compute capability and memory must be >= 0; got index="
                    + index + ", capability=" + major + "." + minor + ", totalMemoryBytes=" + totalMemoryBytes);
        }
    }

    /** The compute capability as {@code major.minor}, e.g. {@code 9.0} for an H100. */
    public String computeCapability() {
        return major + "." + minor;
    }

    /**
     * The ND4J kernel architecture this device would run, by CUDA's binary-compatibility rule: ELF code for
     * {@code sm_XY} runs on devices of the same major version {@code X} and minor version {@code >= Y}. Empty
     * when ND4J M2.1 has no kernels for this device (compute capability 9.0 and later, e.g. H100 and H200, and
     * anything older than 3.7).
     */
    public Optional<Integer> nd4jKernelArchitecture() {
        return kernelArchitecture(major, minor);
    }

    /** The rule of {@link #nd4jKernelArchitecture()} for any compute capability. */
    public static Optional<Integer> kernelArchitecture(int major, int minor) {
        Integer best = null;
        for (int sm : ND4J_KERNEL_ARCHITECTURES) {
            if (sm / 10 == major && sm % 10 <= minor) {
                best = sm;
            }
        }
        return Optional.ofNullable(best);
    }
}
