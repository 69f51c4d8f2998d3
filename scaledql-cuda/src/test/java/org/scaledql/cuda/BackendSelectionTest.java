package org.scaledql.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The pure selection rules, over every combination of request and host, and seeded random environments. */
class BackendSelectionTest {

    static final GpuVisibility GPU = new GpuVisibility(1, null);
    static final GpuVisibility NO_GPU = new GpuVisibility(0, null);
    static final GpuVisibility HIDDEN = new GpuVisibility(2, "-1");

    static List<HostFacts> allHosts() {
        List<HostFacts> hosts = new java.util.ArrayList<>();
        for (boolean cpu : new boolean[] {false, true}) {
            for (boolean cuda : new boolean[] {false, true}) {
                for (GpuVisibility g : List.of(GPU, NO_GPU, HIDDEN)) {
                    hosts.add(new HostFacts(cpu, cuda, g));
                }
            }
        }
        return hosts;
    }

    /** The rules restated independently, as the expected backend or null for "throws". */
    static Backend expected(BackendRequest r, HostFacts h) {
        return switch (r) {
            case CPU -> h.cpuBackendPresent() ? Backend.CPU : null;
            case CUDA -> h.cudaBackendPresent() ? Backend.CUDA : null;
            case AUTO -> h.cudaBackendPresent() && (h.gpus().visible() || !h.cpuBackendPresent()) ? Backend.CUDA
                    : h.cpuBackendPresent() ? Backend.CPU : null;
        };
    }

    @Test
    void everyRequestOnEveryHostFollowsTheRules() {
        for (BackendRequest r : BackendRequest.values()) {
            for (HostFacts h : allHosts()) {
                Backend want = expected(r, h);
                if (want == null) {
                    assertThatThrownBy(() -> BackendSelection.decide(r, h)).as("%s on %s", r, h)
                            .isInstanceOf(IllegalStateException.class).hasMessageContaining("classpath");
                } else {
                    BackendDecision d = BackendSelection.decide(r, h);
                    assertThat(d.backend()).as("%s on %s", r, h).isEqualTo(want);
                    assertThat(d.request()).isEqualTo(r);
                    assertThat(d.reason()).isNotBlank();
                }
            }
        }
    }

    @Test
    void explicitCudaNeverFallsBackAndSaysWhenNoGpuIsVisible() {
        BackendDecision d = BackendSelection.decide(BackendRequest.CUDA, new HostFacts(true, true, NO_GPU));
        assertThat(d.backend()).isEqualTo(Backend.CUDA);
        assertThat(d.reason()).contains("no NVIDIA GPU is visible").contains("fail at start-up");
        assertThat(BackendSelection.decide(BackendRequest.AUTO, new HostFacts(true, true, HIDDEN)).reason())
                .contains("CUDA_VISIBLE_DEVICES='-1'");
    }

    @Test
    void missingBackendErrorsSayWhatToAdd() {
        assertThatThrownBy(() -> BackendSelection.decide(BackendRequest.CUDA, new HostFacts(true, false, GPU)))
                .hasMessageContaining("nd4j-cuda-11.6").hasMessageContaining("--backend cuda");
        assertThatThrownBy(() -> BackendSelection.decide(BackendRequest.CPU, new HostFacts(false, true, GPU)))
                .hasMessageContaining("nd4j-native");
    }

    @Test
    void environmentCheckAgreesWithNd4jsPriorityOrderForRandomEnvironments() {
        long seed = 20240601;
        Random rnd = new Random(seed);
        for (int i = 0; i < 500; i++) {
            HostFacts h = new HostFacts(rnd.nextBoolean(), rnd.nextBoolean(), GPU);
            Backend b = rnd.nextBoolean() ? Backend.CPU : Backend.CUDA;
            BackendDecision d = new BackendDecision(b, BackendRequest.AUTO, "test");
            Map<String, String> env = new HashMap<>();
            Integer cpu = rnd.nextInt(4) == 0 ? null : rnd.nextInt(400) - 100;
            Integer gpu = rnd.nextInt(4) == 0 ? null : rnd.nextInt(400) - 100;
            if (cpu != null) {
                env.put("BACKEND_PRIORITY_CPU", cpu.toString());
            }
            if (gpu != null) {
                env.put("BACKEND_PRIORITY_GPU", gpu.toString());
            }
            int c = cpu == null ? 0 : cpu;
            int g = gpu == null ? 100 : gpu;
            boolean other = b == Backend.CPU ? h.cudaBackendPresent() : h.cpuBackendPresent();
            boolean ok = !other || (b == Backend.CPU ? c > g : g > c);
            Optional<String> problem = BackendSelection.environmentProblem(d, h, env);
            assertThat(problem.isEmpty()).as("seed %s case %s: %s on %s with %s", seed, i, b, h, env).isEqualTo(ok);
            problem.ifPresent(p -> assertThat(p).contains(b.priorityEnvironment().get("BACKEND_PRIORITY_CPU")));
            // The fix the message gives always works.
            assertThat(BackendSelection.environmentProblem(d, h, b.priorityEnvironment())).isEmpty();
        }
    }

    @Test
    void aNonIntegerPriorityIsReportedBecauseNd4jWouldFailToStart() {
        HostFacts h = new HostFacts(true, false, NO_GPU);
        BackendDecision d = BackendSelection.decide(BackendRequest.CPU, h);
        assertThat(BackendSelection.environmentProblem(d, h, Map.of("BACKEND_PRIORITY_GPU", "high")))
                .hasValueSatisfying(m -> assertThat(m).contains("BACKEND_PRIORITY_GPU").contains("'high'"));
    }

    @Test
    void requestParsingAndPrecedence() {
        assertThat(BackendRequest.parse(" CUDA ", "x")).isEqualTo(BackendRequest.CUDA);
        assertThat(BackendRequest.parse("auto", "x")).isEqualTo(BackendRequest.AUTO);
        assertThatThrownBy(() -> BackendRequest.parse("gpu", "--backend")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--backend must be cpu, cuda or auto; got 'gpu'. Pass one of those three.");
        Map<String, String> env = Map.of("SCALEDQL_BACKEND", "cuda");
        assertThat(BackendRequest.resolve("cpu", env, BackendRequest.AUTO)).isEqualTo(BackendRequest.CPU);
        assertThat(BackendRequest.resolve(null, env, BackendRequest.AUTO)).isEqualTo(BackendRequest.CUDA);
        assertThat(BackendRequest.resolve(null, Map.of("SCALEDQL_BACKEND", " "), BackendRequest.CPU)).isEqualTo(BackendRequest.CPU);
        assertThat(BackendRequest.resolve(null, Map.of(), BackendRequest.AUTO)).isEqualTo(BackendRequest.AUTO);
        assertThatThrownBy(() -> BackendRequest.resolve(null, Map.of("SCALEDQL_BACKEND", "tpu"), BackendRequest.AUTO))
                .hasMessageContaining("environment variable SCALEDQL_BACKEND").hasMessageContaining("'tpu'");
    }
}
