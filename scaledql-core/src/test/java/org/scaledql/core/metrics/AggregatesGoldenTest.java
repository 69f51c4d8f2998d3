package org.scaledql.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.scaledql.api.metrics.ScoreMatrix;

/** Aggregates against numpy/scipy (scripts/reference/metrics_golden.py), including N not divisible by 4. */
class AggregatesGoldenTest {

    private static final double TOL = 1e-12;

    @Test
    void aggregatesMatchScipyOnEveryShape() {
        int checked = 0;
        for (JsonNode c : Golden.ROOT.get("cases")) {
            ScoreMatrix m = Golden.scores(c.get("scores"));
            String name = c.get("name").asText();
            assertThat(Aggregates.iqm().of(m)).as("iqm %s", name).isCloseTo(c.get("iqm").asDouble(), within(TOL));
            assertThat(Aggregates.median().of(m)).as("median %s", name).isCloseTo(c.get("median").asDouble(), within(TOL));
            assertThat(Aggregates.mean().of(m)).as("mean %s", name).isCloseTo(c.get("mean").asDouble(), within(TOL));
            assertThat(Aggregates.optimalityGap().of(m)).as("gap %s", name)
                    .isCloseTo(c.get("optimalityGap").asDouble(), within(TOL));
            assertThat(Aggregates.optimalityGap(0.5).of(m)).as("gap(0.5) %s", name)
                    .isCloseTo(c.get("optimalityGap0.5").asDouble(), within(TOL));
            JsonNode taus = c.get("taus");
            for (int i = 0; i < taus.size(); i++) {
                double tau = taus.get(i).asDouble();
                assertThat(Aggregates.fractionAbove(tau).of(m)).as("fractionAbove(%s) %s", tau, name)
                        .isCloseTo(c.get("fractionAbove").get(i).asDouble(), within(TOL));
                assertThat(Aggregates.fractionOfTaskMeansAbove(tau).of(m)).as("taskMeansAbove(%s) %s", tau, name)
                        .isCloseTo(c.get("fractionOfTaskMeansAbove").get(i).asDouble(), within(TOL));
            }
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(7);
    }

    /** The IQM pin: drop floor(N/4) from each end, average the rest, no interpolation (scipy trim_mean). */
    @Test
    void iqmTrimmingIsPinnedForNNotDivisibleByFour() {
        // N = 5: drop 1 each end -> mean(2, 3, 4) = 3 (an interpolating IQM would weight 1 and 5 partially).
        assertThat(Aggregates.trimMean(new double[] {5, 1, 4, 2, 3}, 0.25)).isEqualTo(3.0);
        // N = 7: drop 1 each end -> mean(2..6) = 4.
        assertThat(Aggregates.trimMean(new double[] {6, 1, 2, 3, 4, 5, 100}, 0.25)).isEqualTo(4.0);
        // N = 3: floor(0.75) = 0, nothing dropped.
        assertThat(Aggregates.trimMean(new double[] {0, 0, 9}, 0.25)).isEqualTo(3.0);
        // N = 8: drop 2 each end -> mean(3, 4, 5, 6).
        assertThat(Aggregates.trimMean(new double[] {1, 2, 3, 4, 5, 6, 7, 80}, 0.25)).isEqualTo(4.5);
        assertThat(Golden.caseNamed("7x5").get("trimmedCount").asInt()).isEqualTo(35 / 4);
    }

    @Test
    void probabilityOfImprovementMatchesMannWhitney() {
        for (JsonNode c : Golden.ROOT.get("poi")) {
            ScoreMatrix x = Golden.scores(c.get("x"));
            ScoreMatrix y = Golden.scores(c.get("y"));
            String name = c.get("name").asText();
            assertThat(ProbabilityOfImprovement.of(x, y)).as("P(X>Y) %s", name).isCloseTo(c.get("pXY").asDouble(), within(TOL));
            assertThat(ProbabilityOfImprovement.of(y, x)).as("P(Y>X) %s", name).isCloseTo(c.get("pYX").asDouble(), within(TOL));
            assertThat(ProbabilityOfImprovement.of(x, x)).as("P(X>X) %s", name).isCloseTo(c.get("pXX").asDouble(), within(TOL));
        }
    }
}
