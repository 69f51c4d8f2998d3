package org.scaledql.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Reports built from what ND4J's executioners put in getEnvironmentInformation(). */
class BackendReportTest {

    static Properties cudaInfo() {
        Properties p = new Properties();
        p.put("backend", "CUDA");
        p.put("blas.vendor", "CUBLAS");
        p.put("cuda.availableDevices", 2);
        p.put("cuda.devicesInformation", List.of(
                Map.of("cuda.deviceName", "NVIDIA A100-SXM4-80GB", "cuda.deviceMajor", 8, "cuda.deviceMinor", 0,
                        "cuda.totalMemory", 85_899_345_920L, "cuda.freeMemory", 80_000_000_000L),
                Map.of("cuda.deviceName", "NVIDIA H100 80GB HBM3", "cuda.deviceMajor", 9, "cuda.deviceMinor", 0,
                        "cuda.totalMemory", 85_520_809_984L, "cuda.freeMemory", 84_000_000_000L)));
        return p;
    }

    @Test
    void cudaDevicesAreReadAndCudnnNeedsTheBuildFlagAndHelpers() {
        BackendReport r = BackendReport.of(Backend.CUDA.nd4jBackendClass(), cudaInfo(), "HAVE_FLATBUFFERS HAVE_CUDNN", true, "11.6.0");
        assertThat(r.backend()).isEqualTo("cuda");
        assertThat(r.cudaAvailable()).isTrue();
        assertThat(r.cudnnAvailable()).isTrue();
        assertThat(r.devices()).extracting(GpuDevice::name).containsExactly("NVIDIA A100-SXM4-80GB", "NVIDIA H100 80GB HBM3");
        assertThat(r.devices().get(1).index()).isEqualTo(1);
        assertThat(r.devices().get(0).totalMemoryBytes()).isEqualTo(85_899_345_920L);
        assertThat(r.devicesWithoutKernels()).extracting(GpuDevice::computeCapability).containsExactly("9.0");
        assertThat(BackendReport.of(Backend.CUDA.nd4jBackendClass(), cudaInfo(), "HAVE_FLATBUFFERS", true, "").cudnnAvailable()).isFalse();
        assertThat(BackendReport.of(Backend.CUDA.nd4jBackendClass(), cudaInfo(), "HAVE_CUDNN", false, "").cudnnAvailable()).isFalse();
    }

    @Test
    void cpuHasNoDevicesAndNoCuda() {
        Properties p = new Properties();
        p.put("backend", "CPU");
        p.put("blas.vendor", "OPENBLAS");
        BackendReport r = BackendReport.of(Backend.CPU.nd4jBackendClass(), p, "HAVE_ONEDNN HAVE_OPENBLAS HAVE_ONEDNN", true, "0.3.19");
        assertThat(r.backend()).isEqualTo("cpu");
        assertThat(r.devices()).isEmpty();
        assertThat(r.cudaAvailable()).isFalse();
        assertThat(r.cudnnAvailable()).isFalse();
        assertThat(r.buildFlags()).containsExactly("HAVE_ONEDNN", "HAVE_OPENBLAS");
        assertThat(BackendReport.buildFlags(null)).isEmpty();
    }
}
