package org.scaledql.examples.claims;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import java.util.Locale;
import org.scaledql.api.dt.DecisionTransformerConfig;
import org.scaledql.api.env.EnvironmentConfig;
import org.scaledql.api.nn.EncoderConfig;
import org.scaledql.api.nn.ImpalaConfig;
import org.scaledql.api.nn.ResNetConfig;
import org.scaledql.api.train.TrainConfig;
import org.scaledql.api.transfer.MaeConfig;
import org.scaledql.api.transfer.OnlineFineTuningConfig;
import org.scaledql.core.env.Games;
import org.scaledql.examples.demo.MultiGameDemo;

/**
 * How much compute the claims matrix gets: the games and data, the shared training preset (one for every claim: the
 * issue forbids tuning per claim), the seeds, the evaluation, the capacity study's encoders and the transfer
 * settings. Three sizes: {@link #tiny()} (tests), {@link #small()} (all claims, 3 seeds, sized for 2.5 hours on an
 * idle 2-core machine) and {@link #full()} (5 seeds, larger nets, more steps). Estimated times: docs/claims.md.
 *
 * @param name               the budget's name ({@code tiny}, {@code small}, {@code full})
 * @param games              the training games (each gets a head)
 * @param transitionsPerGame dqn-log transitions per training game (the demo's data protocol)
 * @param train              the Scaled QL baseline's config; every offline arm is this config with one change
 * @param bcSteps            BC's steps (the demo's BC protocol: {@link MultiGameDemo.Settings#bcConfig()})
 * @param seeds              default seeds per arm
 * @param evalEpisodes       final evaluation episodes per game
 * @param curvePoints        evaluations during training (learning curves), evenly spaced; 0 for none
 * @param curveEpisodes      episodes per game of those intermediate evaluations
 * @param evalMaxSteps       evaluation episode cap
 * @param capacitySteps      the capacity study's steps for every size (its largest nets take 10-20x the baseline's
 *                           step time); when equal to the baseline's, the baseline is its ResNet point of the same
 *                           encoder
 * @param resnets            the capacity study's ResNet encoders, smallest first
 * @param impalas            the capacity study's IMPALA encoders, smallest first
 * @param heldOutGames       claim (f)'s held-out games, chosen before any run; none is a training game
 * @param heldOutTransitions dqn-log transitions per held-out game ("little data")
 * @param fineTuneSteps      gradient steps of each offline fine-tuning run of claim (f)
 * @param maeSteps           gradient steps of claim (f)'s masked-autoencoder pre-training ({@link #maeConfig})
 * @param onlineGame         claim (g)'s game (a training game), played in a variant
 * @param onlineMode         that variant's mode
 * @param onlineSteps        environment steps of each online run of claim (g)
 * @param bootstrapReps      bootstrap resamples of every interval in the report
 */
