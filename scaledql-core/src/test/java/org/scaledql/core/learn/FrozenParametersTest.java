package org.scaledql.core.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.scaledql.api.learn.Gradients;
import org.scaledql.api.learn.LossConfig;
import org.scaledql.api.learn.TrainingState;
import org.scaledql.api.nn.HeadConfig;
import org.scaledql.core.nn.SameDiffQNetwork;
import org.scaledql.core.testing.BitwiseArrays;

/** {@link ScaledQlTrainStep.Builder#frozen}: no gradient, no update, no optimizer state for frozen parameters. */
class FrozenParametersTest {

    static final Predicate<String> ENCODER = n -> n.startsWith("encoder/");

    static ScaledQlTrainStep step(Predicate<String> frozen, long seed) {
        return ScaledQlTrainStep.builder(SameDiffQNetwork.create(ScaledQlTrainStepTest.gridConfig(HeadConfig.c51()), seed))
                .loss(LossConfig.scaledQl()).updater(new Adam(1e-3)).targetUpdatePeriod(2).frozen(frozen).build();
    }

    @Test
    void frozenParametersStayBitIdenticalAndTheOthersTrain() {
        ScaledQlTrainStep s = step(ENCODER, 1);
        Map<String, INDArray> before = s.state().online();
        for (int i = 0; i < 4; i++) {
            s.step(ScaledQlTrainStepTest.randomBatch(10 + i, 6, 3));
        }
        Map<String, INDArray> after = s.online().parameters();
        assertThat(s.frozenParameters()).isNotEmpty().allMatch(ENCODER);
        for (String p : s.frozenParameters()) {
            BitwiseArrays.assertSameBits(after.get(p), before.get(p), "frozen " + p);
            BitwiseArrays.assertSameBits(s.target().parameters().get(p), before.get(p), "target copy of frozen " + p);
        }
        for (String p : s.trainableParameters()) {
            if (!p.endsWith("/b") && !p.contains("heads/")) { // every trained weight moved
                assertThat(after.get(p)).as("trainable %s", p).isNotEqualTo(before.get(p));
            }
        }
        assertThat(s.trainableParameters()).noneMatch(ENCODER).anyMatch(p -> p.startsWith("heads/"))
                .anyMatch(p -> p.startsWith("torso/"));
    }

    @Test
    void gradientsAndOptimizerStateCoverOnlyTrainableParameters() {
        ScaledQlTrainStep s = step(ENCODER, 2);
        Gradients g = s.computeGradients(ScaledQlTrainStepTest.randomBatch(3, 6, 3));
        assertThat(g.gradients().keySet()).containsExactlyElementsOf(s.trainableParameters());
        assertThat(g.gradients().values()).allMatch(a -> a.amaxNumber().doubleValue() > 0);
        assertThat(s.state().optimizer().keySet()).containsExactlyInAnyOrderElementsOf(s.trainableParameters());
        assertThat(s.state().online().keySet()).containsAll(s.frozenParameters());
    }

    /** Skipping the frozen gradients changes nothing for the others: same update as an unfrozen step's. */
    @Test
    void trainableParametersGetTheSameUpdateAsWithoutFreezing() {
        ScaledQlTrainStep frozen = step(ENCODER, 3);
        ScaledQlTrainStep free = step(n -> false, 3);
        var batch = ScaledQlTrainStepTest.randomBatch(4, 6, 3);
        Gradients gf = frozen.computeGradients(batch);
        Gradients ga = free.computeGradients(batch);
        for (String p : frozen.trainableParameters()) {
            INDArray a = gf.gradients().get(p);
            INDArray b = ga.gradients().get(p);
            double scale = Math.max(1e-6, b.amaxNumber().doubleValue());
            assertThat(a.sub(b).amaxNumber().doubleValue() / scale).as("gradient of %s", p).isLessThan(1e-4);
        }
        assertThat(gf.metrics().get("loss/total")).isEqualTo(ga.metrics().get("loss/total"));
    }

    @Test
    void restoringAFrozenStepContinuesBitForBit() {
        ScaledQlTrainStep a = step(ENCODER, 4);
        for (int i = 0; i < 3; i++) {
            a.step(ScaledQlTrainStepTest.randomBatch(20 + i, 6, 3));
        }
        TrainingState snapshot = a.state();
        a.step(ScaledQlTrainStepTest.randomBatch(30, 6, 3));
        ScaledQlTrainStep b = step(ENCODER, 99);
        b.restore(snapshot);
        b.step(ScaledQlTrainStepTest.randomBatch(30, 6, 3));
        BitwiseArrays.assertSameBits(b.state().online(), a.state().online(), "online");
        BitwiseArrays.assertSameBits(b.state().target(), a.state().target(), "target");
        BitwiseArrays.assertSameBits(b.state().optimizer(), a.state().optimizer(), "optimizer");
        assertThat(b.stepCount()).isEqualTo(4);
        // an unfrozen step keeps Adam moments for the encoder too, so its state does not fit a frozen step
        assertThatThrownBy(() -> step(ENCODER, 5).restore(step(n -> false, 5).state()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("optimizer state names differ");
    }

    @Test
    void errorsNameTheProblem() {
        assertThatThrownBy(() -> step(n -> true, 6)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("leaving nothing to train");
        ScaledQlTrainStep s = step(ENCODER, 7);
        Gradients g = step(n -> false, 7).computeGradients(ScaledQlTrainStepTest.randomBatch(5, 6, 3));
        assertThatThrownBy(() -> s.applyGradients(g)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("frozen parameters").hasMessageContaining("encoder/");
        Map<String, INDArray> partial = new LinkedHashMap<>(s.computeGradients(ScaledQlTrainStepTest.randomBatch(5, 6, 3))
                .gradients());
        String dropped = List.copyOf(partial.keySet()).get(0);
        partial.remove(dropped);
        assertThatThrownBy(() -> s.applyGradients(new Gradients(partial, Map.of())))
                .hasMessageContaining("missing").hasMessageContaining(dropped);
    }
}
