package org.scaledql.examples.claims;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.scaledql.api.learn.LossConfig;
import org.scaledql.api.nn.EncoderConfig;
import org.scaledql.api.nn.FeatureReduction;
import org.scaledql.api.nn.HeadConfig;
import org.scaledql.api.nn.ImpalaConfig;
import org.scaledql.api.nn.ResNetConfig;
import org.scaledql.api.train.NetworkSpec;
import org.scaledql.api.train.TrainConfig;
import org.scaledql.examples.demo.MultiGameDemo;

/**
 * The catalogue: every arm of a budget, and the claims (a) to (j) of the issue as orderings of arms. Every offline
 * arm is the budget's baseline config ({@link Budget#train()}, the demo's preset) with exactly one change, so the
 * baseline Scaled QL run ({@value #BASELINE}) is shared by claims a, b, c, d, h, i, j and is the pre-trained network
 * of claims f and g.
 */
public final class Claims {

    /** The baseline Scaled QL arm. */
    public static final String BASELINE = "sql";

    /** All claim ids, in order. */
    public static final List<String> IDS = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k");

    private Claims() {
    }

    /**
     * {@return every arm of the budget, by id, in a fixed order}
     *
     * @param b the budget
     */
    public static Map<String, Arm> arms(Budget b) {
        TrainConfig base = b.train();
        NetworkSpec n = base.network();
        Map<String, Arm> arms = new LinkedHashMap<>();
        put(arms, new Arm("behavior", "Behavior data", Arm.Kind.BEHAVIOR, null, null));
        put(arms, new Arm(BASELINE, "Scaled QL", Arm.Kind.OFFLINE, base, null));
        put(arms, new Arm("bc", "BC", Arm.Kind.OFFLINE, MultiGameDemo.Settings.bcConfig(base, b.bcSteps()), null));
        put(arms, new Arm("mse", "Scaled QL, MSE TD", Arm.Kind.OFFLINE,
                base.withObjective(LossConfig.mse().withCqlAlpha(base.loss().cqlAlpha()), n.withHead(HeadConfig.scalar())),
                null));
        put(arms, new Arm("no-feature-norm", "Scaled QL, no feature norm", Arm.Kind.OFFLINE, base.withObjective(base.loss(),
                new NetworkSpec(n.encoder(), n.reduction(), n.torsoWidths(), false, n.head())), null));
        put(arms, new Arm("cql-alpha-0", "Scaled QL, CQL alpha 0", Arm.Kind.OFFLINE,
                base.withObjective(base.loss().withCqlAlpha(0), n), null));
        put(arms, new Arm("flatten", "Scaled QL, flatten", Arm.Kind.OFFLINE, base.withObjective(base.loss(),
                new NetworkSpec(n.encoder(), FeatureReduction.FLATTEN, n.torsoWidths(), n.featureNormalization(),
                        n.head())), null));
        put(arms, new Arm("hl-gauss", "Scaled QL, HL-Gauss TD", Arm.Kind.OFFLINE,
                base.withObjective(base.loss().withTd(LossConfig.TdKind.HL_GAUSS), n), null));
        for (EncoderConfig e : b.resnets()) {
            put(arms, capacityArm(b, e, "ResNet"));
        }
        for (EncoderConfig e : b.impalas()) {
            put(arms, capacityArm(b, e, "IMPALA"));
        }
        TrainConfig fineTune = base.withSteps(b.fineTuneSteps()).withPeriods(Math.max(1, b.fineTuneSteps() / 4),
                Math.max(1, b.fineTuneSteps() / 10), b.fineTuneSteps());
        put(arms, new Arm("finetune-pretrained", "Fine-tuned Scaled QL encoder", Arm.Kind.FINETUNE_PRETRAINED, fineTune,
                null));
        put(arms, new Arm("finetune-scratch", "From scratch", Arm.Kind.FINETUNE_SCRATCH, fineTune, null));
        put(arms, new Arm("finetune-mae", "Fine-tuned MAE encoder", Arm.Kind.FINETUNE_MAE, fineTune, null));
        put(arms, new Arm("frozen-mae", "Frozen MAE encoder", Arm.Kind.FROZEN_MAE, fineTune, null));
        put(arms, new Arm("online-pretrained", "Online, Scaled QL encoder", Arm.Kind.ONLINE_PRETRAINED, null, null));
        put(arms, new Arm("online-scratch", "Online, from scratch", Arm.Kind.ONLINE_SCRATCH, null, null));
        put(arms, new Arm("dt", "Decision Transformer", Arm.Kind.DECISION_TRANSFORMER, null, null));
        return arms;
    }

    private static void put(Map<String, Arm> arms, Arm a) {
        if (!arms.containsKey(a.id())) {
            arms.put(a.id(), a);
        }
    }

    /** The capacity arm of one encoder: the baseline itself when the encoder is the baseline's. */
    private static Arm capacityArm(Budget b, EncoderConfig e, String family) {
        if (e.equals(b.train().network().encoder()) && b.capacitySteps() == b.train().steps()) {
            return new Arm(BASELINE, "Scaled QL", Arm.Kind.OFFLINE, b.train(), family);
        }
        return new Arm(capacityId(e), family + " " + e.displayName(), Arm.Kind.OFFLINE,
                Budget.withEncoder(b.train(), e).withSteps(b.capacitySteps()), family);
    }

