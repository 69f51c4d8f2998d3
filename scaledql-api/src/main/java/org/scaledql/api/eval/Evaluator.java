package org.scaledql.api.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scaledql.api.env.BehaviorPolicy;
import org.scaledql.api.env.Environment;
import org.scaledql.api.nn.QNetwork;

/**
 * Plays a policy on testbed games for a fixed number of episodes and reports raw and normalized scores.
 *
 * <pre>{@code
 * Evaluator ev = Evaluators.testbed(EvaluationConfig.defaults(42).withEpisodes(20));
 * EvaluationReport r = ev.evaluate(network, List.of("breakout", "pong", "catch"));    // taskIds 0, 1, 2
 * EvaluationReport b = ev.evaluatePolicy(List.of("breakout"), BehaviorPolicies::noisyExpert);
 * }</pre>
 */
public interface Evaluator {

    /** Builds a behaviour policy for one episode of a game from a seed. */
    @FunctionalInterface
    interface PolicyFactory {
        /**
         * Builds the policy.
         *
         * @param game the game the policy will play
         * @param seed the seed of the policy's own generator
         * @return a fresh policy
         */
        BehaviorPolicy create(String game, long seed);

        /**
         * Chooses the actions of several running episodes at once, each from its policy's current state; an
         * evaluator calls it once per environment step with every running episode's policy (all made by this
         * factory). The default asks each policy in turn. A factory whose policies share one model overrides it to
         * run that model once on the whole batch (a sequence model's forward pass); the actions must be those
         * each {@link BehaviorPolicy#act} would have chosen.
         *
         * @param policies the running episodes' policies, made by this factory
         * @param envs     their environments, in the same order, each in a non-terminal state
         * @param actions  receives each episode's action, in the same order
         */
        default void actAll(List<BehaviorPolicy> policies, List<? extends Environment> envs, int[] actions) {
            for (int i = 0; i < policies.size(); i++) {
                actions[i] = policies.get(i).act(envs.get(i));
            }
        }
    }

    /**
     * Evaluates the epsilon-greedy policy of a network, each game played with its own head.
     *
     * @param network  the network; its observation shape must match the configured environment's
     * @param taskIds  game name to the taskId (head) it was trained under; iteration order is the report's
     * @param listener hears about each finished episode
     * @return the report
     * @throws IllegalArgumentException for an unknown game, a taskId outside {@code [0, numGames)}, or a
     *                                  network whose observation shape or action count does not match
     */
    EvaluationReport evaluate(QNetwork network, Map<String, Integer> taskIds, EvaluationListener listener);

    /**
     * {@link #evaluate(QNetwork, Map, EvaluationListener)} without a listener.
     *
     * @param network the network
     * @param taskIds game name to the taskId (head) it was trained under; iteration order is the report's
     * @return the report
     */
    default EvaluationReport evaluate(QNetwork network, Map<String, Integer> taskIds) {
        return evaluate(network, taskIds, EvaluationListener.NONE);
    }

    /**
     * Evaluates a network trained on {@code games} in that order: game {@code i} is played with head
     * {@code i}.
     *
     * @param network the network
     * @param games   the games, in the order of its heads
     * @return the report
     */
    default EvaluationReport evaluate(QNetwork network, List<String> games) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (int i = 0; i < games.size(); i++) {
            if (ids.put(games.get(i), i) != null) {
                throw new IllegalArgumentException(String.format(
                        "game '%s' appears twice in %s; each game is one taskId", games.get(i), games));
            }
        }
        return evaluate(network, ids);
    }

    /**
     * Evaluates an arbitrary behaviour policy with the same protocol (environments, seeds, epsilon, step cap,
     * normalization, bootstrap). Each episode gets a fresh policy from {@code policies}.
     *
     * @param games    the games, reported in this order (a game's "taskId" is its index here)
     * @param policies builds each episode's policy
     * @param listener hears about each finished episode
     * @return the report
     */
    EvaluationReport evaluatePolicy(List<String> games, PolicyFactory policies, EvaluationListener listener);

    /**
     * {@link #evaluatePolicy(List, PolicyFactory, EvaluationListener)} without a listener.
     *
     * @param games    the games, reported in this order
     * @param policies builds each episode's policy
     * @return the report
     */
    default EvaluationReport evaluatePolicy(List<String> games, PolicyFactory policies) {
        return evaluatePolicy(games, policies, EvaluationListener.NONE);
    }
}
