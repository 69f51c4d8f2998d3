/**
 * Online Q-learning on the testbed: the epsilon-greedy loop that trains a Q-network as it plays, its replay
 * ring buffer, and the policy it acts with.
 *
 * <p>Contents:
 * <ul>
 *   <li>{@link org.scaledql.core.online.OnlineQLearning}: the loop (budget in environment steps, seeded,
 *       learning curve, optional {@code TransitionSink} tap) and {@code evaluate}.</li>
 *   <li>{@link org.scaledql.core.online.ReplayBuffer}: a fixed-capacity ring of one game's rows with uniform
 *       n-step sampling.</li>
 *   <li>{@link org.scaledql.core.online.EpsilonGreedyPolicy}: a Q-network head as a {@code BehaviorPolicy}.</li>
 * </ul>
 */
package org.scaledql.core.online;
