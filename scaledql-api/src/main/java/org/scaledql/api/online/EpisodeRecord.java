package org.scaledql.api.online;

/**
 * One finished episode of an online run.
 *
 * @param step      environment steps taken when the episode ended (its last action was step {@code step - 1})
 * @param episode   0-based index of the episode in the run
 * @param episodeReturn the sum of its rewards
 * @param length    its number of steps
 * @param truncated whether it was cut by the step cap rather than ended by the game
 */
public record EpisodeRecord(long step, int episode, double episodeReturn, int length, boolean truncated) {
}
