package org.scaledql.api.env;

/**
 * Chooses an action for an environment's current state: a random policy, a scripted expert reading the game
 * state, a noisy expert, or a greedy Q-network.
 */
@FunctionalInterface
public interface BehaviorPolicy {

    /**
     * Returns the action to take now.
     *
     * @param env the environment, positioned in a non-terminal state
     * @return an action in {@code [0, env.spec().numActions())}
     */
    int act(Environment env);
}
