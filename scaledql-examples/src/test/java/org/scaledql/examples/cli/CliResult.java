package org.scaledql.examples.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the CLI ({@link ScaledQlCli#run}) for tests: its status, stdout and stderr. */
record CliResult(int code, String out, String err) {

    /** Runs the CLI on {@code args}. */
    static CliResult run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ScaledQlCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliResult(code, out.toString(), err.toString());
    }
}
