package org.scaledql.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.scaledql.examples.cli.CliResult.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./scaledql bench} end to end on the smallest row, with a stand-in peer (no torch needed). */
class BenchCommandTest {


    @Test
    void compareJsonIsOneDocumentWithTheRatioPerRow(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh for the stand-in peer");
        Path peer = dir.resolve("peer.sh");
        // Stands in for bench/pytorch_peer.py: checks it was handed a spec file, answers 50 ms for the row.
        Files.writeString(peer, "[ \"$1\" = --spec ] && [ -s \"$2\" ] || exit 3\n"
                + "echo 'peer progress' >&2\n"
                + "echo '{\"rows\": [{\"network\": \"testbed\", \"batch\": 32, \"medianMs\": 50.0}]}'\n");
        CliResult r = run("bench", "--quick", "--rows", "testbed/32", "--compare", "pytorch", "--python", "/bin/sh",
                "--peer-script", peer.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.get("peakGflops").asDouble()).isPositive();
        assertThat(doc.get("rows")).hasSize(1);
        JsonNode row = doc.get("rows").get(0);
        assertThat(row.get("network").asText()).isEqualTo("testbed");
        assertThat(row.get("batch").asInt()).isEqualTo(32);
        assertThat(row.get("pytorchMs").asDouble()).isEqualTo(50.0);
        double ours = row.get("scaledqlMs").asDouble();
        assertThat(ours).isPositive();
        assertThat(row.get("ratio").asDouble()).isCloseTo(ours / 50.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(row.get("timedSteps").asInt()).isEqualTo(3);
        assertThat(r.err()).contains("peak").contains("testbed/32");
    }

    @Test
    void missingPeerFailsBeforeTimingWithTheFix(@TempDir Path dir) {
        CliResult r = run("bench", "--quick", "--rows", "testbed/32", "--compare", "pytorch",
                "--peer-script", dir.resolve("nope.py").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("nope.py").contains("--peer-script");
    }

    @Test
    void unknownRowIsRejected() {
        CliResult r = run("bench", "--quick", "--rows", "resnet50");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("unknown row 'resnet50'");
    }

    @Test
    void memoryModeReportsResidentMemoryOverTheRun() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "needs Linux /proc");
        CliResult r = run("bench", "--memory", "--steps", "10", "--batch", "4", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.get("steps").asLong()).isEqualTo(10);
        assertThat(doc.get("baselineMiB").asDouble()).isPositive();
        assertThat(doc.get("finalMiB").asDouble()).isPositive();
        assertThat(doc.get("samples").size()).isEqualTo(10);
        assertThat(doc.has("flatWithin5Percent")).isTrue();
    }

    /** --profile: the step's parts add up to about the step, and the ops include the relu kernel's row. */
    @Test
    void theDecisionTransformerRowTimesAndProfilesItsStep() throws Exception {
        CliResult r = run("bench", "--quick", "--rows", "dt/32", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode row = new ObjectMapper().readTree(r.out()).get("rows").get(0);
        assertThat(row.get("network").asText()).isEqualTo("dt");
        assertThat(row.get("scaledqlMs").asDouble()).isPositive();
        assertThat(row.get("timedSteps").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(row.has("gflops")).as("FLOPs are counted for Q-network steps only").isFalse();
        CliResult p = run("bench", "--profile", "--quick", "--rows", "dt/32", "--json");
        assertThat(p.code()).as(p.err()).isZero();
        JsonNode parts = new ObjectMapper().readTree(p.out()).get("rows").get(0).get("partsMs");
        assertThat(parts.has("step") && parts.has("inputs") && parts.has("gradients") && parts.has("update"))
                .as("parts %s", parts).isTrue();
        assertThat(new ObjectMapper().readTree(p.out()).get("rows").get(0).get("opsMs").size()).isPositive();
    }

    @Test
    void profileJsonGivesTheStepsPartsAndOps() throws Exception {
        CliResult r = run("bench", "--profile", "--quick", "--rows", "testbed/32", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode row = new ObjectMapper().readTree(r.out()).get("rows").get(0);
        assertThat(row.get("network").asText()).isEqualTo("testbed");
        JsonNode parts = row.get("partsMs");
        double step = parts.get("step").asDouble();
        double sum = parts.get("inputs").asDouble() + parts.get("gradients").asDouble() + parts.get("update").asDouble();
        assertThat(sum).as("inputs + gradients + update vs step %s", parts).isBetween(0.8 * step, step * 1.0001);
        assertThat(row.get("opsMs").has("thresholdedrelu_bp (ReluGradient)")).as(row.get("opsMs").toString()).isTrue();
    }

    @Test
    void byShapeNeedsProfile() {
        CliResult r = run("bench", "--by-shape", "--quick", "--rows", "testbed/32");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("--by-shape refines --profile");
    }
}
