package org.scaledql.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.scaledql.api.env.EnvironmentConfig;
import org.scaledql.api.env.ObservationFormat;
import org.scaledql.api.eval.EpisodeResult;
import org.scaledql.api.eval.EvaluationConfig;
import org.scaledql.api.eval.EvaluationReport;
import org.scaledql.api.eval.Evaluator;
import org.scaledql.api.eval.GameEvaluation;
import org.scaledql.api.metrics.BootstrapConfig;
import org.scaledql.api.nn.HeadConfig;
import org.scaledql.api.nn.NetworkConfig;
import org.scaledql.api.nn.QNetwork;
import org.scaledql.api.nn.ResNetConfig;
import org.scaledql.core.env.BehaviorPolicies;
import org.scaledql.core.env.TestbedScores;
import org.scaledql.core.metrics.Aggregates;
import org.scaledql.core.nn.SameDiffQNetwork;

class TestbedEvaluatorTest {

    static final int[] COMMON_SHAPE = {10, 10, 10};
    static final int NOOP = 0;
    static final int LEFT = 1;
    static final int RIGHT = 3;

    /** Small bootstrap so tests stay fast. */
    static EvaluationConfig config(int episodes, long seed) {
        return EvaluationConfig.defaults(seed).withEpisodes(episodes)
                .withBootstrap(BootstrapConfig.defaults(seed).withReps(2_000));
    }

    /**
     * A tiny network whose head of game g always prefers {@code actions[g]}: head weights are zero, so the
     * Q-values are the biases whatever the observation.
     */
    static SameDiffQNetwork rigged(int[] shape, int... actions) {
        NetworkConfig c = NetworkConfig.builder(shape, actions.length, 6)
                .encoder(new ResNetConfig(18, 0.125, 4, ResNetConfig.Stem.SMALL)).torso(8)
                .head(HeadConfig.scalar()).build();
        SameDiffQNetwork net = SameDiffQNetwork.create(c, 7);
        net.parameters().get("heads/w").assign(0);
        INDArray b = net.parameters().get("heads/b");
        b.assign(0);
        for (int g = 0; g < actions.length; g++) {
            b.putScalar(g * 6L + actions[g], 1.0);
        }
        return net;
    }

    @Test
    void scriptedExpertScoresItsReferenceWithinSamplingError() {
        // catch's reference is the scripted expert's mean over 1,000 episodes (environment seed 2). Our 300
        // episodes have other seeds, so the two means differ by sampling error only: sd of the difference
        // = sqrt(s^2/300 + s^2/1000). We allow 4 such sd (a false failure has probability ~6e-5 over seeds;
        // the seed is fixed, so the test is deterministic). Epsilon 0: the reference has no epsilon.
        int m = 300;
        EvaluationReport r = new TestbedEvaluator(config(m, 11).withEpsilon(0))
                .evaluatePolicy(List.of("catch"), (game, seed) -> BehaviorPolicies.expert());
        GameEvaluation g = r.game("catch");
        double sd = g.stdError() * Math.sqrt(m);
        double tolerance = 4 * Math.sqrt(sd * sd / m + sd * sd / TestbedScores.EXPERT_EPISODES);
        assertThat(g.meanReturn()).isCloseTo(TestbedScores.of("catch").reference(), within(tolerance));
        TestbedScores.Reference ref = TestbedScores.of("catch");
        assertThat(g.normalizedMean()).isCloseTo(1.0, within(tolerance / (ref.reference() - ref.random())));
        assertThat(g.returns()).hasSize(m);
        assertThat(g.truncatedEpisodes()).isZero();
        assertThat(g.meanLength()).isEqualTo(66.0);
    }

