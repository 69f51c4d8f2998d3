package org.scaledql.core.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.scaledql.api.data.GameRecords;
import org.scaledql.api.env.EnvironmentConfig;
import org.scaledql.api.learn.StepResult;
import org.scaledql.api.online.EpisodeRecord;
import org.scaledql.api.online.EpsilonSchedule;
import org.scaledql.api.online.OnlineConfig;
import org.scaledql.api.online.OnlineListener;
import org.scaledql.api.online.OnlineResult;
import org.scaledql.core.data.store.InMemoryStoreWriter;
import org.scaledql.core.data.store.TransitionStores;
import org.scaledql.core.env.Games;
import org.scaledql.core.learn.ScaledQlTrainStep;

class OnlineQLearningTest {

    /** Catch with a 30-step cap, so runs contain both game overs (66 steps would) and cuts. */
    static final EnvironmentConfig ENV = EnvironmentConfig.defaults().withMaxEpisodeSteps(30);

    static OnlineConfig small(long steps, long seed) {
        return new OnlineConfig(steps, 500, 50, 4, 8, 2, 0.9, new EpsilonSchedule(1.0, 0.1, 100, 20), 0.0, seed);
    }

    static ScaledQlTrainStep step(long seed) {
        return Tiny.step(Tiny.network(new int[] {10, 10, 10}, 1, 6), seed, 1e-3, 20);
    }

    record Run(OnlineResult result, Tiny.Recording env, Map<String, INDArray> params, List<Long> trainSteps) {
    }

    static Run run(OnlineConfig config, long netSeed, long envSeed) throws Exception {
        ScaledQlTrainStep s = step(netSeed);
        Tiny.Recording env = new Tiny.Recording(Games.create("catch", ENV, envSeed));
        List<Long> trainSteps = new ArrayList<>();
        OnlineResult r = OnlineQLearning.builder(s, env).config(config).listener(new OnlineListener() {
            @Override
            public void onTrainStep(long environmentStep, StepResult result) {
                trainSteps.add(environmentStep);
            }
        }).build().run();
        return new Run(r, env, s.state().online(), trainSteps);
    }

    @Test
    void aSeedFixesTheWholeRun() throws Exception {
        Run a = run(small(200, 5), 1, 2);
        Run b = run(small(200, 5), 1, 2);
        Run c = run(small(200, 6), 1, 2);
        assertThat(b.env.actions).isEqualTo(a.env.actions);
        assertThat(b.result.episodes()).isEqualTo(a.result.episodes());
        for (String p : a.params.keySet()) {
            assertThat(b.params.get(p)).as(p).isEqualTo(a.params.get(p));
        }
        assertThat(c.env.actions).as("another loop seed explores differently").isNotEqualTo(a.env.actions);
    }

    @Test
    void budgetAndUpdateCadenceAreRespected() throws Exception {
        Run r = run(small(203, 1), 1, 2);
        assertThat(r.env.actions).hasSize(203);
        assertThat(r.result.environmentSteps()).isEqualTo(203);
        // transitions stored >= 50 from step 50 on; a gradient step when (t + 1) % 4 == 0, t + 1 in [52, 200]
        List<Long> expected = new ArrayList<>();
        for (long t = 52; t <= 203; t += 4) {
            expected.add(t);
        }
        assertThat(r.trainSteps).isEqualTo(expected);
        assertThat(r.result.gradientSteps()).isEqualTo(expected.size());
        int done = (int) r.env.outcomes.stream().filter(o -> o.done()).count();
        assertThat(r.result.episodes()).hasSize(done);
        assertThat(r.result.finalEpsilon()).isEqualTo(small(203, 1).epsilon().value(202));
        EpisodeRecord first = r.result.episodes().get(0);
        assertThat(first.truncated()).as("catch lasts 66 steps; the cap is 30").isTrue();
        assertThat(first.step()).isEqualTo(30);
        assertThat(first.length()).isEqualTo(30);
    }

    @Test
    void explorationDrawsFollowTheDocumentedStreams() throws Exception {
        OnlineConfig allRandom = small(120, 9).withEpsilon(EpsilonSchedule.constant(1.0));
        Run r = run(allRandom, 1, 2);
        SplittableRandom act = new SplittableRandom(new SplittableRandom(9).nextLong());
        for (int t = 0; t < 120; t++) {
            act.nextDouble();
            assertThat(r.env.actions.get(t)).as("step %s", t).isEqualTo(act.nextInt(6));
        }
    }

