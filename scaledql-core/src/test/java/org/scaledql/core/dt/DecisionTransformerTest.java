package org.scaledql.core.dt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.scaledql.api.dt.DecisionTransformerConfig;
import org.scaledql.api.env.EnvironmentConfig;
import org.scaledql.api.eval.EvaluationConfig;
import org.scaledql.api.nn.ResNetConfig;
import org.scaledql.core.data.store.DiskStoreWriter;
import org.scaledql.core.data.store.DiskTransitionStore;
import org.scaledql.core.data.store.TransitionStores;
import org.scaledql.core.env.BehaviorPolicies;
import org.scaledql.core.env.DatasetGenerator;
import org.scaledql.core.eval.Evaluators;

/** The Decision Transformer: causal structure of its tokens, and imitation of a deterministic expert. */
class DecisionTransformerTest {

    @TempDir
    static Path dir;

    static DecisionTransformerConfig tiny(long steps) {
        return new DecisionTransformerConfig(new ResNetConfig(18, 0.0625, 4, ResNetConfig.Stem.SMALL), 4, 32, 1, 2, 8,
                steps, 16, 2e-3, 7);
    }

    @BeforeAll
    static void expertData() throws Exception {
        try (DiskStoreWriter w = TransitionStores.writer(dir.resolve("expert"))) {
            DatasetGenerator.generate(new DatasetGenerator.Config(List.of("catch"), 1_500, EnvironmentConfig.defaults(),
                    11), (game, seed) -> BehaviorPolicies.expert(), w);
        }
    }

    /**
     * Property, 10 seeded cases on random windows: the action prediction of step t does not change when anything of
     * a later step changes (observation, return, action, padding) or when step t's own action changes (its token
     * comes after the return token that predicts it), bit for bit; it does change with step t's observation.
     */
    @Test
    void anActionPredictionSeesOnlyThePastAndItsOwnObservationAndReturn() {
        DecisionTransformer m = DecisionTransformer.create(tiny(1), List.of("catch", "pong"), 3, new int[] {4, 10, 10},
                new float[][] {{0, 5}, {-1, 1}});
        int k = 4;
        for (int seed = 0; seed < 10; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            int t = r.nextInt(k);
            float[] obs = new float[k * 400];
            float[] rtg = new float[k];
            int[] act = new int[k];
            boolean[] valid = new boolean[k];
            int[] tasks = new int[k];
            Arrays.fill(tasks, r.nextInt(2));
            int pad = r.nextInt(t + 1);
            for (int i = 0; i < k; i++) {
                valid[i] = i >= pad;
                rtg[i] = (float) r.nextDouble(-1, 5);
                act[i] = r.nextInt(3);
                for (int j = 0; j < 400; j++) {
                    obs[i * 400 + j] = valid[i] && r.nextBoolean() ? 1f : 0f;
                }
            }
            float[] before = row(m, obs, rtg, act, valid, tasks, t);
            float[] obs2 = obs.clone();
            float[] rtg2 = rtg.clone();
            int[] act2 = act.clone();
            boolean[] valid2 = valid.clone();
            act2[t] = (act[t] + 1) % 3;
            for (int i = t + 1; i < k; i++) {
                rtg2[i] += 3;
                act2[i] = (act[i] + 1) % 3;
                valid2[i] = r.nextBoolean();
                for (int j = 0; j < 400; j++) {
                    obs2[i * 400 + j] = 1f - obs[i * 400 + j];
                }
            }
            String input = "seed=" + seed + " t=" + t + " pad=" + pad;
            assertThat(bits(row(m, obs2, rtg2, act2, valid2, tasks, t))).as(input).isEqualTo(bits(before));
            float[] obs3 = obs.clone();
            for (int j = 0; j < 400; j++) {
                obs3[t * 400 + j] = 1f - obs[t * 400 + j];
            }
            assertThat(bits(row(m, obs3, rtg, act, valid, tasks, t))).as(input + ": own observation")
                    .isNotEqualTo(bits(before));
        }
    }

    private static float[] row(DecisionTransformer m, float[] obs, float[] rtg, int[] act, boolean[] valid, int[] tasks,
            int t) {
        INDArray o = Nd4j.createFromArray(obs).reshape(4, 4, 10, 10);
        return m.actionLogits(o, rtg, act, valid, tasks).getRow(t).dup().data().asFloat();
    }

