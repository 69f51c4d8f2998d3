package org.scaledql.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The process-level calls in the default (CPU) build: the CPU backend is selected and verified, CUDA is
 * refused with a hint because its natives are absent, and the report reflects the oneDNN CPU build.
 */
class BackendsTest {

    @Test
    void cpuIsSelectedVerifiedAndDescribed() {
        HostFacts host = Backends.probeHost();
        assertThat(host.cpuBackendPresent()).isTrue();
        assumeTrue(!host.cudaBackendPresent(), "-Pcuda starts tests with CUDA first, so selecting the CPU is refused");
        BackendDecision d = Backends.select(BackendRequest.CPU);
        assertThat(d.backend()).isEqualTo(Backend.CPU);
        Backends.verify(d);
        assertThat(Backends.current()).isEqualTo(Backend.CPU);
        BackendReport r = Backends.describe();
        assertThat(r.backend()).isEqualTo("cpu");
        assertThat(r.cudaAvailable()).isFalse();
        assertThat(r.devices()).isEmpty();
        assertThat(r.buildFlags()).as("the oneDNN classifier is on the test classpath").contains("HAVE_ONEDNN");
    }

    @Test
    void verifyCatchesAFallbackToTheCpu() {
        assumeTrue(Backends.current() == Backend.CPU, "ND4J runs on CUDA here");
        BackendDecision wanted = new BackendDecision(Backend.CUDA, BackendRequest.CUDA, "cuda was requested");
        assertThatThrownBy(() -> Backends.verify(wanted)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ND4J loaded cpu").hasMessageContaining("libcudart.so.11.0");
    }

    @Test
    void cudaIsRefusedWithoutItsNatives() {
        assumeTrue(!Backends.probeHost().cudaBackendPresent(), "the CUDA natives are on this classpath (-Pcuda)");
        assertThat(Backends.class.getClassLoader().getResource(Backends.cudaNativeResource())).isNull();
        assertThatThrownBy(() -> Backends.select(BackendRequest.CUDA)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("-Pcuda");
        assertThat(Backends.select(BackendRequest.AUTO).backend()).isEqualTo(Backend.CPU);
    }

    @Test
    void cudaDefaultsChangeNothingOnTheCpu() {
        boolean helpers = Nd4j.getEnvironment().helpersAllowed();
        assertThat(CudaDefaults.recommended().apply(Backend.CPU)).isEmpty();
        assertThat(new CudaDefaults(true, 0, !helpers).apply(Backend.CPU)).isEmpty();
        assertThat(Nd4j.getEnvironment().helpersAllowed()).isEqualTo(helpers);
        assertThatThrownBy(() -> new CudaDefaults(true, -1, true)).hasMessageContaining(">= 0").hasMessageContaining("-1");
        assertThat(Backends.cudaNativeResource()).startsWith("org/nd4j/linalg/jcublas/bindings/");
    }
}