public record Budget(String name, List<String> games, long transitionsPerGame, TrainConfig train, long bcSteps,
        int seeds, int evalEpisodes, int curvePoints, int curveEpisodes, int evalMaxSteps, long capacitySteps,
        List<EncoderConfig> resnets, List<EncoderConfig> impalas, List<String> heldOutGames, long heldOutTransitions,
        long fineTuneSteps, long maeSteps, String onlineGame, int onlineMode, long onlineSteps, int bootstrapReps) {

    /** Validates every field with a message naming it. */
    public Budget {
        games = List.copyOf(games);
        resnets = List.copyOf(resnets);
        impalas = List.copyOf(impalas);
        heldOutGames = List.copyOf(heldOutGames);
        checkArgument(!games.isEmpty(), "budget %s: games must not be empty", name);
        games.forEach(Games::info);
        heldOutGames.forEach(Games::info);
        for (String g : heldOutGames) {
            checkArgument(!games.contains(g), "budget %s: held-out game %s is a training game %s", name, g, games);
        }
        checkArgument(!heldOutGames.isEmpty(), "budget %s: heldOutGames must not be empty", name);
        checkArgument(games.contains(onlineGame), "budget %s: onlineGame %s must be a training game %s", name,
                onlineGame, games);
        checkArgument(onlineMode >= 0 && onlineMode < Games.info(onlineGame).modes().size(),
                "budget %s: %s has modes 0..%s; got onlineMode=%s", name, onlineGame,
                Games.info(onlineGame).modes().size() - 1, onlineMode);
        checkArgument(transitionsPerGame >= 100 && heldOutTransitions >= 100,
                "budget %s: transitionsPerGame and heldOutTransitions must be >= 100; got %s and %s", name,
                transitionsPerGame, heldOutTransitions);
        checkArgument(capacitySteps >= 1, "budget %s: capacitySteps must be >= 1; got %s", name, capacitySteps);
        checkArgument(bcSteps >= 1 && fineTuneSteps >= 1 && maeSteps >= 1 && onlineSteps >= 10,
                "budget %s: bcSteps >= 1, fineTuneSteps >= 1, maeSteps >= 1, onlineSteps >= 10; got %s, %s, %s, %s",
                name, bcSteps, fineTuneSteps, maeSteps, onlineSteps);
        checkArgument(seeds >= 1, "budget %s: seeds must be >= 1; got %s", name, seeds);
        checkArgument(evalEpisodes >= 1 && curveEpisodes >= 1 && evalMaxSteps >= 1,
                "budget %s: evalEpisodes, curveEpisodes and evalMaxSteps must be >= 1", name);
        checkArgument(curvePoints >= 0 && curvePoints < train.steps(), "budget %s: curvePoints must be in [0, %s); "
                + "got %s", name, train.steps(), curvePoints);
        checkArgument(!resnets.isEmpty() && !impalas.isEmpty(), "budget %s: the capacity study needs ResNet and "
                + "IMPALA sizes", name);
        checkArgument(bootstrapReps >= 100, "budget %s: bootstrapReps must be >= 100; got %s", name, bootstrapReps);
    }

    /** The budgets' names, as {@code --budget} takes them. */
    public static final List<String> NAMES = List.of("tiny", "small", "full");

    /**
     * {@return the budget of that name}
     *
     * @param name {@code tiny}, {@code small} or {@code full}
     * @throws IllegalArgumentException naming the known budgets
     */
    public static Budget byName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "tiny" -> tiny();
            case "small" -> small();
            case "full" -> full();
            default -> throw new IllegalArgumentException("unknown budget '" + name + "'; expected one of " + NAMES);
        };
    }

    /** Claim (f)'s held-out games: two testbed games outside the demo's six that the preset's sweep learned on. */
    public static final List<String> HELD_OUT_GAMES = List.of("freeway", "space_invaders");

    /**
     * {@return tests' size: two games of 300 transitions, 12 steps on the demo network at the smallest width, two
     * ResNet and one IMPALA size, one seed, 2 evaluation episodes capped at 60 steps}
     */
    public static Budget tiny() {
        ResNetConfig r = new ResNetConfig(18, 0.0625, 4, ResNetConfig.Stem.SMALL);
        TrainConfig t = TrainConfig.demo().withSteps(12).withPeriods(4, 4, 12);
        return new Budget("tiny", List.of("catch", "pong"), 300, withEncoder(t, r), 6, 1, 2, 1, 1, 60, 12,
                List.of(r, r.withWidth(0.125)), List.of(ImpalaConfig.width(1)), List.of("freeway"), 300, 8, 8, "catch",
                0, 40, 1_000);
    }

    /**
     * Decision Transformer steps per Scaled QL step at equal wall-clock time: the measured step rates of the {@code
     * dt-small} preset (10.7 steps/s) and of the demo's Scaled QL preset (43 steps/s) on the demo's six games, one
     * run at a time on the 2-core reference machine (docs/dt.md). A Decision Transformer step encodes {@code
     * context} (8) frames per window, a Scaled QL step a frame and its successor per transition.
     */
    public static final double DT_STEPS_PER_SQL_STEP = 0.25;

    /**
     * {@return the Decision Transformer arm's config: the {@code dt-small} preset (its parameter count within 10%
     * of the demo's Scaled QL network) with the budget's encoder, trained for as long in wall-clock time as the
     * baseline ({@link #DT_STEPS_PER_SQL_STEP} times its steps); seed set per run}
     */
    public DecisionTransformerConfig dtConfig() {
        DecisionTransformerConfig p = DecisionTransformerConfig.small();
        return new DecisionTransformerConfig(train.network().encoder(), p.context(), p.width(), p.layers(), p.heads(),
                p.returnBins(), Math.max(1, Math.round(train.steps() * DT_STEPS_PER_SQL_STEP)), p.batchSize(),
                p.learningRate(), 0);
    }

    /**
     * {@return all claims in at most 2.5 hours on an idle 2-core machine (docs/claims.md): the demo's games, data
     * and preset ({@link TrainConfig#demo()}) at {@value #SMALL_STEPS} steps, 3 seeds}
     */
    public static Budget small() {
        TrainConfig t = TrainConfig.demo().withSteps(SMALL_STEPS).withPeriods(1_000, 100, SMALL_STEPS);
        return new Budget("small", MultiGameDemo.DEFAULT_GAMES, 20_000, t, MultiGameDemo.Settings.DEFAULT_BC_STEPS, 3,
                20, 1, 5, EnvironmentConfig.DEFAULT_MAX_EPISODE_STEPS, SMALL_CAPACITY_STEPS, smallResnetLadder(), impalaLadder(), HELD_OUT_GAMES, 4_000, SMALL_FINE_TUNE_STEPS, SMALL_STEPS, "breakout", 1, 5_000,
                10_000);
    }

    /** The small budget's Scaled QL steps. */
    public static final long SMALL_STEPS = 10_000;

    /** The small budget's offline fine-tuning steps (claim f). */
    public static final long SMALL_FINE_TUNE_STEPS = 3_000;

    /** The small budget's capacity-study steps. */
    public static final long SMALL_CAPACITY_STEPS = 4_000;

    /**
     * {@return the full budget: the demo's games and data, the preset at its own 25,000 steps on a network twice as
     * wide (ResNet-18 at width 0.25), 5 seeds, 3 learning-curve points}
     */
    public static Budget full() {
        TrainConfig demo = TrainConfig.demo();
        TrainConfig t = withEncoder(demo, new ResNetConfig(18, 0.25, 4, ResNetConfig.Stem.SMALL))
                .withPeriods(2_500, 100, demo.steps());
        return new Budget("full", MultiGameDemo.DEFAULT_GAMES, 20_000, t, MultiGameDemo.Settings.DEFAULT_BC_STEPS, 5,
                20, 3, 10, EnvironmentConfig.DEFAULT_MAX_EPISODE_STEPS, demo.steps(), resnetLadder(), impalaLadder(), HELD_OUT_GAMES, 4_000, 5_000, demo.steps(), "breakout", 1, 10_000,
                50_000);
    }

    /**
     * The full budget's five ResNet sizes, from width and depth: ResNet-18 at widths 0.0625, 0.125 and 0.25, ResNet-34 at 0.5 and 0.75.
     * On the demo's six games whole networks span 43x in parameters (285,740 to 12,262,508) and encoders 269x; the
     * six per-game C51 heads, the same for every size, are most of the smallest network (docs/claims.md).
     */
    static List<EncoderConfig> resnetLadder() {
        ResNetConfig base = new ResNetConfig(18, 0.0625, 4, ResNetConfig.Stem.SMALL);
        return List.of(base, base.withWidth(0.125), base.withWidth(0.25),
                new ResNetConfig(34, 0.5, 4, ResNetConfig.Stem.SMALL), new ResNetConfig(34, 0.75, 4, ResNetConfig.Stem.SMALL));
    }

    /**
     * The small budget's five ResNet sizes: ResNet-18 at widths 0.0625, 0.125, 0.1875, 0.25 and 0.375. Their
     * encoders span 35x in parameters (44,544 to about 1.6 million); whole networks span less, because the six
     * per-game C51 heads (236,844 parameters for every size) are most of the smallest network. The span is counted on
     * the encoder, the part whose capacity the claim is about (the paper's ResNets dwarf their heads); reaching 30x
     * on whole networks takes ResNet-34 at width 0.75, about 18x the baseline's step time, which the 2.5-hour budget
     * cannot pay for three seeds ({@link #resnetLadder()} is the full budget's).
     */
    static List<EncoderConfig> smallResnetLadder() {
        ResNetConfig base = new ResNetConfig(18, 0.0625, 4, ResNetConfig.Stem.SMALL);
        return List.of(base, base.withWidth(0.125), base.withWidth(0.1875), base.withWidth(0.25), base.withWidth(0.375));
    }

    /** Three IMPALA widths (channels 16-32-32 times 1, 2, 4). */
    static List<EncoderConfig> impalaLadder() {
        return List.of(ImpalaConfig.width(1), ImpalaConfig.width(2), ImpalaConfig.width(4));
    }

    /**
     * {@return {@code c} with another encoder, everything else unchanged}
     *
     * @param c       a config
     * @param encoder the encoder
     */
    public static TrainConfig withEncoder(TrainConfig c, EncoderConfig encoder) {
        var n = c.network();
        return c.withObjective(c.loss(), new org.scaledql.api.train.NetworkSpec(encoder, n.reduction(), n.torsoWidths(),
                n.featureNormalization(), n.head()));
    }

    /**
     * {@return claim (f)'s masked-autoencoder settings for one seed: {@link MaeConfig#testbed} at {@link #maeSteps},
     * as many steps as the baseline Scaled QL run whose encoder it is compared with}
     *
     * @param seed the seed
     */
    public MaeConfig maeConfig(long seed) {
        return MaeConfig.testbed(maeSteps, seed);
    }

    /** {@return the online fine-tuning config of claim (g) for one seed (the transfer demo's: CQL alpha 0.01)} */
    OnlineFineTuningConfig onlineConfig(long seed) {
        return OnlineFineTuningConfig.testbed(onlineSteps, seed)
                .withCqlAlpha(OnlineFineTuningConfig.DEFAULT_ONLINE_CQL_ALPHA);
    }
}