    private static int[] bits(float[] f) {
        int[] b = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            b[i] = Float.floatToRawIntBits(f[i]);
        }
        return b;
    }

    /**
     * End to end: trained 600 steps on a deterministic expert's catch episodes, the model predicts the expert's
     * action on at least 90% of fresh windows (10 batches), and played greedily through the library's evaluator it
     * scores above a random policy on the same episodes, with the same episodes whether its factory acts for all
     * running episodes at once or each policy acts alone (also under expert-return prompting, which also beats
     * random); saved and loaded, it has the same parameters (raw bits)
     * and plays the same episodes.
     */
    @Test
    void learnsToImitateADeterministicExpert() throws Exception {
        try (DiskTransitionStore store = TransitionStores.open(dir.resolve("expert"))) {
            DecisionTransformerConfig c = tiny(600);
            SequenceSampler s = new SequenceSampler(store, List.of("catch"), c.context(), c.seed());
            DecisionTransformer m = DecisionTransformer.create(c, List.of("catch"),
                    store.records("catch").metadata().numActions(), s.frameShape(), s.returnRanges());
            DecisionTransformer.StepStats first = null;
            for (long i = 0; i < c.steps(); i++) {
                DecisionTransformer.StepStats st = m.trainStep(s.next(c.batchSize()));
                first = first == null ? st : first;
            }
            double accuracy = 0;
            for (int i = 0; i < 10; i++) {
                accuracy += m.trainStep(s.next(c.batchSize())).actionAccuracy() / 10;
            }
            assertThat(accuracy).as("action accuracy after %s steps (first step: %s)", c.steps(),
                    first.actionAccuracy()).isGreaterThanOrEqualTo(0.9);

            var evaluator = Evaluators.testbed(EvaluationConfig.defaults(3).withEpisodes(10));
            double dt = evaluator.evaluatePolicy(List.of("catch"), DecisionTransformerPolicy.factory(m)).game("catch")
                    .meanReturn();
            double random = evaluator.evaluatePolicy(List.of("catch"), (g, seed) -> BehaviorPolicies.random(seed))
                    .game("catch").meanReturn();
            assertThat(dt).as("Decision Transformer vs random policy on catch").isGreaterThan(random);
            // The factory acts for all running episodes with one forward pass; each policy alone acts the same.
            var alone = evaluator.evaluatePolicy(List.of("catch"), (g, seed) -> new DecisionTransformerPolicy(m, g))
                    .game("catch");
            var batched = evaluator.evaluatePolicy(List.of("catch"), DecisionTransformerPolicy.factory(m)).game("catch");
            assertThat(batched.episodes()).as("episodes played in one batch vs one at a time")
                    .isEqualTo(alone.episodes());
            var expert = org.scaledql.api.dt.ReturnConditioning.expert();
            var promptedAlone = evaluator.evaluatePolicy(List.of("catch"),
                    (g, seed) -> new DecisionTransformerPolicy(m, 0, expert, seed)).game("catch");
            var prompted = evaluator.evaluatePolicy(List.of("catch"),
                    DecisionTransformerPolicy.factory(m, java.util.Map.of("catch", 0), expert)).game("catch");
            assertThat(prompted.episodes()).as("expert-prompted episodes in one batch vs one at a time")
                    .isEqualTo(promptedAlone.episodes());
            assertThat(prompted.meanReturn()).as("expert prompting vs random policy").isGreaterThan(random);

            m.save(dir.resolve("dt.sqlarr"));
            DecisionTransformer back = DecisionTransformer.load(dir.resolve("dt.sqlarr"));
            assertThat(back.config()).isEqualTo(c);
            assertThat(back.games()).isEqualTo(m.games());
            assertThat(back.returnRange(0)).isEqualTo(m.returnRange(0));
            for (var e : m.parameters().entrySet()) {
                assertThat(bits(back.parameters().get(e.getKey()).dup().data().asFloat())).as(e.getKey())
                        .isEqualTo(bits(e.getValue().dup().data().asFloat()));
            }
            assertThat(evaluator.evaluatePolicy(List.of("catch"), DecisionTransformerPolicy.factory(back))
                    .game("catch").meanReturn()).as("the loaded model plays the same episodes").isEqualTo(dt);
        }
    }

    /**
     * Property, 20 seeded cases: Lee et al.'s return sampler draws bin b as often as the maximum of {@code samples}
     * explicit categorical draws from the tilted, tempered softmax does (20,000 draws each, every bin within 0.02 of
     * the explicit frequencies; independent streams), and a large optimality weight puts nearly all mass on the top
     * bin.
     */
    @Test
    void expertReturnSamplerMatchesTheMaximumOfExplicitDraws() {
        for (int seed = 0; seed < 20; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            int n = 2 + r.nextInt(8);
            float[] logits = new float[n];
            for (int b = 0; b < n; b++) {
                logits[b] = (float) (3 * r.nextGaussian());
            }
            var p = new org.scaledql.api.dt.ReturnConditioning.ExpertPrompt(4 * r.nextDouble(), 1 + r.nextInt(6),
                    0.5 + r.nextDouble());
            double[] probs = new double[n];
            double sum = 0;
            for (int b = 0; b < n; b++) {
                probs[b] = Math.exp((logits[b] + p.optimalityWeight() * b / (n - 1.0)) / p.temperature());
                sum += probs[b];
            }
            int draws = 20_000;
            double[] fast = new double[n];
            double[] explicit = new double[n];
            SplittableRandom u = new SplittableRandom(1000 + seed);
            SplittableRandom v = new SplittableRandom(2000 + seed);
            for (int i = 0; i < draws; i++) {
                fast[DecisionTransformerPolicy.sampleBin(logits, p, u.nextDouble())] += 1.0 / draws;
                int best = 0;
                for (int s = 0; s < p.samples(); s++) {
                    double x = v.nextDouble() * sum;
                    int b = 0;
                    while (b < n - 1 && x >= probs[b]) {
                        x -= probs[b];
                        b++;
                    }
                    best = Math.max(best, b);
                }
                explicit[best] += 1.0 / draws;
            }
            for (int b = 0; b < n; b++) {
                assertThat(fast[b]).as("seed %s, logits %s, %s, bin %s", seed, java.util.Arrays.toString(logits), p, b)
                        .isCloseTo(explicit[b], org.assertj.core.api.Assertions.within(0.02));
            }
        }
        var greedy = new org.scaledql.api.dt.ReturnConditioning.ExpertPrompt(1_000, 1, 1);
        assertThat(DecisionTransformerPolicy.sampleBin(new float[] {5, 0, 0, -5}, greedy, 0.999)).isEqualTo(3);
    }

    /**
     * The return token a policy feeds: with the return head rigged to predict bin b with near certainty, expert
     * prompting feeds b (for b = 0 and 5), while target-return conditioning feeds the top bin at an episode's start
     * (the data's largest return-to-go, nothing collected yet), whatever the model predicts.
     */
    @Test
    void expertPromptingFeedsTheModelsPredictedReturnAndTargetConditioningTheDatasMaximum() {
        var env = org.scaledql.core.env.Games.create("catch", EnvironmentConfig.defaults(), 5);
        DecisionTransformerConfig c = tiny(1);
        DecisionTransformer m = DecisionTransformer.create(c, List.of("catch"), env.spec().numActions(),
                env.spec().observationShape(), new float[][] {{0, 5}});
        m.parameters().get("dt/heads/return/w").assign(0);
        for (int b : new int[] {0, 5}) {
            m.parameters().get("dt/heads/return/b").assign(0).putScalar(b, 50f); // game 0's bins come first
            env.reset();
            var expert = new DecisionTransformerPolicy(m, 0, org.scaledql.api.dt.ReturnConditioning.expert(), 9);
            expert.act(env);
            assertThat(expert.lastReturnBin()).as("expert prompting, predicted bin %s", b).isEqualTo(b);
            var target = new DecisionTransformerPolicy(m, 0, org.scaledql.api.dt.ReturnConditioning.target(), 9);
            target.act(env);
            assertThat(target.lastReturnBin()).as("target return, predicted bin %s", b).isEqualTo(c.returnBins() - 1);
        }
    }
}
