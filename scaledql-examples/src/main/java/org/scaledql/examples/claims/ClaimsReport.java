package org.scaledql.examples.claims;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.scaledql.api.metrics.BootstrapConfig;
import org.scaledql.api.metrics.Interval;
import org.scaledql.api.metrics.ScoreMatrix;
import org.scaledql.core.io.AtomicFiles;
import org.scaledql.core.io.Json;
import org.scaledql.core.metrics.Aggregates;
import org.scaledql.core.plot.Curve;
import org.scaledql.core.plot.Plots;

/**
 * The claims' report: per claim its arms' normalized scores (IQM, median, mean and optimality gap with 95%
 * stratified-bootstrap intervals over seeds x games), the probability of improvement of each predicted ordering
 * with its interval, and a verdict; written as {@code report.md}, {@code report.json} and plots.
 *
 * @param budget the budget's name
 * @param seeds  seeds per arm
 * @param claims one result per claim
 */
public record ClaimsReport(String budget, int seeds, List<ClaimResult> claims) {

    /** A claim's verdict. */
    public enum Verdict {
        /** Every predicted ordering holds: the better arm's IQM is higher and P(improvement)'s interval is above 0.5. */
        REPRODUCED("reproduced"),
        /** Some predicted ordering fails: P(improvement)'s interval lies at or below 0.5. */
        NOT_REPRODUCED("not reproduced"),
        /** Neither: an interval contains 0.5, the IQM ordering disagrees with it, or there is one seed only. */
        INCONCLUSIVE("inconclusive");

        private final String text;

        Verdict(String text) {
            this.text = text;
        }

        /** {@return the verdict as the report writes it} */
        public String text() {
            return text;
        }
    }

    /**
     * One arm's scores.
     *
     * @param arm        the arm id
     * @param label      its display name
     * @param scores     normalized scores, seeds x games
     * @param aggregates {@code iqm}, {@code median}, {@code mean}, {@code optimalityGap} with their intervals
     * @param parameters the network's parameter count (0 for the behaviour data)
     * @param encoderParameters the encoder's share
     */
    public record ArmScores(String arm, String label, ScoreMatrix scores, Map<String, Interval> aggregates,
            long parameters, long encoderParameters) {
    }

    /**
     * One predicted ordering, measured.
     *
     * @param better      the arm predicted higher
     * @param worse       the arm predicted lower
     * @param improvement P(better > worse) with its interval
     * @param verdict     whether this ordering reproduced
     */
    public record ComparisonResult(String better, String worse, Interval improvement, Verdict verdict) {
    }

    /**
     * One claim, measured.
     *
     * @param claim       the claim
     * @param arms        its arms' scores
     * @param comparisons its orderings
     * @param verdict     reproduced only if every ordering is; not reproduced if any is not
     */
    public record ClaimResult(Claim claim, List<ArmScores> arms, List<ComparisonResult> comparisons, Verdict verdict) {
    }

    /**
     * {@return the verdict of one ordering}
     *
     * @param improvement P(better > worse) with its interval
     * @param betterIqm   the better arm's IQM point estimate
     * @param worseIqm    the worse arm's IQM point estimate
     * @param runs        the fewer of the two arms' runs per game (seeds); one run gives no interval
     */
    public static Verdict verdict(Interval improvement, double betterIqm, double worseIqm, int runs) {
        if (runs < 2) {
            return Verdict.INCONCLUSIVE;
        }
        if (improvement.lower() > 0.5 && betterIqm > worseIqm) {
            return Verdict.REPRODUCED;
        }
        if (improvement.upper() <= 0.5) {
            return Verdict.NOT_REPRODUCED;
        }
        return Verdict.INCONCLUSIVE;
    }

    /**
     * {@return a claim's verdict from its orderings' verdicts: reproduced if all are, not reproduced if any is not,
     * else inconclusive}
     *
     * @param parts the orderings' verdicts, at least one
     */
    public static Verdict combine(List<Verdict> parts) {
        if (parts.contains(Verdict.NOT_REPRODUCED)) {
            return Verdict.NOT_REPRODUCED;
        }
        return parts.stream().allMatch(v -> v == Verdict.REPRODUCED) ? Verdict.REPRODUCED : Verdict.INCONCLUSIVE;
    }

