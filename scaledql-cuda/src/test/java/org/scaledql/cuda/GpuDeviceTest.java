package org.scaledql.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class GpuDeviceTest {

    @Test
    void kernelArchitectureFollowsCudaBinaryCompatibility() {
        assertThat(GpuDevice.kernelArchitecture(9, 0)).as("H100/H200").isEmpty();
        assertThat(GpuDevice.kernelArchitecture(10, 0)).isEmpty();
        assertThat(GpuDevice.kernelArchitecture(8, 9)).as("L4/L40 (Ada)").contains(86);
        assertThat(GpuDevice.kernelArchitecture(8, 6)).contains(86);
        assertThat(GpuDevice.kernelArchitecture(8, 0)).as("A100").contains(80);
        assertThat(GpuDevice.kernelArchitecture(7, 5)).as("T4").contains(75);
        assertThat(GpuDevice.kernelArchitecture(7, 2)).contains(70);
        assertThat(GpuDevice.kernelArchitecture(6, 2)).contains(61);
        assertThat(GpuDevice.kernelArchitecture(3, 7)).as("K80").contains(37);
        assertThat(GpuDevice.kernelArchitecture(3, 5)).isEqualTo(Optional.empty());
        GpuDevice h100 = new GpuDevice(0, "NVIDIA H100 80GB HBM3", 9, 0, 85L << 30, 80L << 30);
        assertThat(h100.computeCapability()).isEqualTo("9.0");
        assertThat(h100.nd4jKernelArchitecture()).isEmpty();
    }
}
