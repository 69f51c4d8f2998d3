package org.scaledql.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scaledql.api.metrics.Aggregate;
import org.scaledql.api.metrics.BootstrapConfig;
import org.scaledql.api.metrics.Interval;
import org.scaledql.api.metrics.PerformanceProfile;
import org.scaledql.api.metrics.ScoreMatrix;

/**
 * Bootstrap intervals against the numpy implementation in scripts/reference/metrics_golden.py. The RNGs
 * differ, so each interval end is compared within 4 sqrt(2) times the Monte-Carlo standard error of a
 * bootstrap quantile at that rep count (the script estimates it; sqrt(2) because both sides are estimates):
 * a false failure has probability about 6e-5 per end.
 */
class StratifiedBootstrapTest {

    private static final double SIGMAS = 4 * Math.sqrt(2);
    private static final List<Aggregate> FOUR = List.of(
            Aggregates.iqm(), Aggregates.median(), Aggregates.mean(), Aggregates.optimalityGap());

    @Test
    void intervalsMatchNumpyWithinMonteCarloError() {
        for (JsonNode b : Golden.ROOT.get("bootstrap")) {
            ScoreMatrix m = Golden.scores(Golden.caseNamed(b.get("case").asText()).get("scores"));
            BootstrapConfig cfg = new BootstrapConfig(b.get("reps").asInt(), b.get("confidence").asDouble(), 7,
                    b.get("taskBootstrap").asBoolean());
            Map<String, Interval> got = new StratifiedBootstrap(cfg).intervals(m, FOUR);
            for (Map.Entry<String, Interval> e : got.entrySet()) {
                JsonNode want = b.get("intervals").get(e.getKey());
                String what = e.getKey() + " taskBootstrap=" + cfg.taskBootstrap();
                assertThat(e.getValue().point()).as("point %s", what).isCloseTo(want.get("point").asDouble(), within(1e-12));
                assertThat(e.getValue().lower()).as("lower %s", what)
                        .isCloseTo(want.get("lower").asDouble(), within(SIGMAS * want.get("lowerSe").asDouble()));
                assertThat(e.getValue().upper()).as("upper %s", what)
                        .isCloseTo(want.get("upper").asDouble(), within(SIGMAS * want.get("upperSe").asDouble()));
            }
        }
    }

    @Test
    void probabilityOfImprovementIntervalMatchesNumpy() {
        JsonNode p = Golden.ROOT.get("poiBootstrap");
        ScoreMatrix x = Golden.scores(p.get("x"));
        ScoreMatrix y = Golden.scores(p.get("y"));
        BootstrapConfig cfg = new BootstrapConfig(p.get("reps").asInt(), 0.95, 11, false);
        Interval got = new StratifiedBootstrap(cfg).probabilityOfImprovement(x, y);
        JsonNode want = p.get("interval");
        assertThat(got.point()).isCloseTo(want.get("point").asDouble(), within(1e-12));
        assertThat(got.lower()).isCloseTo(want.get("lower").asDouble(), within(SIGMAS * want.get("lowerSe").asDouble()));
        assertThat(got.upper()).isCloseTo(want.get("upper").asDouble(), within(SIGMAS * want.get("upperSe").asDouble()));
    }

    @Test
    void resultDoesNotDependOnThreadCount() {
        ScoreMatrix m = Golden.scores(Golden.caseNamed("5x40").get("scores"));
        BootstrapConfig cfg = new BootstrapConfig(3_000, 0.95, 42, true);
        double[][] one = new StratifiedBootstrap(cfg, 1).replicates(m, FOUR);
        double[][] three = new StratifiedBootstrap(cfg, 3).replicates(m, FOUR);
        assertThat(three).isDeepEqualTo(one);
        double[][] otherSeed = new StratifiedBootstrap(cfg.withSeed(43), 3).replicates(m, FOUR);
        assertThat(otherSeed[0]).isNotEqualTo(one[0]);
    }

    @Test
    void profileMatchesPointFractionsAndIsNonIncreasing() {
        ScoreMatrix m = Golden.scores(Golden.caseNamed("5x40").get("scores"));
        double[] taus = StratifiedBootstrap.linspace(0, 8, 81);
        StratifiedBootstrap boot = new StratifiedBootstrap(new BootstrapConfig(500, 0.95, 1, false));
        for (PerformanceProfile.Kind kind : PerformanceProfile.Kind.values()) {
            PerformanceProfile p = boot.profile(m, taus, kind);
            assertThat(p.fractions()).hasSize(81);
            for (int i = 0; i < taus.length; i++) {
                Aggregate a = kind == PerformanceProfile.Kind.RUN_SCORES
                        ? Aggregates.fractionAbove(taus[i]) : Aggregates.fractionOfTaskMeansAbove(taus[i]);
                assertThat(p.fractions().get(i).point()).isEqualTo(a.of(m));
                if (i > 0) {
                    assertThat(p.fractions().get(i).point()).isLessThanOrEqualTo(p.fractions().get(i - 1).point());
                }
            }
        }
        assertThat(taus[80]).isEqualTo(8.0);
        assertThat(taus[10]).isCloseTo(1.0, within(1e-15));
    }

    @Test
    void quantileInterpolatesLinearlyLikeNumpy() {
        // np.percentile([1, 2, 3, 4], 2.5) = 1.075; np.percentile([1, 2, 3, 4], 97.5) = 3.925
        assertThat(StratifiedBootstrap.quantile(new double[] {4, 1, 3, 2}, 0.025)).isCloseTo(1.075, within(1e-12));
        assertThat(StratifiedBootstrap.quantile(new double[] {4, 1, 3, 2}, 0.975)).isCloseTo(3.925, within(1e-12));
        assertThat(StratifiedBootstrap.quantile(new double[] {5}, 0.5)).isEqualTo(5.0);
    }

    @Test
    void badSettingsAreRejectedWithTheRule() {
        assertThatThrownBy(() -> new BootstrapConfig(1, 0.95, 0, false)).hasMessageContaining("reps in [2, 10000000]").hasMessageContaining("got reps=1");
        // Regression: 2,000,000,000 reps died with an OutOfMemoryError.
        assertThatThrownBy(() -> new BootstrapConfig(2_000_000_000, 0.95, 0, false)).hasMessageContaining("got reps=2000000000");
        assertThatThrownBy(() -> new BootstrapConfig(100, 95, 0, false)).hasMessageContaining("confidence=95.0");
        assertThatThrownBy(() -> new StratifiedBootstrap(BootstrapConfig.defaults(0), 0)).hasMessageContaining("threads >= 1");
        ScoreMatrix m = Golden.scores(Golden.caseNamed("3x3").get("scores"));
        assertThatThrownBy(() -> new StratifiedBootstrap(BootstrapConfig.defaults(0)).intervals(m, List.of(Aggregates.iqm(), Aggregates.iqm())))
                .hasMessageContaining("'iqm' appears twice");
    }
}
