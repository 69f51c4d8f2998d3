package org.scaledql.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Without a network to reuse, {@code demo transfer} pre-trains the main demo's Scaled QL run, not a shorter one. */
class TransferDemoSettingsTest {

    @Test
    void theFallbackPreTrainingIsTheMainDemosScaledQlRun() {
        TransferDemo.Settings t = TransferDemo.Settings.defaults(Path.of("out"));
        MultiGameDemo.Settings d = MultiGameDemo.Settings.defaults(Path.of("out"));
        assertThat(t.pretrained()).isEqualTo(Path.of("runs/demo/scaledQl"));
        assertThat(t.pretrainConfig()).isEqualTo(d.train().withSeed(d.seed()));
        assertThat(t.pretrainGames()).isEqualTo(d.games());
        assertThat(t.pretrainTransitions()).isEqualTo(d.transitionsPerGame());
        assertThat(d.behavior()).isEqualTo(MultiGameDemo.Behavior.DQN_LOG);
    }
}
