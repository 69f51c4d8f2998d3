package org.scaledql.api.online;

import java.util.List;

/**
 * What an online run did.
 *
 * @param environmentSteps steps taken (the budget)
 * @param gradientSteps    training steps run
 * @param episodes         every finished episode, in order: the (step, return) learning curve. An episode still
 *                         running when the budget ran out is not included
 * @param finalEpsilon     epsilon of the last action
 */
public record OnlineResult(long environmentSteps, long gradientSteps, List<EpisodeRecord> episodes,
        double finalEpsilon) {

    /**
     * Copies the episode list.
     *
     * @param environmentSteps steps taken (the budget)
     * @param gradientSteps    training steps run
     * @param episodes         every finished episode, in order: the (step, return) learning curve. An episode still
     *                         running when the budget ran out is not included
     * @param finalEpsilon     epsilon of the last action
     */
    public OnlineResult {
        episodes = List.copyOf(episodes);
    }

    /**
     * {@return mean return of the last {@code n} finished episodes (all of them if fewer), or NaN if there are none}
     *
     * @param n how many of the last episodes, at least 1
     */
    public double meanReturnOfLast(int n) {
        int from = Math.max(0, episodes.size() - n);
        return episodes.subList(from, episodes.size()).stream().mapToDouble(EpisodeRecord::episodeReturn).average()
                .orElse(Double.NaN);
    }
}
