package org.scaledql.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command answers {@code --help} with its usage on stdout and exit code 0, as Unix tools do. */
class HelpOptionTest {

    @ParameterizedTest
    @ValueSource(strings = {"train", "demo", "evaluate", "generate", "bench", "finetune", "inspect"})
    void subcommandHelpPrintsUsage(String command) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ScaledQlCli.run(new String[] {command, "--help"}, new PrintWriter(out), new PrintWriter(err));
        assertThat(code).as("stderr: %s", err).isZero();
        assertThat(out.toString()).startsWith("Usage: scaledql " + command);
    }
}