    /**
     * Builds the report from the runs' results.
     *
     * @param plan    the plan that was run
     * @param results every run's result by run id ({@link ClaimsRunner#run})
     * @return the report
     */
    public static ClaimsReport of(Plan plan, Map<String, RunResult> results) {
        var boot = new org.scaledql.core.metrics.StratifiedBootstrap(
                BootstrapConfig.defaults(0).withReps(plan.budget().bootstrapReps()), 1);
        Map<String, Arm> catalogue = Claims.arms(plan.budget());
        Map<String, ArmScores> byArm = new LinkedHashMap<>();
        for (Arm a : plan.arms()) {
            List<RunResult> runs = new ArrayList<>();
            for (int s = 0; s < plan.seeds(); s++) {
                runs.add(results.get(Plan.runId(a.id(), s)));
            }
            ScoreMatrix m = matrix(runs);
            byArm.put(a.id(), new ArmScores(a.id(), catalogue.get(a.id()).label(), m, boot.intervals(m, List.of(
                    Aggregates.iqm(), Aggregates.median(), Aggregates.mean(), Aggregates.optimalityGap())),
                    runs.get(0).parameters(), runs.get(0).encoderParameters()));
        }
        List<ClaimResult> claims = new ArrayList<>();
        for (Claim c : plan.claims()) {
            List<ComparisonResult> comps = new ArrayList<>();
            for (Claim.Comparison k : c.comparisons()) {
                ArmScores b = byArm.get(k.better());
                ArmScores w = byArm.get(k.worse());
                Interval poi = boot.probabilityOfImprovement(b.scores(), w.scores());
                comps.add(new ComparisonResult(k.better(), k.worse(), poi, verdict(poi,
                        b.aggregates().get("iqm").point(), w.aggregates().get("iqm").point(),
                        Math.min(b.scores().numRuns(), w.scores().numRuns()))));
            }
            List<ArmScores> arms = c.arms().stream().map(byArm::get).toList();
            claims.add(new ClaimResult(c, arms, comps, combine(comps.stream().map(ComparisonResult::verdict).toList())));
        }
        return new ClaimsReport(plan.budget().name(), plan.seeds(), claims);
    }

    /** Seeds x games; every run must have evaluated the same games. */
    static ScoreMatrix matrix(List<RunResult> runs) {
        List<String> games = runs.get(0).games();
        double[][] rows = new double[runs.size()][games.size()];
        for (int r = 0; r < runs.size(); r++) {
            RunResult run = runs.get(r);
            if (!run.games().equals(games)) {
                throw new IllegalArgumentException(String.format("arm %s: seed %s evaluated %s, seed %s evaluated %s",
                        run.arm(), runs.get(0).seed(), games, run.seed(), run.games()));
            }
            for (int g = 0; g < games.size(); g++) {
                rows[r][g] = run.normalized().get(games.get(g));
            }
        }
        return new ScoreMatrix(games, rows);
    }

    private static String fmt(Interval i) {
        return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", i.point(), i.lower(), i.upper());
    }

