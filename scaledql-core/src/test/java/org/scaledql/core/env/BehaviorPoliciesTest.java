package org.scaledql.core.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.scaledql.api.env.BehaviorPolicy;
import org.scaledql.api.env.EnvironmentConfig;

/** Every game's expert plays well above random, and the default noisy expert lands in between. */
class BehaviorPoliciesTest {

    @Test
    void expertBeatsNoisyExpertBeatsRandom() {
        EnvironmentConfig config = EnvironmentConfig.defaults().withMaxEpisodeSteps(2_000);
        for (String game : Games.names()) {
            long seed = 21;
            EpisodeStats expert = EpisodeStats.measure(game, config, s -> BehaviorPolicies.expert(), 20, seed);
            EpisodeStats noisy = EpisodeStats.measure(game, config, s -> BehaviorPolicies.noisyExpert(game, s), 20,
                    seed);
            double random = TestbedScores.of(game).random();
            assertThat(TestbedScores.normalize(game, expert.meanReturn()))
                    .as("%s expert (seed %s): %s", game, seed, expert).isGreaterThan(0.4);
            assertThat(noisy.meanReturn()).as("%s noisy expert (seed %s): %s vs random %s and expert %s", game, seed,
                    noisy, random, expert).isGreaterThan(random).isLessThan(expert.meanReturn());
        }
    }

    @Test
    void noisyExpertChecksItsArguments() {
        assertThatThrownBy(() -> BehaviorPolicies.noisyExpert("breakout", 1.5, 1))
                .hasMessageContaining("noise is a probability in [0, 1]; got 1.5");
        var p = BehaviorPolicies.noisyExpert("breakout", 0.1, 1);
        GridEnvironment other = Games.create("catch", 0, 0, 1);
        other.reset();
        assertThatThrownBy(() -> p.act(other)).hasMessageContaining("built for breakout but is playing catch");
    }

    @Test
    void scoreTableCoversEveryGameAndNormalizesRandomToZeroAndReferenceToOne() {
        assertThat(TestbedScores.table()).extracting(TestbedScores.Reference::game)
                .containsExactlyElementsOf(Games.names());
        for (String game : Games.names()) {
            var r = TestbedScores.of(game);
            assertThat(TestbedScores.normalize(game, r.random())).isZero();
            assertThat(TestbedScores.normalize(game, r.reference())).isEqualTo(1.0);
        }
    }

    /** The lazy expert's action mix: the no-op most often, so copying it does not give the expert. */
    @Test
    void lazyExpertPrefersTheNoOpAndOtherwiseMostlyFollowsTheExpert() {
        GridEnvironment env = Games.create("breakout", 0, 0, 3);
        env.reset();
        BehaviorPolicy lazy = BehaviorPolicies.lazyExpert("breakout", 0.5, 0.2, 11);
        int n = 20_000;
        int noOps = 0;
        int expertWhenNotNoOp = 0;
        int notNoOp = 0;
        for (int i = 0; i < n; i++) {
            int expert = BehaviorPolicies.expert().act(env);
            int a = lazy.act(env);
            if (a == 0) {
                noOps++;
            } else {
                notNoOp++;
                if (a == expert) {
                    expertWhenNotNoOp++;
                }
            }
            if (env.step(a).done()) {
                env.reset();
            }
        }
        // P(no-op) = 0.5 + 0.2 / 6 (+ the expert's own no-ops); the rest is mostly the expert.
        assertThat(noOps / (double) n).isGreaterThan(0.5);
        assertThat(expertWhenNotNoOp / (double) notNoOp).isGreaterThan(0.5);
        assertThatThrownBy(() -> BehaviorPolicies.lazyExpert("breakout", 0.7, 0.4, 1))
                .hasMessageContaining("laziness + noise <= 1");
    }
}
