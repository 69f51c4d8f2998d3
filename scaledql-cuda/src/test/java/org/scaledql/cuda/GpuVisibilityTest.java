package org.scaledql.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GpuVisibilityTest {

    @Test
    void cudaVisibleDevicesHidesEverythingWhenEmptyOrStartingWithMinusOne() {
        assertThat(GpuVisibility.hiddenByCudaVisibleDevices(null)).isFalse();
        assertThat(GpuVisibility.hiddenByCudaVisibleDevices("0")).isFalse();
        assertThat(GpuVisibility.hiddenByCudaVisibleDevices("1,0")).isFalse();
        assertThat(GpuVisibility.hiddenByCudaVisibleDevices("GPU-8932f937")).isFalse();
        assertThat(GpuVisibility.hiddenByCudaVisibleDevices("")).isTrue();
        assertThat(GpuVisibility.hiddenByCudaVisibleDevices(" ")).isTrue();
        assertThat(GpuVisibility.hiddenByCudaVisibleDevices("-1")).isTrue();
        assertThat(GpuVisibility.hiddenByCudaVisibleDevices("-1,0")).isTrue();
        assertThat(new GpuVisibility(1, "0").visible()).isTrue();
        assertThat(new GpuVisibility(0, "0").visible()).isFalse();
        assertThat(new GpuVisibility(4, "").visible()).isFalse();
        assertThatThrownBy(() -> new GpuVisibility(-1, null)).hasMessageContaining(">= 0; got -1");
    }

    @Test
    void probeCountsDriverGpusThenDeviceNodes(@TempDir Path root) throws Exception {
        Path proc = root.resolve("proc");
        Path dev = Files.createDirectory(root.resolve("dev"));
        Files.createFile(dev.resolve("nvidiactl"));
        Files.createFile(dev.resolve("nvidia-uvm"));
        assertThat(GpuVisibility.probe(proc, dev, Map.of()).driverGpus()).isZero();
        Files.createFile(dev.resolve("nvidia0"));
        Files.createFile(dev.resolve("nvidia1"));
        assertThat(GpuVisibility.probe(proc, dev, Map.of()).driverGpus()).isEqualTo(2);
        Files.createDirectories(proc.resolve("0000:3b:00.0"));
        GpuVisibility g = GpuVisibility.probe(proc, dev, Map.of("CUDA_VISIBLE_DEVICES", "-1"));
        assertThat(g.driverGpus()).isEqualTo(1);
        assertThat(g.visible()).isFalse();
    }
}
