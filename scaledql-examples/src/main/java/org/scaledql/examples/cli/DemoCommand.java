package org.scaledql.examples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ./scaledql demo}: the main job on built-in defaults (generate data, train, evaluate, report). */
@Command(name = "demo", description = "Generate a multi-game dataset, train Scaled QL and BC, evaluate and report.")
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println(
                "scaledql: demo is not built yet (it needs the trainer, data and testbed; see CHANGELOG.md)");
        return 3;
    }
}
