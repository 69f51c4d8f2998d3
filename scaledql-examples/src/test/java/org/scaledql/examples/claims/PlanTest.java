package org.scaledql.examples.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scaledql.api.learn.LossConfig;
import org.scaledql.api.nn.FeatureReduction;
import org.scaledql.api.nn.HeadConfig;
import org.scaledql.api.train.TrainConfig;

/** The plan shares runs and data between claims; every arm is the baseline with one change. */
class PlanTest {

    @Test
    void runsAreSharedBetweenClaimsAndDataIsGeneratedOncePerSeed() {
        Budget b = Budget.small();
        Plan all = Plan.of(b, Claims.select(b, List.of()), 3);
        List<String> ids = all.steps().stream().map(Plan.Step::id).toList();
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(ids.stream().filter(i -> i.startsWith("runs/sql/"))).hasSize(3);
        assertThat(ids.stream().filter(i -> i.startsWith("data/"))).hasSize(3);
        assertThat(ids.stream().filter(i -> i.startsWith("heldout-data/"))).hasSize(3);
        // The data, the baseline and its 6 variants, 5 ResNet and 3 IMPALA sizes (the capacity study runs its own
        // steps, so none is the baseline), 4 transfer arms, 2 MAE arms, the Decision Transformer.
        assertThat(all.arms()).hasSize(1 + 7 + 5 + 3 + 4 + 2 + 1);
        assertThat(ids.stream().filter(i -> i.startsWith("mae/"))).hasSize(3);
        assertThat(all.runs()).hasSize(3 * all.arms().size());

        Plan ab = Plan.of(b, Claims.select(b, List.of("a", "b", "h")), 2);
        assertThat(ab.arms().stream().map(Arm::id)).containsExactly("sql", "behavior", "bc", "cql-alpha-0");
        assertThat(ab.steps().stream().filter(s -> s.type() != Plan.Type.RUN)).hasSize(2);

        Plan f = Plan.of(b, Claims.select(b, List.of("f")), 1);
        assertThat(f.arms().stream().map(Arm::id)).containsExactly("sql", "finetune-pretrained", "finetune-scratch",
                "finetune-mae", "frozen-mae");
        assertThat(f.steps().stream().filter(s -> s.type() != Plan.Type.RUN).map(Plan.Step::id))
                .containsExactly("data/seed-0", "heldout-data/seed-0", "mae/seed-0");
        assertThat(f.steps().stream().filter(s -> s.id().equals("runs/frozen-mae/seed-0")).findFirst().orElseThrow()
                .deps()).containsExactlyInAnyOrder("heldout-data/seed-0", "mae/seed-0");
        assertThat(f.steps().stream().filter(s -> s.id().equals("mae/seed-0")).findFirst().orElseThrow().deps())
                .containsExactly("data/seed-0");
        Plan.Step pre = f.steps().stream().filter(s -> s.id().equals("runs/finetune-pretrained/seed-0")).findFirst()
                .orElseThrow();
        assertThat(pre.deps()).containsExactlyInAnyOrder("heldout-data/seed-0", "runs/sql/seed-0");

        Plan k = Plan.of(b, Claims.select(b, List.of("k")), 1);
        assertThat(k.arms().stream().map(Arm::id)).containsExactly("sql", "behavior", "bc", "dt");
        assertThat(k.steps().stream().filter(s -> s.id().equals("runs/dt/seed-0")).findFirst().orElseThrow().deps())
                .containsExactly("data/seed-0");
    }

    @Test
    void theDecisionTransformerArmTrainsAsLongAsTheBaselineInWallClockWithItsEncoder() {
        for (Budget b : List.of(Budget.tiny(), Budget.small())) {
            assertThat(b.dtConfig().encoder()).isEqualTo(b.train().network().encoder());
            assertThat(b.dtConfig().steps()).isEqualTo(Math.max(1,
                    Math.round(b.train().steps() * Budget.DT_STEPS_PER_SQL_STEP)));
        }
        assertThat(Budget.small().dtConfig().steps()).isEqualTo(2_500);
    }

    @Test
    void everyOfflineArmIsTheBaselineWithOneChange() {
        Budget b = Budget.small();
        Map<String, Arm> arms = Claims.arms(b);
        TrainConfig base = b.train();
        assertThat(arms.get("sql").train()).isEqualTo(base);
        assertThat(arms.get("cql-alpha-0").train()).isEqualTo(base.withObjective(base.loss().withCqlAlpha(0),
                base.network()));
        assertThat(arms.get("hl-gauss").train().loss().td()).isEqualTo(LossConfig.TdKind.HL_GAUSS);
        assertThat(arms.get("flatten").train().network().reduction()).isEqualTo(FeatureReduction.FLATTEN);
        assertThat(arms.get("no-feature-norm").train().network().featureNormalization()).isFalse();
        assertThat(arms.get("mse").train().network().head()).isInstanceOf(HeadConfig.Scalar.class);
        assertThat(arms.get("mse").train().loss().cqlAlpha()).isEqualTo(base.loss().cqlAlpha());
        assertThat(arms.get("bc").train().loss().bcWeight()).isEqualTo(1.0);
        for (Arm a : arms.values()) {
            if (a.family() != null) {
                assertThat(a.train().steps()).as(a.id()).isEqualTo(b.capacitySteps());
                assertThat(a.train().optimizer()).as(a.id()).isEqualTo(base.optimizer());
            } else if (a.train() != null && !a.kind().needsHeldOutData() && !a.id().equals("bc")) {
                TrainConfig t = a.train();
                assertThat(t.steps()).as(a.id()).isEqualTo(base.steps());
                assertThat(t.optimizer()).as(a.id()).isEqualTo(base.optimizer());
                assertThat(t.discount()).as(a.id()).isEqualTo(base.discount());
            }
        }
        assertThat(b.heldOutGames()).doesNotContainAnyElementsOf(b.games());
    }

    @Test
    void capacityStudySpansFiveResNetsOverThirtyTimesAndThreeImpalas() {
        for (Budget b : List.of(Budget.small(), Budget.full())) {
            List<String> resnets = Claims.capacityArms(b, "ResNet");
            assertThat(resnets).hasSize(5).doesNotHaveDuplicates();
            assertThat(Claims.capacityArms(b, "IMPALA")).hasSize(3).doesNotHaveDuplicates();
            Map<String, Arm> arms = Claims.arms(b);
            Map<String, Long> smallest = ClaimsRunner.parameters(arms.get(resnets.get(0)).train(), b.games());
            Map<String, Long> largest = ClaimsRunner.parameters(arms.get(resnets.get(4)).train(), b.games());
            long small = smallest.values().stream().mapToLong(Long::longValue).sum();
            long large = largest.values().stream().mapToLong(Long::longValue).sum();
            if (b.name().equals("full")) { // small counts its span on the encoder (Budget.smallResnetLadder)
                assertThat((double) large / small).as("%s: %s to %s parameters", b.name(), small, large)
                        .isGreaterThanOrEqualTo(30);
            }
            assertThat((double) largest.get("encoder") / smallest.get("encoder")).isGreaterThanOrEqualTo(30);
        }
    }

    @Test
    void unknownClaimsAndBudgetsAreRefusedByName() {
        assertThatThrownBy(() -> Claims.select(Budget.tiny(), List.of("a", "z")))
                .hasMessageContaining("'z'").hasMessageContaining("[a, b, c");
        assertThatThrownBy(() -> Budget.byName("huge")).hasMessageContaining("'huge'").hasMessageContaining("small");
    }
}
