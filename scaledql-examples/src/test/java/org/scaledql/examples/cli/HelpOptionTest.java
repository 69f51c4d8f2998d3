package org.scaledql.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command answers {@code --help} with its usage on stdout and exit code 0, as Unix tools do. */
class HelpOptionTest {

    @ParameterizedTest
    @ValueSource(strings = {"train", "demo", "evaluate", "generate", "bench", "finetune", "inspect", "verify"})
    void subcommandHelpPrintsUsage(String command) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ScaledQlCli.run(new String[] {command, "--help"}, new PrintWriter(out), new PrintWriter(err));
        assertThat(code).as("stderr: %s", err).isZero();
        assertThat(out.toString()).startsWith("Usage: scaledql " + command);
    }

    /** Regression: "NAME --help" for a NAME that is no command printed the top-level help with status 0. */
    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h"})
    void helpForAnUnknownCommandFails(String help) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ScaledQlCli.run(new String[] {"no-such-command", help}, new PrintWriter(out), new PrintWriter(err));
        assertThat(code).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().strip()).isEqualTo("scaledql: no command 'no-such-command' (./scaledql --help lists them)");
    }

    /**
     * Descriptions are format strings to picocli: a bare '%' makes it print a warning on System.err and show
     * the raw text. Checks every command's help, the demo's subcommand included.
     */
    @ParameterizedTest
    @ValueSource(strings = {"train", "demo", "demo transfer", "evaluate", "generate", "bench", "finetune", "inspect",
        "verify", "metrics", "normalize", "games", "render", "import-dqn-replay", "bench-data", "backend", "model"})
    void helpTextsFormatWithoutPicocliWarnings(String command) {
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            String[] args = (command + " --help").split(" ");
            ScaledQlCli.run(args, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        } finally {
            System.setErr(saved);
        }
        assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8)).as(command).doesNotContain("picocli WARN");
    }
}
