package org.scaledql.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.scaledql.core.io.Json;

/** {@code ./scaledql backend} in the default (CPU) build. */
class BackendCommandTest {

    @Test
    void jsonReportsTheCpuBackendAndWhy() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ScaledQlCli.run(new String[] {"backend", "--json"}, new PrintWriter(out), new PrintWriter(err));
        assertThat(code).as("stderr: %s", err).isZero();
        JsonNode root = Json.mapper().readTree(out.toString());
        assertThat(root.path("decision").path("backend").asText()).isEqualTo("CPU");
        assertThat(root.path("decision").path("reason").asText()).isNotBlank();
        assertThat(root.path("report").path("backend").asText()).isEqualTo("cpu");
        assertThat(root.path("report").path("cudaAvailable").asBoolean()).isFalse();
        assertThat(root.path("report").path("devices").size()).isZero();
    }

    @Test
    void textNamesTheBackend() {
        StringWriter out = new StringWriter();
        int code = ScaledQlCli.run(new String[] {"backend"}, new PrintWriter(out), new PrintWriter(new StringWriter()));
        assertThat(code).isZero();
        assertThat(out.toString()).startsWith("backend   cpu (").contains("cuda      not available");
    }
}
