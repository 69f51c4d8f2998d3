package org.scaledql.core.env.minatar;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scaledql.api.env.EnvironmentConfig;
import org.scaledql.core.env.BehaviorPolicies;
import org.scaledql.core.env.EpisodeStats;

/**
 * The random policy's mean return on each MinAtar game agrees with the reference implementation's table
 * (spec section 1.6: 1000 episodes, 6 actions, sticky 0.1, ramping on) within 3 combined standard errors.
 */
class RandomPolicyReturnsTest {

    /** game -> {mean, standard error, mean episode length} from the spec. */
    private static final Map<String, double[]> SPEC = Map.of(
            "asterix", new double[] {0.51, 0.03, 70},
            "breakout", new double[] {0.51, 0.02, 11.1},
            "freeway", new double[] {0.13, 0.01, 2501},
            "seaquest", new double[] {0.11, 0.01, 31.5},
            "space_invaders", new double[] {2.86, 0.08, 52});

    @Test
    void randomReturnsMatchTheReferenceTable() {
        for (var e : SPEC.entrySet()) {
            String game = e.getKey();
            double[] ref = e.getValue();
            int episodes = game.equals("freeway") ? 300 : 1000; // Freeway episodes are 2,501 steps long
            long seed = 12345;
            EpisodeStats s = EpisodeStats.measure(game, EnvironmentConfig.defaults(), BehaviorPolicies::random,
                    episodes, seed);
            double tolerance = 3 * Math.hypot(s.stdError(), ref[1]);
            assertThat(s.meanReturn())
                    .as("%s random return (seed %s, %s episodes): %s, spec %s ± %s", game, seed, episodes, s, ref[0],
                            ref[1])
                    .isCloseTo(ref[0], org.assertj.core.data.Offset.offset(tolerance));
            assertThat(s.meanLength()).as("%s mean length %s vs spec %s", game, s.meanLength(), ref[2])
                    .isCloseTo(ref[2], org.assertj.core.data.Percentage.withPercentage(15));
        }
    }
}