    /** {@return the report as Markdown: a summary table, then one section per claim} */
    public String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("# Claims report\n\n");
        b.append(String.format(Locale.ROOT, "Budget `%s`, %d seed(s) per arm. Scores are normalized by the testbed "
                + "table; intervals are 95%% stratified-bootstrap intervals over seeds x games. A claim is "
                + "*reproduced* when each predicted ordering holds with its probability-of-improvement interval above "
                + "0.5, *not reproduced* when an interval lies at or below 0.5, *inconclusive* otherwise (and with one "
                + "seed).%n%n", budget, seeds));
        b.append("| claim | statement | source | verdict |\n|---|---|---|---|\n");
        for (ClaimResult c : claims) {
            b.append(String.format("| %s | %s | %s | **%s** |%n", c.claim().id(), c.claim().statement(),
                    c.claim().source(), c.verdict().text()));
        }
        for (ClaimResult c : claims) {
            b.append(String.format("%n## (%s) %s%n%n", c.claim().id(), c.claim().statement()));
            b.append("| arm | parameters (encoder) | IQM | median | mean | optimality gap |\n|---|---|---|---|---|---|\n");
            for (ArmScores a : c.arms()) {
                b.append(String.format(Locale.ROOT, "| %s | %,d (%,d) | %s | %s | %s | %s |%n", a.label(),
                        a.parameters(), a.encoderParameters(),
                        fmt(a.aggregates().get("iqm")), fmt(a.aggregates().get("median")),
                        fmt(a.aggregates().get("mean")), fmt(a.aggregates().get("optimalityGap"))));
            }
            b.append("\n| ordering | P(improvement) | verdict |\n|---|---|---|\n");
            for (ComparisonResult k : c.comparisons()) {
                b.append(String.format("| %s > %s | %s | %s |%n", k.better(), k.worse(), fmt(k.improvement()),
                        k.verdict().text()));
            }
            b.append(String.format("%nVerdict: **%s**.", c.verdict().text()));
            if (!c.claim().note().isEmpty()) {
                b.append(" Not tested: ").append(c.claim().note()).append('.');
            }
            b.append(String.format("%n%nPlots: `plots/claim-%s.png` (`.svg`)", c.claim().id()));
            if (c.claim().id().equals("e")) {
                b.append(", the scaling curve `plots/scaling.png` (`.svg`)");
            }
            b.append(String.format(", learning curves `plots/learning-%s.png` where its arms were evaluated during "
                    + "training.%n", c.claim().id()));
        }
        return b.toString();
    }

    /** {@return the report as one JSON document} */
    public ObjectNode toJson() {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("budget", budget).put("seeds", seeds);
        ArrayNode arr = root.putArray("claims");
        for (ClaimResult c : claims) {
            ObjectNode n = arr.addObject();
            n.put("id", c.claim().id()).put("statement", c.claim().statement()).put("source", c.claim().source())
                    .put("verdict", c.verdict().text()).put("note", c.claim().note());
            ObjectNode arms = n.putObject("arms");
            for (ArmScores a : c.arms()) {
                ObjectNode an = arms.putObject(a.arm());
                an.put("label", a.label()).put("parameters", a.parameters())
                        .put("encoderParameters", a.encoderParameters());
                a.aggregates().forEach((k, v) -> an.set(k, interval(v)));
                ObjectNode per = an.putObject("perSeed");
                for (int g = 0; g < a.scores().numTasks(); g++) {
                    ArrayNode col = per.putArray(a.scores().taskNames().get(g));
                    for (double v : a.scores().taskScores(g)) {
                        col.add(v);
                    }
                }
            }
            ArrayNode comps = n.putArray("comparisons");
            for (ComparisonResult k : c.comparisons()) {
                ObjectNode kn = comps.addObject();
                kn.put("better", k.better()).put("worse", k.worse()).put("verdict", k.verdict().text());
                kn.set("probabilityOfImprovement", interval(k.improvement()));
            }
        }
        return root;
    }

    private static JsonNode interval(Interval i) {
        return Json.mapper().createObjectNode().put("point", i.point()).put("lower", i.lower()).put("upper", i.upper());
    }

    /**
     * Writes {@code report.md}, {@code report.json} and the plots ({@code plots/claim-ID}, {@code plots/scaling},
     * {@code plots/learning-ID}; PNG and SVG) under {@code output}.
     *
     * @param output the matrix's output directory
     * @param plan   the plan that was run
     * @throws IOException if writing fails
     */
    public void write(Path output, Plan plan) throws IOException {
        Path plots = output.resolve("plots");
        for (ClaimResult c : claims) {
            Map<String, Map<String, Interval>> panel = new LinkedHashMap<>();
            for (ArmScores a : c.arms()) {
                panel.put(a.label(), a.aggregates());
            }
            Plots.aggregateEstimates(panel, "Normalized score").saveBoth(plots, "claim-" + c.claim().id());
            Map<String, Curve> curves = learningCurves(output, plan, c);
            if (!curves.isEmpty()) {
                Plots.learningCurves(curves, "Normalized IQM").saveBoth(plots, "learning-" + c.claim().id());
            }
            if (c.claim().id().equals("e")) {
                Map<String, Curve> scaling = new LinkedHashMap<>();
                for (String family : List.of("ResNet", "IMPALA")) {
                    List<Double> x = new ArrayList<>();
                    List<Interval> y = new ArrayList<>();
                    for (String id : Claims.capacityArms(plan.budget(), family)) {
                        ArmScores a = c.arms().stream().filter(s -> s.arm().equals(id)).findFirst().orElseThrow();
                        x.add((double) a.encoderParameters());
                        y.add(a.aggregates().get("iqm"));
                    }
                    scaling.put(family, new Curve(x, y));
                }
                // x: encoder parameters, the part the study scales (the heads are the same for every size).
                Plots.scalingCurves(scaling, "Normalized IQM").saveBoth(plots, "scaling");
            }
        }
        AtomicFiles.writeString(output.resolve("report.md"), markdown());
        AtomicFiles.writeString(output.resolve("report.json"), Json.mapper().writeValueAsString(toJson()));
    }

    /**
     * The IQM of each trained arm at each evaluation step its runs share ({@code eval.jsonl}); arms without
     * intermediate evaluations are left out.
     */
    private static Map<String, Curve> learningCurves(Path output, Plan plan, ClaimResult c) throws IOException {
        var boot = new org.scaledql.core.metrics.StratifiedBootstrap(BootstrapConfig.defaults(0).withReps(1_000), 1);
        Map<String, Curve> curves = new LinkedHashMap<>();
        for (ArmScores a : c.arms()) {
            Map<Long, List<double[]>> bySteps = new TreeMap<>();
            List<String> games = a.scores().taskNames();
            boolean complete = true;
            for (int s = 0; s < plan.seeds(); s++) {
                Path f = output.resolve(Plan.runId(a.arm(), s)).resolve("eval.jsonl");
                if (!Files.exists(f)) {
                    complete = false;
                    break;
                }
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode row = Json.mapper().readTree(line);
                    double[] v = new double[games.size()];
                    for (int g = 0; g < v.length; g++) {
                        JsonNode x = row.get("norm/" + games.get(g));
                        v[g] = x == null ? Double.NaN : x.asDouble();
                    }
                    bySteps.computeIfAbsent(row.get("step").asLong(), k -> new ArrayList<>()).add(v);
                }
            }
            if (!complete) {
                continue;
            }
            List<Double> x = new ArrayList<>();
            List<Interval> y = new ArrayList<>();
            for (Map.Entry<Long, List<double[]>> e : bySteps.entrySet()) {
                if (e.getValue().size() != plan.seeds()) {
                    continue;
                }
                ScoreMatrix m = new ScoreMatrix(games, e.getValue().toArray(new double[0][]));
                x.add((double) e.getKey());
                y.add(boot.interval(m, Aggregates.iqm()));
            }
            if (x.size() >= 2) {
                curves.put(a.label(), new Curve(x, y));
            }
        }
        return curves;
    }
}
