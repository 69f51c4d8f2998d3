package org.scaledql.core.eval;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.scaledql.api.data.GameOrigin;
import org.scaledql.api.data.TransitionStore;
import org.scaledql.api.env.EnvironmentConfig;
import org.scaledql.api.env.EnvironmentSpec;
import org.scaledql.api.nn.NetworkConfig;
import org.scaledql.core.env.Games;

/**
 * How a network trained on stored games can be evaluated on the testbed, or why it cannot be: the evaluation
 * follows the data, never a default format.
 *
 * <p>It is available when every trained game has a recorded {@link GameOrigin} in the testbed, the games share
 * one mode, difficulty and observation format (the evaluator plays one {@link EnvironmentConfig}), no testbed
 * game appears twice, and the testbed's observations in that format have exactly the network's input shape and
 * action count. That last check ties the run's frame stack to the format: the {@code PIXELS} format stacks 4
 * frames, so a network trained with {@code frameStack} 4 on its one-frame rows matches, and one trained with
 * another stack does not. Otherwise {@link #reason()} says what is missing, in one line.
 *
 * <pre>{@code
 * TestbedEvaluationPlan plan = TestbedEvaluationPlan.forStore(store, games, network.config(),
 *         EvaluationConfig.defaults(seed).environment());
 * if (plan.available()) {
 *     evaluator = Evaluators.testbed(EvaluationConfig.defaults(seed).withEnvironment(plan.environment()));
 *     report = evaluator.evaluate(network, plan.taskIds());
 * }
 * }</pre>
 */
public final class TestbedEvaluationPlan {

    private final EnvironmentConfig environment;
    private final Map<String, String> testbedGames;
    private final List<String> games;
    private final String reason;

    private TestbedEvaluationPlan(EnvironmentConfig environment, Map<String, String> testbedGames, List<String> games,
            String reason) {
        this.environment = environment;
        this.testbedGames = testbedGames;
        this.games = games;
        this.reason = reason;
    }

    /**
     * The plan for {@code games} (head order) of {@code store}, from the store's recorded origins.
     *
     * @param store   the store the network was trained on
     * @param games   the trained games as the store names them, in taskId order
     * @param network the network to evaluate (its input shape and action count)
     * @param base    sticky actions and episode cap of the evaluation; its variant and format are replaced by the
     *                games' own
     * @return the plan, available or with the reason it is not
     */
    public static TestbedEvaluationPlan forStore(TransitionStore store, List<String> games, NetworkConfig network,
            EnvironmentConfig base) {
        Objects.requireNonNull(store, "store");
        Map<String, GameOrigin> origins = new LinkedHashMap<>();
        for (String g : games) {
            store.origin(g).ifPresent(o -> origins.put(g, o));
        }
        return of(games, origins, network, base);
    }

    /**
     * The plan for {@code games} in head order.
     *
     * @param games   the trained games as the store names them, in taskId order
     * @param origins each game's origin; a game missing from the map has none
     * @param network the network to evaluate (its input shape and action count)
     * @param base    sticky actions and episode cap of the evaluation; its variant and format are replaced by the
     *                games' own
     * @return the plan, available or with the reason it is not
     */
    public static TestbedEvaluationPlan of(List<String> games, Map<String, GameOrigin> origins, NetworkConfig network,
            EnvironmentConfig base) {
        Objects.requireNonNull(network, "network");
        return of(games, origins, network.observationShape(), network.numActions(), base);
    }