    @Test
    void epsilonZeroActsGreedilyWithTheNetwork() throws Exception {
        // no learning (history never reached): every action is the untrained network's argmax
        OnlineConfig greedy = new OnlineConfig(40, 100, 100, 1, 8, 1, 0.9, EpsilonSchedule.constant(0), 0, 1);
        ScaledQlTrainStep s = step(3);
        Tiny.Recording env = new Tiny.Recording(Games.create("catch", ENV, 4));
        OnlineQLearning.builder(s, env).config(greedy).build().run();
        Tiny.Recording replay = new Tiny.Recording(Games.create("catch", ENV, 4));
        replay.reset();
        float[] obs = new float[1000];
        for (int t = 0; t < 40; t++) {
            replay.observe(obs, 0);
            INDArray q = s.online().qValues(Nd4j.createFromArray(obs).reshape(1, 10, 10, 10),
                    Nd4j.createFromArray(0));
            int a = EpsilonGreedyPolicy.greedy(q);
            assertThat(env.actions.get(t)).as("step %s", t).isEqualTo(a);
            if (replay.step(a).done()) {
                replay.reset();
            }
        }
    }

    @Test
    void theTapLogsExactlyTheStepsTaken() throws Exception {
        ScaledQlTrainStep s = step(1);
        Tiny.Recording env = new Tiny.Recording(Games.create("catch", ENV, 2));
        InMemoryStoreWriter sink = TransitionStores.inMemory();
        OnlineResult r = OnlineQLearning.builder(s, env).config(small(157, 3)).tap(sink, "catch").build().run();
        sink.close();
        GameRecords g = sink.store().records("catch");
        assertThat(g.size()).isEqualTo(157);
        int truncatedEpisodes = 0;
        for (int t = 0; t < 157; t++) {
            assertThat(g.action(t)).as("row %s", t).isEqualTo(env.actions.get(t));
            assertThat(g.reward(t)).isEqualTo(env.outcomes.get(t).reward());
            assertThat(g.terminal(t)).isEqualTo(env.outcomes.get(t).terminal());
            if (g.truncated(t)) {
                truncatedEpisodes++;
            }
        }
        long cuts = env.outcomes.stream().filter(o -> o.truncated()).count();
        assertThat(g.truncated(156)).as("the episode running at the end is cut").isTrue();
        assertThat(truncatedEpisodes).isEqualTo(cuts + (env.outcomes.get(156).done() ? 0 : 1));
        assertThat(r.episodes()).hasSize((int) env.outcomes.stream().filter(o -> o.done()).count());
        assertThat(sink.store().games().get(0).frameShape()).containsExactly(10, 10, 10);
    }

    @Test
    void aNetworkThatDoesNotFitTheGameIsRefused() {
        ScaledQlTrainStep wrongShape = Tiny.step(Tiny.network(new int[] {4, 10, 10}, 1, 6), 1, 1e-3, 0);
        assertThatThrownBy(() -> OnlineQLearning.builder(wrongShape, Games.create("catch", ENV, 1))
                .config(small(10, 1)).build()).hasMessageContaining("[4, 10, 10]").hasMessageContaining("[10, 10, 10]");
        assertThatThrownBy(() -> OnlineQLearning.builder(step(1), Games.create("catch", ENV, 1))
                .config(small(10, 1)).taskId(1).build()).hasMessageContaining("taskId must be in [0, 1)");
    }

    @Test
    void aRunOnlyRunsOnce() throws Exception {
        OnlineQLearning loop = OnlineQLearning.builder(step(1), Games.create("catch", ENV, 1)).config(small(5, 1)).build();
        loop.run();
        assertThatThrownBy(loop::run).isInstanceOf(IllegalStateException.class).hasMessageContaining("runs once");
    }

    @Test
    void fineTuningUsesTheGivenHead() throws Exception {
        // a two-game network fine-tuned on game 1: game 0's head must not move
        ScaledQlTrainStep s = Tiny.step(Tiny.network(new int[] {10, 10, 10}, 2, 6), 1, 1e-2, 0);
        Map<String, INDArray> before = s.state().online();
        OnlineQLearning.builder(s, Games.create("catch", ENV, 1)).config(small(120, 1)).taskId(1).build().run();
        Map<String, INDArray> after = s.state().online();
        long perGame = 6L * 51; // columns of one game's head: actions x atoms, game after game
        INDArray w0 = before.get("heads/w");
        INDArray w1 = after.get("heads/w");
        assertThat(w1.get(NDArrayIndex.all(), NDArrayIndex.interval(0, perGame)))
                .as("game 0's head columns").isEqualTo(w0.get(NDArrayIndex.all(), NDArrayIndex.interval(0, perGame)));
        assertThat(w1.get(NDArrayIndex.all(), NDArrayIndex.interval(perGame, 2 * perGame)))
                .as("game 1's head columns").isNotEqualTo(w0.get(NDArrayIndex.all(), NDArrayIndex.interval(perGame, 2 * perGame)));
        assertThat(after.get("torso/dense0/w")).as("the shared torso learns").isNotEqualTo(before.get("torso/dense0/w"));
    }

    static INDArray ints(int... v) {
        return Nd4j.createFromArray(v).castTo(DataType.INT);
    }
}