    @Test
    void randomPolicyScoresAboutZeroAndTheExpertAboutOne() {
        // The two anchors of the testbed table, measured through the evaluator: a coarse end-to-end check.
        Evaluator ev = new TestbedEvaluator(config(100, 3).withEpsilon(0));
        EvaluationReport random = ev.evaluatePolicy(List.of("catch", "pong"), (g, s) -> BehaviorPolicies.random(s));
        for (GameEvaluation g : random.games()) {
            assertThat(g.normalizedMean()).as(g.game()).isCloseTo(0.0, within(0.1));
        }
        assertThat(random.iqm().point()).isCloseTo(0.0, within(0.15));
        EvaluationReport expert = ev.evaluatePolicy(List.of("catch", "pong"), (g, s) -> BehaviorPolicies.expert());
        assertThat(expert.iqm().lower()).isGreaterThan(0.8);
        assertThat(expert.iqm().point()).isGreaterThan(random.iqm().upper());
    }

    @Test
    void networkPathAndPolicyPathPlayTheSameEpisodesForTheSameActions() {
        // With the same seed, a network whose greedy action is constant and the constant policy see the same
        // environments and the same epsilon draws, so every return is identical (epsilon 0.2 to exercise it).
        EvaluationConfig c = config(8, 5).withEpsilon(0.2);
        Evaluator ev = new TestbedEvaluator(c);
        EvaluationReport net = ev.evaluate(rigged(COMMON_SHAPE, RIGHT), List.of("breakout"));
        EvaluationReport pol = ev.evaluatePolicy(List.of("breakout"), (g, s) -> env -> RIGHT);
        assertThat(net.game("breakout").returns()).containsExactly(pol.game("breakout").returns());
        assertThat(net.game("breakout").episodes()).isEqualTo(pol.game("breakout").episodes());
        assertThat(net.iqm()).isEqualTo(pol.iqm());
    }

    @Test
    void eachGameIsPlayedWithTheHeadOfItsTaskId() {
        // Head 0 always goes left, head 1 always right. Catch played with taskId 0 must equal the constant-left
        // policy, with taskId 1 the constant-right policy, and the two differ.
        SameDiffQNetwork net = rigged(COMMON_SHAPE, LEFT, RIGHT);
        Evaluator ev = new TestbedEvaluator(config(12, 9).withEpsilon(0));
        double[] left = ev.evaluatePolicy(List.of("catch"), (g, s) -> env -> LEFT).game("catch").returns();
        double[] right = ev.evaluatePolicy(List.of("catch"), (g, s) -> env -> RIGHT).game("catch").returns();
        assertThat(left).isNotEqualTo(right);

        EvaluationReport asHead0 = ev.evaluate(net, Map.of("catch", 0));
        EvaluationReport asHead1 = ev.evaluate(net, Map.of("catch", 1));
        assertThat(asHead0.game("catch").returns()).containsExactly(left);
        assertThat(asHead1.game("catch").returns()).containsExactly(right);
        assertThat(asHead1.game("catch").taskId()).isEqualTo(1);

        // List form: index = taskId. [breakout, catch] puts catch on head 1.
        EvaluationReport listed = ev.evaluate(net, List.of("breakout", "catch"));
        assertThat(listed.games()).extracting(GameEvaluation::game).containsExactly("breakout", "catch");
        assertThat(listed.game("catch").taskId()).isEqualTo(1);
        assertThat(listed.game("catch").returns()).containsExactly(right);
    }

