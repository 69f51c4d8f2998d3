package org.scaledql.spark.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./scaledql spark <command>}: the Spark jobs. Results on stdout, progress and Spark's warnings on stderr;
 * exit 0 on success, 1 with a one-line reason on failure.
 */
@Command(name = "scaledql spark", mixinStandardHelpOptions = true, version = "scaledql-spark 0.1.0",
        description = "Run scaledql's data jobs on Apache Spark (local[*] by default; --master takes any master URL).",
        subcommands = {SparkImportCommand.class, SparkEvaluateCommand.class})
public final class SparkCli {

    private SparkCli() {
    }

    /**
     * Runs the command line.
     *
     * @param args the arguments after {@code spark}
     */
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs the command line with the given streams (tests).
     *
     * @param args the arguments after {@code spark}
     * @param out  stdout
     * @param err  stderr
     * @return the exit code
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new SparkCli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            String m = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            cmd.getErr().println("scaledql: " + m);
            cmd.getErr().flush();
            return 1;
        });
        return cl.execute(args);
    }
}
