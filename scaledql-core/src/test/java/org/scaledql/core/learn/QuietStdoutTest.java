package org.scaledql.core.learn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;
import org.scaledql.api.learn.LossConfig;
import org.scaledql.api.nn.HeadConfig;
import org.scaledql.core.nn.SameDiffQNetwork;

/**
 * A library must not write to its users' stdout: SameDiff prints "Added differentiated op" once per op whenever it
 * builds a gradient function. Building steps (plain, with DR3, with frozen parameters) and training them, through
 * both SameDiff's first call and the compiled graph, prints nothing.
 */
class QuietStdoutTest {

    @Test
    void buildingAndTrainingStepsPrintsNothingToStdout() {
        PrintStream saved = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            LossConfig[] losses = {LossConfig.scaledQl(), LossConfig.scaledQl().withDr3(0.1)};
            for (LossConfig loss : losses) {
                for (boolean freeze : new boolean[] {false, true}) {
                    SameDiffQNetwork net = SameDiffQNetwork.create(ScaledQlTrainStepTest.gridConfig(HeadConfig.c51()), 3);
                    ScaledQlTrainStep step = ScaledQlTrainStep.builder(net).loss(loss).updater(new Adam(1e-3))
                            .frozen(name -> freeze && name.startsWith("encoder/")).build();
                    for (int i = 0; i < 3; i++) {
                        step.step(ScaledQlTrainStepTest.randomBatch(20 + i, 6, 3));
                    }
                    step.computeGradients(ScaledQlTrainStepTest.randomBatch(30, 5, 3)); // a new batch shape
                }
            }
        } finally {
            System.setOut(saved);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("Added differentiated op");
    }
}
