package org.scaledql.examples.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ./scaledql} command-line application. stdout carries only each command's result; logs and
 * progress go to stderr. Exit code 0 on success, non-zero with a one-line reason on stderr otherwise.
 */
@Command(name = "scaledql",
        mixinStandardHelpOptions = true,
        scope = CommandLine.ScopeType.INHERIT, // every subcommand gets --help and --version too
        versionProvider = ScaledQlCli.Version.class,
        description = "Scaled Q-learning: multi-game offline Q-learning on ND4J.",
        subcommands = {
            DemoCommand.class,
            FinetuneCommand.class,
            ModelCommand.class,
            TrainCommand.class,
            MetricsCommand.class,
            NormalizeCommand.class,
            GamesCommand.class,
            RenderCommand.class,
            ImportDqnReplayCommand.class,
            InspectCommand.class,
            VerifyCommand.class,
            DataBenchCommand.class,
            EvaluateCommand.class,
            BackendCommand.class,
            BenchCommand.class,
            GenerateCommand.class,
            ReproduceCommand.class,
        })
public final class ScaledQlCli implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** Entry point; exits with the command's status. */
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs the CLI with the given streams (tests use this).
     *
     * @return the exit code
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new ScaledQlCli());
        cl.setOut(out);
        cl.setErr(err);
        // One line, no stack trace, for failures the user can act on.
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            Throwable root = ex;
            while (root.getCause() != null && (root.getMessage() == null || root instanceof java.lang.reflect.InvocationTargetException)) {
                root = root.getCause();
            }
            commandLine.getErr().println("scaledql: " + (root.getMessage() != null ? root.getMessage() : root.toString()));
            if (Boolean.getBoolean("scaledql.debug")) {
                ex.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        // picocli answers "NAME --help" with the top-level help and status 0 when NAME is no command.
        // (Without --help picocli itself refuses it, with suggestions.)
        if (args.length > 0 && !args[0].startsWith("-") && !cl.getSubcommands().containsKey(args[0])
                && java.util.Arrays.stream(args).anyMatch(a -> a.equals("--help") || a.equals("-h"))) {
            err.println("scaledql: no command '" + args[0] + "' (./scaledql --help lists them)");
            return 2;
        }
        return cl.execute(args);
    }

    /** Reports the library version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = ScaledQlCli.class.getPackage().getImplementationVersion();
            return new String[] {"scaledql " + (v != null ? v : "development build")};
        }
    }
}
