package org.scaledql.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * On a GPU: the forward pass and {@value ParityRun#STEPS} gradient steps of a small multi-game C51 ResNet on
 * CUDA agree with the CPU backend within float tolerance. Skips itself (with the reason) where ND4J did not
 * load the CUDA backend. Run with {@code mvn -B verify -Pcuda -pl scaledql-cuda -am -Dgroups=gpu}.
 */
@Tag("gpu")
class GpuParityTest {

    private static ParityRun.Result cpu;
    private static ParityRun.Result gpu;
    private static String devices;
    private static String skipReason;

    @BeforeAll
    static void runBothBackends() throws Exception {
        Backend loaded = Backends.current();
        if (loaded != Backend.CUDA) {
            // Assumptions in each test (not here) so that surefire lists every test as skipped, with this reason.
            skipReason = "no GPU run: ND4J loaded the " + loaded.cliName() + " backend (build with -Pcuda on a machine"
                    + " with an NVIDIA GPU, its driver and the CUDA 11.x runtime; see docs/cuda.md)";
            return;
        }
        BackendReport report = Backends.describe();
        devices = report.devices().stream().map(d -> d.name() + " (compute capability " + d.computeCapability()
                + (d.nd4jKernelArchitecture().isPresent() ? "" : ", no ND4J M2.1 kernels for it") + ")")
                .collect(Collectors.joining(", "));
        Path dir = Files.createTempDirectory("scaledql-gpu-parity");
        cpu = ParityRun.runCpuChild(dir, 11);
        gpu = ParityRun.run(dir);
    }

    @BeforeEach
    void skipWithoutGpu() {
        assumeTrue(skipReason == null, skipReason);
    }

    @Test
    void describeSeesTheDevice() {
        BackendReport r = Backends.describe();
        assertThat(r.cudaAvailable()).isTrue();
        assertThat(r.devices()).isNotEmpty();
        assertThat(r.devices().get(0).totalMemoryBytes()).isPositive();
    }

    @Test
    void forwardPassMatchesTheCpu() {
        assertThat(gpu.backend()).isEqualTo("cuda");
        assertThat(cpu.backend()).isEqualTo("cpu");
        assertThat(ParityRun.differences(gpu, cpu)).as("on %s", devices)
                .filteredOn(s -> s.startsWith("output")).isEmpty();
    }

    @Test
    void gradientsLossesAndParameterUpdatesMatchTheCpu() {
        assertThat(ParityRun.differences(gpu, cpu)).as("on %s", devices).isEmpty();
    }
}
