package org.scaledql.cuda;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Whether an NVIDIA GPU is visible to this process, judged without loading any CUDA library: the kernel
 * driver's device list and {@code CUDA_VISIBLE_DEVICES}. The {@code ./scaledql} launcher makes the same
 * judgement in bash for {@code --backend auto}.
 *
 * @param driverGpus         GPUs the NVIDIA kernel driver lists ({@code /proc/driver/nvidia/gpus/*}, or
 *                           {@code /dev/nvidiaN} device nodes where {@code /proc} does not show the driver)
 * @param cudaVisibleDevices the {@code CUDA_VISIBLE_DEVICES} value, or null when unset
 */
public record GpuVisibility(int driverGpus, String cudaVisibleDevices) {

    private static final Pattern DEVICE_NODE = Pattern.compile("nvidia[0-9]+");

    /** Validates the count. */
    public GpuVisibility {
        if (driverGpus < 0) {
            throw new IllegalArgumentException("driverGpus counts devices and must be >= 0; got " + driverGpus);
        }
    }

    /**
     * True when the driver lists at least one GPU and {@code CUDA_VISIBLE_DEVICES} does not hide them all. CUDA
     * hides every device when the variable is set but empty, or when its first entry is {@code -1} (enumeration
     * stops at the first invalid index).
     */
    public boolean visible() {
        return driverGpus > 0 && !hiddenByCudaVisibleDevices(cudaVisibleDevices);
    }

    /** Whether a {@code CUDA_VISIBLE_DEVICES} value hides every device (null: unset, hides nothing). */
    public static boolean hiddenByCudaVisibleDevices(String value) {
        if (value == null) {
            return false;
        }
        String first = value.split(",", -1)[0].trim();
        return first.isEmpty() || first.startsWith("-");
    }

    /** Probes this machine: {@code /proc/driver/nvidia/gpus}, {@code /dev} and the process environment. */
    public static GpuVisibility probe() {
        return probe(Path.of("/proc/driver/nvidia/gpus"), Path.of("/dev"), System.getenv());
    }

    /**
     * Probes the given locations (tests pass temporary directories).
     *
     * @param procGpus the driver's per-GPU directory ({@code /proc/driver/nvidia/gpus})
     * @param dev      the device directory ({@code /dev})
     */
    public static GpuVisibility probe(Path procGpus, Path dev, Map<String, String> environment) {
        int n = count(procGpus, null);
        if (n == 0) {
            n = count(dev, DEVICE_NODE);
        }
        return new GpuVisibility(n, environment.get("CUDA_VISIBLE_DEVICES"));
    }

    private static int count(Path dir, Pattern names) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return (int) s.filter(p -> names == null || names.matcher(p.getFileName().toString()).matches()).count();
        } catch (IOException | SecurityException e) {
            return 0;
        }
    }
}
