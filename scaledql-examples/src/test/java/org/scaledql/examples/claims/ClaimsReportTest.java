package org.scaledql.examples.claims;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.scaledql.api.metrics.Interval;
import org.scaledql.examples.claims.ClaimsReport.Verdict;

/** Verdicts from synthetic score matrices, and the verdict rule itself. */
class ClaimsReportTest {

    private static final int SEEDS = 5;

    /** Seeds x games scores: {@code mean + spread * u}, u uniform in [-1, 1], seeded. */
    private static Map<String, RunResult> arm(Map<String, RunResult> into, String arm, double mean, double spread,
            long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (int s = 0; s < SEEDS; s++) {
            Map<String, Double> norm = new LinkedHashMap<>();
            for (String g : Budget.tiny().games()) {
                norm.put(g, mean + spread * (2 * rng.nextDouble() - 1));
            }
            into.put(Plan.runId(arm, s), new RunResult(arm, s, Budget.tiny().games(), norm, norm, 1, 1, 1));
        }
        return into;
    }

    @Test
    void separatedArmsReproduceReversedArmsDoNotAndOverlappingArmsAreInconclusive() {
        Budget b = Budget.tiny();
        Plan plan = Plan.of(b, Claims.select(b, List.of("a", "b", "c")), SEEDS);
        Map<String, RunResult> results = new LinkedHashMap<>();
        arm(results, "sql", 0.5, 0.05, 1);
        arm(results, "behavior", 0.1, 0.05, 2); // a: far below the baseline
        arm(results, "bc", 0.9, 0.05, 3); // b: far above it
        arm(results, "mse", 0.5, 0.05, 4); // c: the same distribution
        ClaimsReport r = ClaimsReport.of(plan, results);

        Map<String, ClaimsReport.ClaimResult> byId = new LinkedHashMap<>();
        r.claims().forEach(c -> byId.put(c.claim().id(), c));
        assertThat(byId.get("a").verdict()).isEqualTo(Verdict.REPRODUCED);
        assertThat(byId.get("a").comparisons().get(0).improvement().point()).isEqualTo(1.0);
        assertThat(byId.get("b").verdict()).isEqualTo(Verdict.NOT_REPRODUCED);
        assertThat(byId.get("b").comparisons().get(0).improvement().point()).isEqualTo(0.0);
        assertThat(byId.get("c").verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        Interval c = byId.get("c").comparisons().get(0).improvement();
        assertThat(c.lower()).isLessThan(0.5);
        assertThat(c.upper()).isGreaterThan(0.5);

        ClaimsReport.ArmScores sql = byId.get("a").arms().get(0);
        assertThat(sql.arm()).isEqualTo("sql");
        assertThat(sql.aggregates()).containsOnlyKeys("iqm", "median", "mean", "optimalityGap");
        assertThat(sql.aggregates().get("iqm").point()).isBetween(0.45, 0.55);
        assertThat(sql.scores().numRuns()).isEqualTo(SEEDS);
        assertThat(r.markdown()).contains("| a |", "**reproduced**", "**not reproduced**", "**inconclusive**");
        assertThat(r.toJson().get("claims").get(1).get("verdict").asText()).isEqualTo("not reproduced");
    }

    @Test
    void verdictRule() {
        assertThat(ClaimsReport.verdict(new Interval(0.8, 0.6, 0.9), 0.3, 0.2, 3)).isEqualTo(Verdict.REPRODUCED);
        // P(improvement) above 0.5 but the IQM ordering disagrees: not enough.
        assertThat(ClaimsReport.verdict(new Interval(0.8, 0.6, 0.9), 0.2, 0.3, 3)).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(ClaimsReport.verdict(new Interval(0.6, 0.4, 0.8), 0.3, 0.2, 3)).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(ClaimsReport.verdict(new Interval(0.2, 0.1, 0.5), 0.3, 0.2, 3)).isEqualTo(Verdict.NOT_REPRODUCED);
        assertThat(ClaimsReport.verdict(new Interval(1.0, 1.0, 1.0), 0.3, 0.2, 1)).as("one seed")
                .isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(ClaimsReport.combine(List.of(Verdict.REPRODUCED, Verdict.REPRODUCED))).isEqualTo(Verdict.REPRODUCED);
        assertThat(ClaimsReport.combine(List.of(Verdict.REPRODUCED, Verdict.INCONCLUSIVE)))
                .isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(ClaimsReport.combine(List.of(Verdict.INCONCLUSIVE, Verdict.NOT_REPRODUCED)))
                .isEqualTo(Verdict.NOT_REPRODUCED);
    }
}
