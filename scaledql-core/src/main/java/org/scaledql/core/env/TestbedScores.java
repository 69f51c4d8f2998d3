package org.scaledql.core.env;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scaledql.api.env.EnvironmentConfig;

/**
 * The one table of reference scores used to normalize returns:
 * {@code normalized = (score - random) / (reference - random)}.
 *
 * <p>How each number was obtained (re-measure with {@link #main}):
 * <ul>
 *   <li>{@code random}: uniform random policy over the 6 actions, mode 0, sticky actions 0.1, episode cap
 *       5,000 steps, {@value #RANDOM_EPISODES} episodes, environment seed 1 (policy seed 2). For MinAtar these
 *       agree with the reference implementation's table within the standard errors (a unit test checks it).</li>
 *   <li>{@code reference}, MinAtar: the published DQN returns after 5M frames (MinAtar README learning
 *       curves, as read off the plots in the spec).</li>
 *   <li>{@code reference}, our games: the scripted expert's mean return over {@value #EXPERT_EPISODES}
 *       episodes, same settings, environment seed 2.</li>
 * </ul>
 * Variants (modes other than 0) are normalized with their base game's row.
 */
public final class TestbedScores {

    /** Episodes behind each random-policy mean. */
    public static final int RANDOM_EPISODES = 1000;
    /** Episodes behind each scripted-expert mean. */
    public static final int EXPERT_EPISODES = 1000;

    /**
     * One row.
     *
     * @param game            the game
     * @param random          random policy's mean return
     * @param randomStdError  its standard error
     * @param reference       the strong reference return
     * @param referenceSource where the reference comes from
     */
    public record Reference(String game, double random, double randomStdError, double reference,
            String referenceSource) {
    }

    private static final String DQN = "MinAtar DQN, 5M frames (published)";
    private static final String EXPERT = "scripted expert, 1000 episodes";

    private static final Map<String, Reference> TABLE = new LinkedHashMap<>();

    static {
        // PINNED-TABLE-START (regenerate with TestbedScores.main)
        put("asterix", 0.518, 0.029, 17.0, DQN);
        put("breakout", 0.523, 0.025, 10.0, DQN);
        put("freeway", 0.140, 0.012, 50.0, DQN);
        put("seaquest", 0.107, 0.012, 20.0, DQN);
        put("space_invaders", 2.939, 0.073, 43.0, DQN);
        put("catch", 2.010, 0.044, 13.53, EXPERT);
        put("pong", -4.076, 0.037, 3.92, EXPERT);
        put("snake", 0.111, 0.011, 13.78, EXPERT);
        put("frogger", 0.004, 0.002, 8.13, EXPERT);
        put("maze", 4.104, 0.073, 41.15, EXPERT);
        // PINNED-TABLE-END
    }

    private static void put(String game, double random, double se, double reference, String source) {
        TABLE.put(game, new Reference(game, random, se, reference, source));
    }

    private TestbedScores() {
    }

    /** {@return all rows, in {@link Games#names()} order} */
    public static List<Reference> table() {
        return List.copyOf(TABLE.values());
    }

    /**
     * {@return the row of one game}
     *
     * @param game a testbed game
     * @throws IllegalArgumentException if the game has no row
     */
    public static Reference of(String game) {
        Reference r = TABLE.get(game);
        checkArgument(r != null, "no reference scores for game '%s'; the table has %s", game, TABLE.keySet());
        return r;
    }

    /**
     * {@return {@code (score - random) / (reference - random)} with the game's row: 0 = random, 1 = reference}
     *
     * @param game  a testbed game
     * @param score a raw score
     */
    public static double normalize(String game, double score) {
        Reference r = of(game);
        return (score - r.random()) / (r.reference() - r.random());
    }

    /**
     * Re-measures the table and prints it next to the pinned values (Markdown on stdout). Takes about ten
     * seconds on one core.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        EnvironmentConfig config = EnvironmentConfig.defaults();
        System.out.println("| game | random (pinned) | random (measured) | reference (pinned) | expert (measured) |");
        System.out.println("|---|---|---|---|---|");
        for (String game : Games.names()) {
            EpisodeStats random = EpisodeStats.measure(game, config, BehaviorPolicies::random, RANDOM_EPISODES, 1);
            EpisodeStats expert = EpisodeStats.measure(game, config, s -> BehaviorPolicies.expert(),
                    EXPERT_EPISODES, 2);
            Reference pinned = of(game);
            System.out.printf("| %s | %.3f ± %.3f | %.3f ± %.3f | %.2f (%s) | %.2f ± %.2f (len %.0f, %d cut) |%n",
                    game, pinned.random(), pinned.randomStdError(), random.meanReturn(), random.stdError(),
                    pinned.reference(), pinned.referenceSource(), expert.meanReturn(), expert.stdError(),
                    expert.meanLength(), expert.truncated());
        }
    }
}