    /**
     * {@return the capacity study's arm id of an encoder}
     *
     * @param e a ResNet or IMPALA encoder
     */
    static String capacityId(EncoderConfig e) {
        if (e instanceof ResNetConfig r) {
            return String.format(Locale.ROOT, "resnet%d-w%s", r.depth(), trim(r.width()));
        }
        if (e instanceof ImpalaConfig i) {
            return String.format(Locale.ROOT, "impala-x%d", i.widthMultiplier());
        }
        throw new IllegalArgumentException("the capacity study takes ResNet and IMPALA encoders; got " + e);
    }

    private static String trim(double w) {
        String s = Double.toString(w);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    /** {@return the capacity study's arm ids of one family, smallest first} */
    static List<String> capacityArms(Budget b, String family) {
        List<String> out = new ArrayList<>();
        for (EncoderConfig e : family.equals("ResNet") ? b.resnets() : b.impalas()) {
            out.add(capacityArm(b, e, family).id());
        }
        return out;
    }

    /**
     * {@return every claim for this budget, in the order}
     *
     * @param b the budget
     */
    public static List<Claim> all(Budget b) {
        List<Claim> out = new ArrayList<>();
        String sql = BASELINE;
        out.add(new Claim("a", "Scaled QL beats the behaviour data on sub-optimal data", "Fig. 2",
                List.of(sql, "behavior"), List.of(new Claim.Comparison(sql, "behavior")), ""));
        out.add(new Claim("b", "Scaled QL beats BC with the same network", "Fig. 2", List.of(sql, "bc"),
                List.of(new Claim.Comparison(sql, "bc")), ""));
        out.add(new Claim("c", "the C51 cross-entropy TD loss beats MSE", "Table 1", List.of(sql, "mse"),
                List.of(new Claim.Comparison(sql, "mse")), ""));
        out.add(new Claim("d", "feature normalization helps", "Table 2", List.of(sql, "no-feature-norm"),
                List.of(new Claim.Comparison(sql, "no-feature-norm")), ""));
        List<String> resnets = capacityArms(b, "ResNet");
        List<String> impalas = capacityArms(b, "IMPALA");
        List<String> capacity = new ArrayList<>(new LinkedHashSet<>(resnets));
        capacity.addAll(impalas);
        out.add(new Claim("e", "performance rises with ResNet capacity while IMPALA saturates", "Fig. 6", capacity,
                List.of(new Claim.Comparison(resnets.get(resnets.size() - 1), resnets.get(0))),
                "the verdict tests the largest ResNet against the smallest; IMPALA's saturation is read from the "
                        + "scaling curve, not tested"));
        out.add(new Claim("f", "a pre-trained encoder beats training from scratch offline on held-out games with little "
                + "data (held out: " + String.join(", ", b.heldOutGames()) + "), and a frozen MAE encoder does not "
                + "match it", "Fig. 7",
                List.of("finetune-pretrained", "finetune-scratch", "frozen-mae", "finetune-mae"),
                List.of(new Claim.Comparison("finetune-pretrained", "finetune-scratch"),
                        new Claim.Comparison("finetune-pretrained", "frozen-mae")),
                "the MAE arms' encoder is pre-trained by masked autoencoding on the same data for as many steps as "
                        + "the baseline; the fine-tuned MAE arm is reported, not tested (the paper's claim is about "
                        + "the frozen one)"));
        out.add(new Claim("g", "online fine-tuning on a game variant beats training from scratch (" + b.onlineGame()
                + " mode " + b.onlineMode() + ")", "Fig. 8", List.of("online-pretrained", "online-scratch"),
                List.of(new Claim.Comparison("online-pretrained", "online-scratch")), ""));
        out.add(new Claim("h", "CQL matters: alpha 0 is worse than 0.05", "App. B.4", List.of(sql, "cql-alpha-0"),
                List.of(new Claim.Comparison(sql, "cql-alpha-0")), ""));
        out.add(new Claim("i", "the learned spatial embedding beats flattening", "App. B.3", List.of(sql, "flatten"),
                List.of(new Claim.Comparison(sql, "flatten")), ""));
        out.add(new Claim("j", "HL-Gauss beats C51 and MSE", "Farebrother et al. 2024", List.of("hl-gauss", sql, "mse"),
                List.of(new Claim.Comparison("hl-gauss", sql), new Claim.Comparison("hl-gauss", "mse")), ""));
        out.add(new Claim("k", "Scaled QL beats the multi-game Decision Transformer on sub-optimal data", "Fig. 2",
                List.of(sql, "dt", "bc", "behavior"), List.of(new Claim.Comparison(sql, "dt")),
                String.format(Locale.ROOT, "a longer-trained Decision Transformer: this one (docs/dt.md) has about "
                        + "as many parameters as the Scaled QL network and trains for about as long in wall-clock "
                        + "time (%,d steps against %,d)", b.dtConfig().steps(), b.train().steps())));
        return out;
    }

    /**
     * {@return the chosen claims, in the order}
     *
     * @param b   the budget
     * @param ids claim ids ({@link #IDS}); empty for all
     * @throws IllegalArgumentException naming an unknown id
     */
    public static List<Claim> select(Budget b, List<String> ids) {
        Set<String> want = new LinkedHashSet<>();
        for (String id : ids) {
            String t = id.trim().toLowerCase(Locale.ROOT);
            checkArgument(IDS.contains(t), "--claims: unknown claim '%s'; expected some of %s", id, IDS);
            want.add(t);
        }
        return all(b).stream().filter(c -> want.isEmpty() || want.contains(c.id())).toList();
    }
}
