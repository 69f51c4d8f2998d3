package org.scaledql.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runs the GPU parity machinery without a GPU: the CPU result from the child JVM against the same computation
 * in this (CPU) JVM. It must agree, and a perturbed result must not, so the harness the GPU tests rely on is
 * exercised by every default build.
 */
class CpuReferenceParityTest {

    @Test
    void childJvmCpuResultMatchesThisJvmAndAPerturbationIsCaught(@TempDir Path dir) throws Exception {
        assumeTrue(Backends.current() == Backend.CPU, "this JVM runs on CUDA; GpuParityTest covers that case");
        ParityRun.Result reference = ParityRun.runCpuChild(dir, 7);
        assertThat(reference.backend()).isEqualTo("cpu");
        ParityRun.Result here = ParityRun.run(dir);
        assertThat(ParityRun.differences(here, reference)).isEmpty();
        // The steps learn something: the loss falls, and every parameter moved.
        assertThat(reference.losses()[ParityRun.STEPS]).isLessThan(reference.losses()[0]);
        for (var e : reference.updates().entrySet()) {
            assertThat(e.getValue().amaxNumber().doubleValue()).as("update of %s", e.getKey()).isGreaterThan(0.0);
        }

        INDArray w = here.firstGradients().values().iterator().next();
        w.putScalar(0, w.getDouble(0) + 0.01 * w.amaxNumber().doubleValue() + 1e-3);
        here.outputs().get("qValues").addi(1e-2);
        assertThat(ParityRun.differences(here, reference)).hasSize(2)
                .anySatisfy(s -> assertThat(s).startsWith("output qValues"))
                .anySatisfy(s -> assertThat(s).startsWith("first-step gradient"));
    }
}
