package org.scaledql.examples.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scaledql.api.train.TrainConfig;
import org.scaledql.core.io.Json;
import org.scaledql.examples.cli.ScaledQlCli;

/**
 * {@code ./scaledql reproduce --budget tiny} end to end on claims a, f and g (every kind of step: data, held-out
 * data, the behaviour data's scores, offline training, offline fine-tuning from the baseline and from scratch,
 * online fine-tuning), uninterrupted and killed mid-matrix then rerun.
 */
class ReproduceIT {

    private static final String CLAIMS = "a,f,g,k";

    @Test
    void killedMatrixResumesToTheSameResultFiles(@TempDir Path dir) throws Exception {
        Path whole = dir.resolve("whole");
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int code = ScaledQlCli.run(new String[] {"reproduce", "--budget", "tiny", "--claims", CLAIMS, "--output",
            whole.toString(), "--parallel", "2", "--json"}, new PrintWriter(stdout), new PrintWriter(stderr));
        assertThat(code).as("stderr: %s", stderr).isZero();

        JsonNode report = Json.mapper().readTree(stdout.toString());
        assertThat(report.get("budget").asText()).isEqualTo("tiny");
        assertThat(report.get("claims")).hasSize(4);
        for (JsonNode c : report.get("claims")) {
            assertThat(c.get("verdict").asText()).as("one seed gives no interval").isEqualTo("inconclusive");
            for (JsonNode k : c.get("comparisons")) {
                JsonNode p = k.get("probabilityOfImprovement");
                assertThat(p.get("point").asDouble()).isBetween(0.0, 1.0);
            }
            c.get("arms").forEach(a -> assertThat(a.get("iqm").get("lower").asDouble())
                    .isLessThanOrEqualTo(a.get("iqm").get("upper").asDouble()));
        }
        assertThat(whole.resolve("report.md")).exists();
        assertThat(Files.readString(whole.resolve("report.md"))).contains("(f)", "freeway", "P(improvement)");
        for (String plot : List.of("claim-a", "claim-f", "claim-g", "claim-k")) {
            assertThat(whole.resolve("plots/" + plot + ".png")).exists();
            assertThat(whole.resolve("plots/" + plot + ".svg")).exists();
        }
        assertThat(stderr.toString()).contains("ETA");
        for (String arm : List.of("sql", "finetune-pretrained", "finetune-scratch", "online-pretrained", "online-scratch",
                "dt")) {
            assertThat(whole.resolve(Plan.runId(arm, 0)).resolve("config.json")).as(arm).exists();
        }

        // Killed during the baseline's training, after its checkpoint at step 4 and before the end (12 steps).
        Path killed = dir.resolve("killed");
        Budget b = Budget.tiny();
        Plan plan = Plan.of(b, Claims.select(b, List.of(CLAIMS.split(","))), 1);
        assertThatThrownBy(() -> ClaimsRunner.run(new ClaimsRunner.Options(killed, plan, 2,
                new ClaimsRunner.Interrupt(Plan.runId(Claims.BASELINE, 0), 6), new PrintWriter(new StringWriter()))))
                .isInstanceOf(ClaimsRunner.Interrupted.class);
        Path baseline = killed.resolve(Plan.runId(Claims.BASELINE, 0));
        assertThat(baseline.resolve(RunResult.FILE)).doesNotExist();
        assertThat(Files.list(baseline.resolve("checkpoints")).count()).as("a checkpoint to resume from").isPositive();

        StringWriter stderr2 = new StringWriter();
        code = ScaledQlCli.run(new String[] {"reproduce", "--budget", "tiny", "--claims", CLAIMS, "--output",
            killed.toString(), "--parallel", "2"}, new PrintWriter(new StringWriter()), new PrintWriter(stderr2));
        assertThat(code).as("stderr: %s", stderr2).isZero();
        assertThat(stderr2.toString()).contains("resuming runs/sql/seed-0 from its last checkpoint");
        for (Plan.Step s : plan.runs()) {
            assertThat(Files.readAllBytes(killed.resolve(s.id()).resolve(RunResult.FILE))).as(s.id())
                    .isEqualTo(Files.readAllBytes(whole.resolve(s.id()).resolve(RunResult.FILE)));
        }
        assertThat(Files.readString(killed.resolve("report.md"))).isEqualTo(Files.readString(whole.resolve("report.md")));

        // A third run finds everything done and changes nothing.
        StringWriter stderr3 = new StringWriter();
        code = ScaledQlCli.run(new String[] {"reproduce", "--budget", "tiny", "--claims", CLAIMS, "--output",
            killed.toString()}, new PrintWriter(new StringWriter()), new PrintWriter(stderr3));
        assertThat(code).as("stderr: %s", stderr3).isZero();
        assertThat(stderr3.toString()).contains("already done").doesNotContain("starting runs/");

        // A finished run whose config is not its arm's any more is refused, naming the file.
        Path config = killed.resolve(Plan.runId(Claims.BASELINE, 0)).resolve("config.json");
        String saved = Files.readString(config);
        TrainConfig other = Json.mapper().readValue(saved, TrainConfig.class);
        Files.writeString(config, Json.mapper().writeValueAsString(other.withObjective(other.loss().withCqlAlpha(0.5),
                other.network())));
        StringWriter stderr5 = new StringWriter();
        code = ScaledQlCli.run(new String[] {"reproduce", "--budget", "tiny", "--claims", CLAIMS, "--output",
            killed.toString()}, new PrintWriter(new StringWriter()), new PrintWriter(stderr5));
        assertThat(code).isNotZero();
        assertThat(stderr5.toString()).contains(config.toString(), "another config");
        Files.writeString(config, saved);

        // So is a finished Decision Transformer run of another config.
        Path dtConfig = killed.resolve(Plan.runId("dt", 0)).resolve("config.json");
        String dtSaved = Files.readString(dtConfig);
        Files.writeString(dtConfig, Json.mapper().writeValueAsString(Json.mapper().readValue(dtSaved,
                org.scaledql.api.dt.DecisionTransformerConfig.class).withSteps(99)));
        StringWriter stderr6 = new StringWriter();
        code = ScaledQlCli.run(new String[] {"reproduce", "--budget", "tiny", "--claims", CLAIMS, "--output",
            killed.toString()}, new PrintWriter(new StringWriter()), new PrintWriter(stderr6));
        assertThat(code).isNotZero();
        assertThat(stderr6.toString()).contains(dtConfig.toString(), "another config");
        Files.writeString(dtConfig, dtSaved);

        // Another budget into the same output is refused, naming the file and field.
        StringWriter stderr4 = new StringWriter();
        code = ScaledQlCli.run(new String[] {"reproduce", "--budget", "small", "--claims", "a", "--output",
            killed.toString()}, new PrintWriter(new StringWriter()), new PrintWriter(stderr4));
        assertThat(code).isNotZero();
        assertThat(stderr4.toString()).contains("reproduce.json", "budget", "tiny");
    }
}
