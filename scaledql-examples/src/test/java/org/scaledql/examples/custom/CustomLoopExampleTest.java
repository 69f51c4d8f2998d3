package org.scaledql.examples.custom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scaledql.api.data.TransitionStore;
import org.scaledql.api.env.EnvironmentConfig;
import org.scaledql.core.data.store.DiskStoreWriter;
import org.scaledql.core.data.store.TransitionStores;
import org.scaledql.core.env.DatasetGenerator;

/** The example of docs/custom-experiments.md runs, reporting the extra term and the diagnostic. */
class CustomLoopExampleTest {

    @Test
    void theCustomLoopTrainsWithTheExtraTermAndTheTargetDiagnostic(@TempDir Path dir) throws Exception {
        DiskStoreWriter w = TransitionStores.writer(dir.resolve("store"));
        DatasetGenerator.generate(new DatasetGenerator.Config(List.of("catch", "breakout"), 400,
                EnvironmentConfig.defaults(), 3), w);
        w.close();
        try (TransitionStore store = TransitionStores.open(dir.resolve("store"))) {
            Map<String, Double> m = CustomLoopExample.run(store, List.of("catch", "breakout"), 12, 5);
            assertThat(m).containsKeys("loss/total", "loss/td", "loss/cql", "loss/q_l2", "diag/target_mean");
            assertThat(m.values()).allSatisfy(v -> assertThat(v).isFinite());
            assertThat(m.get("loss/total")).isCloseTo(m.get("loss/td") + m.get("loss/cql") + m.get("loss/q_l2"),
                    org.assertj.core.api.Assertions.within(1e-5));
        }
    }
}
