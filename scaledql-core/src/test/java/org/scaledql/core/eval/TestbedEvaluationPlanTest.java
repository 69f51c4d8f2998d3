package org.scaledql.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scaledql.api.data.GameOrigin;
import org.scaledql.api.env.EnvironmentConfig;
import org.scaledql.api.env.ObservationFormat;
import org.scaledql.api.nn.HeadConfig;
import org.scaledql.api.nn.NatureCnnConfig;
import org.scaledql.api.nn.NetworkConfig;
import org.scaledql.api.nn.ResNetConfig;

/** The evaluation environment follows the games' recorded origins, and says why when there is none. */
class TestbedEvaluationPlanTest {

    private static final EnvironmentConfig BASE = EnvironmentConfig.defaults().withMaxEpisodeSteps(77);

    private static NetworkConfig pixels(int stackedFrames) {
        return NetworkConfig.builder(new int[] {stackedFrames, 84, 84}, 2, 6).encoder(NatureCnnConfig.defaults())
                .torso(8).head(HeadConfig.scalar()).build();
    }

    private static NetworkConfig common() {
        return NetworkConfig.builder(new int[] {10, 10, 10}, 2, 6)
                .encoder(new ResNetConfig(18, 0.125, 4, ResNetConfig.Stem.SMALL)).torso(8).head(HeadConfig.scalar()).build();
    }

    private static GameOrigin origin(String game, int mode, ObservationFormat f) {
        return new GameOrigin(GameOrigin.TESTBED, game, mode, 0, f);
    }

    @Test
    void pixelDataStackedFourDeepIsEvaluatedInThePixelFormatAndItsMode() {
        TestbedEvaluationPlan plan = TestbedEvaluationPlan.of(List.of("breakout", "catch"), Map.of(
                "breakout", origin("breakout", 1, ObservationFormat.PIXELS),
                "catch", origin("catch", 1, ObservationFormat.PIXELS)), pixels(4), BASE);
        assertThat(plan.available()).as(plan.reason()).isTrue();
        assertThat(plan.environment()).isEqualTo(BASE.withVariant(1, 0).withFormat(ObservationFormat.PIXELS));
        assertThat(plan.taskIds()).containsExactly(Map.entry("breakout", 0), Map.entry("catch", 1));
        assertThat(plan.taskIds(List.of("catch"))).containsExactly(Map.entry("catch", 1));
        assertThatThrownBy(() -> plan.taskIds(List.of("pong"))).hasMessageContaining("'pong' is not one of the "
                + "trained games [breakout, catch]");
    }

    @Test
    void storeNamesMapToTheirTestbedGames() {
        TestbedEvaluationPlan plan = TestbedEvaluationPlan.of(List.of("freeway:1", "catch"), Map.of(
                "freeway:1", origin("freeway", 0, ObservationFormat.COMMON),
                "catch", origin("catch", 0, ObservationFormat.COMMON)), common(), BASE);
        assertThat(plan.taskIds()).containsExactly(Map.entry("freeway", 0), Map.entry("catch", 1));
    }

    @Test
    void eachMissingConditionIsNamed() {
        GameOrigin bp = origin("breakout", 0, ObservationFormat.PIXELS);
        assertThat(TestbedEvaluationPlan.of(List.of("Breakout", "Pong"), Map.of(), pixels(4), BASE).reason())
                .contains("games Breakout, Pong have no recorded environment").contains("DQN-Replay");
        assertThat(TestbedEvaluationPlan.of(List.of("breakout"), Map.of("breakout", bp), pixels(1), BASE).reason())
                .contains("observations [1, 84, 84]").contains("gives [4, 84, 84]").contains("frameStack");
        assertThat(TestbedEvaluationPlan.of(List.of("breakout", "pong"), Map.of("breakout", bp,
                "pong", origin("pong", 0, ObservationFormat.COMMON)), pixels(4), BASE).reason())
                .contains("different settings").contains("pong mode 0 difficulty 0 COMMON");
        assertThat(TestbedEvaluationPlan.of(List.of("Pong"), Map.of("Pong",
                new GameOrigin("ale", "Pong", 0, 0, ObservationFormat.PIXELS)), pixels(4), BASE).reason())
                .contains("environment 'ale'");
        assertThat(TestbedEvaluationPlan.of(List.of("a", "b"), Map.of("a", bp, "b", bp), pixels(4), BASE).reason())
                .contains("testbed game 'breakout' is the origin of two trained games (a and b)");
        assertThat(TestbedEvaluationPlan.of(List.of("pong"), Map.of("pong", origin("pong", 1, ObservationFormat.PIXELS)),
                pixels(4), BASE).reason()).contains("pong mode 1 difficulty 0, which this version's pong does not have");
        TestbedEvaluationPlan none = TestbedEvaluationPlan.of(List.of("x"), Map.of(), pixels(4), BASE);
        assertThat(none.available()).isFalse();
        assertThatThrownBy(none::environment).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no recorded environment");
    }
}