    /**
     * The plan for {@code games} in task-id order, for any model that takes observations of one shape and chooses
     * among a number of actions (a Decision Transformer: its frame shape and action count).
     *
     * @param games            the trained games as the store names them, in taskId order
     * @param origins          each game's origin; a game missing from the map has none
     * @param observationShape the model's observation shape {@code [C, H, W]}
     * @param numActions       the model's action count
     * @param base             sticky actions and episode cap of the evaluation; its variant and format are replaced
     *                         by the games' own
     * @return the plan, available or with the reason it is not
     */
    public static TestbedEvaluationPlan of(List<String> games, Map<String, GameOrigin> origins, int[] observationShape,
            int numActions, EnvironmentConfig base) {
        Objects.requireNonNull(games, "games");
        Objects.requireNonNull(origins, "origins");
        Objects.requireNonNull(observationShape, "observationShape");
        Objects.requireNonNull(base, "base");
        checkArgument(!games.isEmpty(), "an evaluation plan needs at least one game");
        List<String> gameList = List.copyOf(games);
        List<String> unknown = gameList.stream().filter(g -> origins.get(g) == null).toList();
        if (!unknown.isEmpty()) {
            return unavailable(gameList, String.format("game%s %s ha%s no recorded environment (data imported from "
                    + "DQN-Replay without a testbed origin, or a store written before origins were recorded), so "
                    + "there is nothing to evaluate %s in", unknown.size() == 1 ? "" : "s", String.join(", ", unknown),
                    unknown.size() == 1 ? "s" : "ve", unknown.size() == 1 ? "it" : "them"));
        }
        Map<String, String> testbed = new LinkedHashMap<>();
        GameOrigin first = origins.get(gameList.get(0));
        for (String g : gameList) {
            GameOrigin o = origins.get(g);
            if (!o.fromTestbed()) {
                return unavailable(gameList, String.format("game %s comes from environment '%s'; only '%s' games can "
                        + "be evaluated here", g, o.environment(), GameOrigin.TESTBED));
            }
            if (!Games.names().contains(o.game())) {
                return unavailable(gameList, String.format("game %s comes from testbed game '%s', which this version "
                        + "does not have (it has %s)", g, o.game(), Games.names()));
            }
            var info = Games.info(o.game());
            if (!info.hasMode(o.mode()) || !info.difficulties().contains(o.difficulty())) {
                return unavailable(gameList, String.format("game %s was logged in %s mode %d difficulty %d, which "
                        + "this version's %s does not have (modes 0..%d, difficulties %s)", g, o.game(), o.mode(),
                        o.difficulty(), o.game(), info.modes().size() - 1, info.difficulties()));
            }
            if (o.mode() != first.mode() || o.difficulty() != first.difficulty()
                    || o.observationFormat() != first.observationFormat()) {
                return unavailable(gameList, String.format("the games were logged in different settings (%s); the "
                        + "evaluator plays all games in one mode, difficulty and format", gameList.stream()
                        .map(x -> x + ": " + describe(origins.get(x))).collect(Collectors.joining(", "))));
            }
            if (testbed.containsValue(o.game())) {
                return unavailable(gameList, String.format("testbed game '%s' is the origin of two trained games (%s)",
                        o.game(), testbed.entrySet().stream().filter(e -> e.getValue().equals(o.game()))
                                .map(Map.Entry::getKey).findFirst().orElse("?") + " and " + g));
            }
            testbed.put(g, o.game());
        }
        EnvironmentConfig env = base.withVariant(first.mode(), first.difficulty()).withFormat(first.observationFormat());
        int[] netShape = observationShape.clone();
        for (String g : gameList) {
            EnvironmentSpec spec = Games.create(testbed.get(g), env, 0).spec();
            if (!Arrays.equals(netShape, spec.observationShape())) {
                return unavailable(gameList, String.format("the network takes observations %s but testbed game '%s' "
                        + "in format %s gives %s (the stored frame times the run's frameStack must equal it; the "
                        + "PIXELS format stacks 4 frames)", Arrays.toString(netShape), testbed.get(g),
                        env.format(), Arrays.toString(spec.observationShape())));
            }
            if (numActions != spec.numActions()) {
                return unavailable(gameList, String.format("the network has %s actions but testbed game '%s' has %s",
                        numActions, testbed.get(g), spec.numActions()));
            }
        }
        return new TestbedEvaluationPlan(env, testbed, gameList, null);
    }

    private static TestbedEvaluationPlan unavailable(List<String> games, String reason) {
        return new TestbedEvaluationPlan(null, Map.of(), games, reason);
    }

    private static String describe(GameOrigin o) {
        return String.format("%s mode %d difficulty %d %s", o.game(), o.mode(), o.difficulty(), o.observationFormat());
    }

    /** {@return whether the games can be evaluated on the testbed} */
    public boolean available() {
        return reason == null;
    }

    /** {@return why they cannot be, in one line; null when {@link #available()}} */
    public String reason() {
        return reason;
    }

    /**
     * The evaluation environment: the base config with the games' mode, difficulty and observation format.
     *
     * @return the evaluation environment
     * @throws IllegalStateException naming the {@link #reason()} when not available
     */
    public EnvironmentConfig environment() {
        checkState(available(), "no testbed evaluation: %s", reason);
        return environment;
    }

    /**
     * Testbed game to taskId (its index among the trained games) for every trained game.
     *
     * @return testbed game name to taskId
     * @throws IllegalStateException naming the {@link #reason()} when not available
     */
    public Map<String, Integer> taskIds() {
        return taskIds(games);
    }

    /**
     * Testbed game to taskId for a selection of the trained games (named as the store names them), in its order.
     *
     * @param selected trained games, named as the store names them
     * @return testbed game name to taskId, in the selection's order
     * @throws IllegalStateException naming the {@link #reason()} when not available
     * @throws IllegalArgumentException if a selected game was not trained
     */
    public Map<String, Integer> taskIds(List<String> selected) {
        checkState(available(), "no testbed evaluation: %s", reason);
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (String g : selected) {
            checkArgument(testbedGames.containsKey(g), "'%s' is not one of the trained games %s", g, games);
            checkArgument(ids.put(testbedGames.get(g), games.indexOf(g)) == null, "'%s' appears twice", g);
        }
        return ids;
    }
}
