package org.scaledql.core.train;

import java.nio.file.Path;
import org.scaledql.core.data.store.TransitionStores;

/** A training run in its own JVM, so a test can kill it with SIGKILL. Args: storeDir runDir steps checkpointEvery. */
public final class TrainerProcess {

    private TrainerProcess() {
    }

    /** Runs the fixture config on the store until done (or killed). */
    public static void main(String[] args) throws Exception {
        try (var store = TransitionStores.open(Path.of(args[0]))) {
            Trainer.builder(TrainerFixtures.config(Long.parseLong(args[2]), Long.parseLong(args[3])), store, Path.of(args[1]))
                    .progress(false).resume(true).build().run();
        }
    }
}
