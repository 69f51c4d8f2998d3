package org.scaledql.api.metrics;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Objects;

/**
 * A performance profile: for each threshold {@code tau}, the fraction of scores above {@code tau}, with a
 * bootstrap interval (rliable's {@code create_performance_profile}).
 *
 * @param kind      what is counted: all run-task scores or per-task means
 * @param taus      the thresholds, strictly increasing
 * @param fractions one interval per threshold, values in {@code [0, 1]}
 */
public record PerformanceProfile(Kind kind, List<Double> taus, List<Interval> fractions) {

    /** What a profile counts. */
    public enum Kind {
        /** Fraction of all run-task scores {@code > tau} (rliable's {@code score_distributions}). */
        RUN_SCORES,
        /** Fraction of per-task mean scores {@code > tau} (rliable's {@code average_score_distributions}). */
        TASK_MEANS
    }

    /**
     * Validates lengths and ordering; copies the lists.
     *
     * @param kind      what is counted: all run-task scores or per-task means
     * @param taus      the thresholds, strictly increasing
     * @param fractions one interval per threshold, values in {@code [0, 1]}
     */
    public PerformanceProfile {
        Objects.requireNonNull(kind, "kind");
        taus = ImmutableList.copyOf(taus);
        fractions = ImmutableList.copyOf(fractions);
        checkArgument(!taus.isEmpty(), "a performance profile needs at least one threshold tau");
        checkArgument(taus.size() == fractions.size(),
                "a performance profile needs one interval per tau; got %s taus and %s intervals",
                taus.size(), fractions.size());
        for (int i = 1; i < taus.size(); i++) {
            checkArgument(taus.get(i) > taus.get(i - 1),
                    "taus must be strictly increasing; tau[%s]=%s follows tau[%s]=%s",
                    i, taus.get(i), i - 1, taus.get(i - 1));
        }
    }
}
