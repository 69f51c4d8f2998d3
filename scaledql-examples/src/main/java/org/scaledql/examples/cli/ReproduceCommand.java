package org.scaledql.examples.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.scaledql.core.io.Json;
import org.scaledql.examples.claims.Arm;
import org.scaledql.examples.claims.Budget;
import org.scaledql.examples.claims.Claims;
import org.scaledql.examples.claims.ClaimsReport;
import org.scaledql.examples.claims.ClaimsRunner;
import org.scaledql.examples.claims.Plan;
import org.scaledql.examples.claims.RunResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./scaledql reproduce}: the paper's claims from one command (docs/claims.md). */
@Command(name = "reproduce", description = {
    "Run the matrix of training and evaluation runs that the chosen claims of the paper need (arms shared between",
    "claims, data generated once per seed), then write DIR/report.md, DIR/report.json and DIR/plots: per claim the",
    "arms' normalized IQM with 95%% stratified-bootstrap intervals, the probability of improvement and a verdict.",
    "Rerunning the same command continues where it stopped. Budgets and their times: docs/claims.md."})
final class ReproduceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--output", required = true, description = "Directory for data, runs, report and plots")
    Path output;

    @Option(names = "--claims", split = ",", description = "Claims to reproduce, from a,b,c,d,e,f,g,h,i,j (default: all)")
    List<String> claims;

    @Option(names = "--budget", description = "tiny, small or full (default: ${DEFAULT-VALUE})", defaultValue = "small")
    String budget;

    @Option(names = "--seeds", description = "Seeds per arm (default: the budget's: tiny 1, small 3, full 5)")
    Integer seeds;

    @Option(names = "--parallel", description = "Runs at a time, one core each (default: the number of cores)")
    Integer parallel;

    @Option(names = "--plan-only", description = "Print the plan (arms, parameters, steps) on stderr and stop")
    boolean planOnly;

    @Option(names = "--json", description = "Print the report as one JSON document instead of the summary table")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (parallel != null && parallel < 1) {
            throw new IllegalArgumentException("--parallel must be >= 1; got " + parallel);
        }
        Budget b = Budget.byName(budget);
        int n = seeds == null ? b.seeds() : seeds;
        Plan plan = Plan.of(b, Claims.select(b, claims == null ? List.of() : claims), n);
        var err = spec.commandLine().getErr();
        err.printf("reproduce: claims %s, budget %s, %d seed(s), %d runs%n",
                plan.claims().stream().map(c -> c.id()).toList(), b.name(), n, plan.runs().size());
        for (Arm a : plan.arms()) {
            if (a.kind() == Arm.Kind.OFFLINE) {
                Map<String, Long> params = ClaimsRunner.parameters(a.train(), b.games());
                err.printf("  arm %-20s %,12d parameters (encoder %,d)  %s, %,d steps%n", a.id(),
                        params.values().stream().mapToLong(Long::longValue).sum(), params.get("encoder"),
                        a.train().network().encoder().displayName(), a.train().steps());
            } else if (a.kind() == Arm.Kind.DECISION_TRANSFORMER) {
                err.printf("  arm %-20s Decision Transformer (dt-small, %s), %,d steps%n", a.id(),
                        b.dtConfig().encoder().displayName(), b.dtConfig().steps());
            } else {
                err.printf("  arm %-20s %s%n", a.id(), a.kind());
            }
        }
        int p = parallel == null ? Runtime.getRuntime().availableProcessors() : parallel;
        double core = ClaimsRunner.estimatedCoreSeconds(plan);
        err.printf("  estimated %.1f core-hours, about %.1f hours at %d run(s) at a time (a model fitted to step "
                + "rates measured on a shared machine, docs/claims.md; not a measurement)%n", core / 3600,
                core / 3600 / Math.min(p, Math.max(1, plan.runs().size())), p);
        err.flush();
        if (planOnly) {
            return 0;
        }
        Map<String, RunResult> results = ClaimsRunner.run(new ClaimsRunner.Options(output, plan, p, null, err));
        ClaimsReport report = ClaimsReport.of(plan, results);
        report.write(output, plan);
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.mapper().writeValueAsString(report.toJson()));
        } else {
            for (ClaimsReport.ClaimResult c : report.claims()) {
                out.printf("(%s) %-16s %s%n", c.claim().id(), c.verdict().text(), c.claim().statement());
            }
            out.printf("report: %s%n", output.resolve("report.md"));
        }
        out.flush();
        return 0;
    }
}
