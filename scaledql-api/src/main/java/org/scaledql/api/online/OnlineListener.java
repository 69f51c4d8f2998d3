package org.scaledql.api.online;

import org.scaledql.api.learn.StepResult;

/** Hears about an online run as it happens (learning curves, logging). Both methods default to doing nothing. */
public interface OnlineListener {

    /**
     * Called when an episode ends (game over or cut by the step cap).
     *
     * @param episode the finished episode
     */
    default void onEpisode(EpisodeRecord episode) {
    }

    /**
     * Called after each gradient step.
     *
     * @param environmentStep environment steps taken so far
     * @param result          the training step's metrics
     */
    default void onTrainStep(long environmentStep, StepResult result) {
    }
}