    @Test
    void allRunningEpisodesShareOneForwardPerStep() {
        CountingNetwork net = new CountingNetwork(rigged(COMMON_SHAPE, LEFT, RIGHT, NOOP));
        EvaluationReport r = new TestbedEvaluator(config(3, 2)).evaluate(net, List.of("catch", "breakout", "pong"));
        int longest = r.games().stream().flatMap(g -> g.episodes().stream()).mapToInt(EpisodeResult::steps).max()
                .orElseThrow();
        int totalSteps = r.games().stream().flatMap(g -> g.episodes().stream()).mapToInt(EpisodeResult::steps).sum();
        assertThat(net.batchSizes.get(0)).as("first forward holds all 3 games x 3 episodes").isEqualTo(9);
        assertThat(net.batchSizes).as("one forward per step").hasSize(longest);
        assertThat(net.batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(totalSteps);
    }

    @Test
    void sameSeedSameReportAndBatchWidthDoesNotMatter() {
        SameDiffQNetwork net = rigged(COMMON_SHAPE, LEFT, RIGHT);
        List<String> games = List.of("catch", "breakout");
        EvaluationReport a = new TestbedEvaluator(config(3, 21)).evaluate(net, games);
        EvaluationReport b = new TestbedEvaluator(config(3, 21)).evaluate(net, games);
        EvaluationReport narrow = new TestbedEvaluator(config(3, 21).withMaxParallelEpisodes(2)).evaluate(net, games);
        EvaluationReport other = new TestbedEvaluator(config(3, 22)).evaluate(net, games);
        assertThat(b).isEqualTo(a);
        assertThat(narrow.games()).isEqualTo(a.games());
        assertThat(narrow.iqm()).isEqualTo(a.iqm());
        assertThat(other.games()).isNotEqualTo(a.games());
    }

    @Test
    void aGamesEpisodesDoNotDependOnTheOtherGamesListed() {
        Evaluator ev = new TestbedEvaluator(config(5, 4));
        Evaluator.PolicyFactory noisy = BehaviorPolicies::noisyExpert;
        GameEvaluation alone = ev.evaluatePolicy(List.of("snake"), noisy).game("snake");
        GameEvaluation withOthers = ev.evaluatePolicy(List.of("maze", "snake"), noisy).game("snake");
        assertThat(withOthers.episodes()).isEqualTo(alone.episodes().stream()
                .map(e -> new EpisodeResult(e.game(), 1, e.episode(), e.episodeReturn(), e.steps(), e.truncated()))
                .toList());
    }

    @Test
    void reportHoldsRawReturnsNormalizedMeansAndTheEpisodeIqm() {
        EvaluationReport r = new TestbedEvaluator(config(7, 8)).evaluatePolicy(List.of("catch", "maze"),
                BehaviorPolicies::noisyExpert);
        assertThat(r.normalizationTable()).isEqualTo("testbed");
        for (GameEvaluation g : r.games()) {
            double mean = Arrays.stream(g.returns()).average().orElseThrow();
            assertThat(g.meanReturn()).isEqualTo(mean);
            assertThat(g.normalizedMean()).isCloseTo(TestbedScores.normalize(g.game(), mean), within(1e-12));
        }
        assertThat(r.normalizedScores().numRuns()).isEqualTo(7);
        assertThat(r.normalizedScores().taskNames()).containsExactly("catch", "maze");
        assertThat(r.iqm().point()).isEqualTo(Aggregates.iqm().of(r.normalizedScores()));
        assertThat(r.iqm().lower()).isLessThanOrEqualTo(r.iqm().upper());
        assertThat(r.normalizedMeans().numRuns()).isEqualTo(1);
    }

    @Test
    void stepCapTruncatesAndIsReported() {
        EvaluationConfig c = config(2, 1).withEnvironment(EnvironmentConfig.defaults().withMaxEpisodeSteps(10));
        GameEvaluation g = new TestbedEvaluator(c).evaluatePolicy(List.of("catch"), (n, s) -> env -> NOOP)
                .game("catch");
        assertThat(g.truncatedEpisodes()).isEqualTo(2);
        assertThat(g.meanLength()).isEqualTo(10.0);
    }

    @Test
    void listenerHearsEveryEpisode() {
        List<String> heard = new ArrayList<>();
        new TestbedEvaluator(config(3, 1)).evaluatePolicy(List.of("catch", "pong"), BehaviorPolicies::noisyExpert,
                (e, finished, total) -> heard.add(e.game() + e.episode() + ":" + finished + "/" + total));
        assertThat(heard).hasSize(6).last().asString().endsWith("6/6");
        assertThat(heard).anyMatch(s -> s.startsWith("pong2"));
    }

    @Test
    void formatMismatchIsAClearError() {
        SameDiffQNetwork native3 = rigged(new int[] {3, 10, 10}, LEFT);
        assertThatThrownBy(() -> new TestbedEvaluator(config(1, 1)).evaluate(native3, List.of("catch")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[3, 10, 10]").hasMessageContaining("catch").hasMessageContaining("COMMON")
                .hasMessageContaining("[10, 10, 10]");
        // The right format works: catch's native layout has 2 channels... use the format the network expects.
        EvaluationConfig nativeConfig = config(1, 1).withEnvironment(
                EnvironmentConfig.defaults().withFormat(ObservationFormat.NATIVE));
        assertThatThrownBy(() -> new TestbedEvaluator(nativeConfig).evaluate(native3, List.of("catch")))
                .hasMessageContaining("format NATIVE");
    }

    @Test
    void badGamesAndTaskIdsAreClearErrors() {
        SameDiffQNetwork net = rigged(COMMON_SHAPE, LEFT, RIGHT);
        Evaluator ev = new TestbedEvaluator(config(1, 1));
        assertThatThrownBy(() -> ev.evaluate(net, Map.of("catch", 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("taskId 2").hasMessageContaining("2 heads");
        assertThatThrownBy(() -> ev.evaluate(net, Map.of("catch", -1))).hasMessageContaining("taskId -1");
        assertThatThrownBy(() -> ev.evaluate(net, List.of("tetris"))).hasMessageContaining("unknown game 'tetris'");
        assertThatThrownBy(() -> ev.evaluate(net, List.of("catch", "catch"))).hasMessageContaining("twice");
        assertThatThrownBy(() -> ev.evaluate(net, new LinkedHashMap<>())).hasMessageContaining("at least one game");
        assertThatThrownBy(() -> ev.evaluatePolicy(List.of(), BehaviorPolicies::noisyExpert))
                .hasMessageContaining("at least one game");
    }

    @Test
    void configRejectsBadValues() {
        assertThatThrownBy(() -> EvaluationConfig.defaults(1).withEpisodes(0)).hasMessageContaining("episodes=0");
        assertThatThrownBy(() -> EvaluationConfig.defaults(1).withEpsilon(1.5)).hasMessageContaining("epsilon=1.5");
        assertThatThrownBy(() -> EvaluationConfig.defaults(1).withMaxParallelEpisodes(0))
                .hasMessageContaining("maxParallelEpisodes");
        EvaluationConfig d = EvaluationConfig.defaults(5);
        assertThat(d.epsilon()).isEqualTo(0.001);
        assertThat(d.environment()).isEqualTo(EnvironmentConfig.defaults());
        assertThat(d.bootstrap().seed()).isEqualTo(5);
        assertThat(d.withSeed(6).bootstrap().seed()).isEqualTo(6);
    }

    /** Delegates to a network and records the batch size of every qValues call. */
    static final class CountingNetwork implements QNetwork {
        final QNetwork inner;
        final List<Integer> batchSizes = new ArrayList<>();

        CountingNetwork(QNetwork inner) {
            this.inner = inner;
        }

        @Override
        public NetworkConfig config() {
            return inner.config();
        }

        @Override
        public INDArray qValues(INDArray observations, INDArray taskIds) {
            batchSizes.add((int) observations.size(0));
            return inner.qValues(observations, taskIds);
        }

        @Override
        public INDArray headOutputs(INDArray observations, INDArray taskIds) {
            return inner.headOutputs(observations, taskIds);
        }

        @Override
        public INDArray features(INDArray observations) {
            return inner.features(observations);
        }

        @Override
        public QNetwork copy() {
            return inner.copy();
        }

        @Override
        public void copyParamsFrom(QNetwork other) {
            inner.copyParamsFrom(other);
        }

        @Override
        public Map<String, INDArray> parameters() {
            return inner.parameters();
        }

        @Override
        public long parameterCount() {
            return inner.parameterCount();
        }

        @Override
        public Map<String, Long> parameterBreakdown() {
            return inner.parameterBreakdown();
        }

        @Override
        public void save(java.nio.file.Path file) throws java.io.IOException {
            inner.save(file);
        }
    }
}
