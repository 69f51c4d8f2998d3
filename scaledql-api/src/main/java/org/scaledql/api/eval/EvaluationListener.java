package org.scaledql.api.eval;

/**
 * Hears about every finished episode of an evaluation (progress bars, logging). Called on the evaluating
 * thread; keep it cheap.
 */
@FunctionalInterface
public interface EvaluationListener {

    /** A listener that ignores everything. */
    EvaluationListener NONE = (episode, finished, total) -> { };

    /**
     * One episode finished.
     *
     * @param episode  the finished episode
     * @param finished episodes finished so far, this one included
     * @param total    episodes in the whole evaluation (games x episodes)
     */
    void episodeFinished(EpisodeResult episode, int finished, int total);
}
