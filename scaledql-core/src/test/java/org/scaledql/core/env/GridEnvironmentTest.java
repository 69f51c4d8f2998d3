package org.scaledql.core.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.scaledql.api.env.Environment;
import org.scaledql.api.env.EnvironmentConfig;
import org.scaledql.api.env.ObservationFormat;
import org.scaledql.api.env.StepOutcome;
import org.scaledql.api.env.VectorEnvironment;

class GridEnvironmentTest {

    @Test
    void stickyDrawBelowTheProbabilityRepeatsThePreviousExecutedAction() {
        // u = 0.05 < 0.1: every step repeats the previous executed action, which starts at 0 (no-op)
        ScriptedRandomSource rng = new ScriptedRandomSource(0.05, 0);
        GridEnvironment env = Games.create("catch", EnvironmentConfig.defaults(), rng);
        env.reset();
        env.step(GridGame.LEFT);
        assertThat(env.lastExecutedAction()).isEqualTo(GridGame.NOOP);
        // u = 0.5: the chosen action runs
        ScriptedRandomSource rng2 = new ScriptedRandomSource(0.5, 0);
        GridEnvironment env2 = Games.create("catch", EnvironmentConfig.defaults(), rng2);
        env2.reset();
        env2.step(GridGame.LEFT);
        assertThat(env2.lastExecutedAction()).isEqualTo(GridGame.LEFT);
    }

    @Test
    void stickyFrequencyMatchesTheProbability() {
        long seed = 99;
        GridEnvironment env = Games.create("freeway", EnvironmentConfig.defaults().withStickyActionProbability(0.3),
                seed);
        env.reset();
        int repeats = 0;
        int n = 2000;
        for (int t = 0; t < n; t++) {
            int a = t % 2 == 0 ? GridGame.UP : GridGame.DOWN; // alternating: a repeat is visible
            env.step(a);
            repeats += env.lastExecutedAction() != a ? 1 : 0;
        }
        // a repeat is visible when the previous step ran its own choice: P = p / (1 + p) = 0.2308 for p = 0.3
        assertThat(repeats / (double) n).as("seed %s", seed).isBetween(0.2308 - 0.03, 0.2308 + 0.03);
    }

    @Test
    void stepCapTruncatesWithoutTerminal() {
        GridEnvironment env = Games.create("freeway", EnvironmentConfig.defaults().withMaxEpisodeSteps(10), 1);
        env.reset();
        StepOutcome o = null;
        for (int t = 0; t < 10; t++) {
            o = env.step(GridGame.NOOP);
        }
        assertThat(o.truncated()).isTrue();
        assertThat(o.terminal()).isFalse();
        assertThat(env.isDone()).isTrue();
        assertThatThrownBy(() -> env.step(0)).isInstanceOf(IllegalStateException.class).hasMessageContaining("reset()");
    }

    @Test
    void freewayTimerIsATerminalAtStep2501() {
        GridEnvironment env = Games.create("freeway", 0, 0, 3);
        env.reset();
        StepOutcome o;
        do {
            o = env.step(GridGame.NOOP);
        } while (!o.done());
        assertThat(o.terminal()).isTrue();
        assertThat(env.episodeSteps()).isEqualTo(2501);
    }

    @Test
    void badArgumentsAreRejectedWithTheRule() {
        assertThatThrownBy(() -> Games.create("pacman", 0, 0, 1)).hasMessageContaining("unknown game 'pacman'");
        assertThatThrownBy(() -> Games.create("breakout", 7, 0, 1)).hasMessageContaining("breakout has modes 0..1");
        assertThatThrownBy(() -> Games.create("breakout", 0, 1, 1)).hasMessageContaining("difficulties [0]");
        GridEnvironment env = Games.create("breakout", 0, 0, 1);
        assertThatThrownBy(() -> env.step(0)).isInstanceOf(IllegalStateException.class);
        env.reset();
        assertThatThrownBy(() -> env.step(6)).hasMessageContaining("action must be in [0, 6)");
    }

    @Test
    void sameSeedSameTrajectoryForEveryGame() {
        for (String game : Games.names()) {
            long seed = game.hashCode();
            assertThat(trajectory(game, seed)).as("%s seed %s", game, seed).isEqualTo(trajectory(game, seed));
        }
    }

    private static List<String> trajectory(String game, long seed) {
        GridEnvironment env = Games.create(game, 0, 0, seed);
        SplittableRandom r = new SplittableRandom(seed);
        byte[] obs = new byte[env.spec().observationSize()];
        List<String> out = new ArrayList<>();
        env.reset();
        for (int t = 0; t < 300; t++) {
            StepOutcome o = env.step(r.nextInt(6));
            env.observe(obs, 0);
            out.add(o + java.util.Arrays.toString(obs));
            if (o.done()) {
                env.reset();
            }
        }
        return out;
    }

    @Test
    void commonLayoutIsTheOrOfTheMappedNativeChannels() {
        for (String game : Games.names()) {
            GridEnvironment nat = Games.create(game, EnvironmentConfig.defaults().withFormat(ObservationFormat.NATIVE), 5);
            GridEnvironment com = Games.create(game, EnvironmentConfig.defaults(), 5);
            assertThat(com.spec().observationShape()).containsExactly(10, 10, 10);
            int[] map = nat.game().commonChannels();
            byte[] a = new byte[nat.spec().observationSize()];
            float[] b = new float[com.spec().observationSize()];
            nat.reset();
            com.reset();
            SplittableRandom r = new SplittableRandom(5);
            for (int t = 0; t < 200; t++) {
                nat.observe(a, 0);
                com.observe(b, 0);
                float[] expected = new float[1000];
                for (int c = 0; c < map.length; c++) {
                    for (int i = 0; i < 100 && map[c] >= 0; i++) {
                        expected[map[c] * 100 + i] = Math.max(expected[map[c] * 100 + i], a[c * 100 + i]);
                    }
                }
                assertThat(b).as("%s step %s", game, t).containsExactly(expected);
                int action = r.nextInt(6);
                StepOutcome o1 = nat.step(action);
                com.step(action);
                if (o1.done()) {
                    nat.reset();
                    com.reset();
                }
            }
        }
    }

    @Test
    void pixelFormatStacksFourFramesOfTheCommonRendering() {
        GridEnvironment env = Games.create("breakout", EnvironmentConfig.defaults().withFormat(ObservationFormat.PIXELS),
                1);
        assertThat(env.spec().observationShape()).containsExactly(4, 84, 84);
        assertThat(env.spec().observationScale()).isEqualTo(1f / 255f);
        env.reset();
        byte[] first = new byte[4 * 84 * 84];
        env.observe(first, 0);
        // at reset all four frames are the first frame; the paddle (self, 255) is in the bottom-left area
        for (int f = 1; f < 4; f++) {
            assertThat(java.util.Arrays.copyOfRange(first, f * 7056, (f + 1) * 7056))
                    .isEqualTo(java.util.Arrays.copyOfRange(first, 0, 7056));
        }
        int paddlePixel = 83 * 84 + 4 * 84 / 10 + 2; // row 9, column 4
        assertThat(first[paddlePixel] & 0xFF).isEqualTo(255);
        env.step(GridGame.RIGHT);
        byte[] next = new byte[4 * 84 * 84];
        env.observe(next, 0);
        // the stack shifted: the old newest frame is now third, and the newest one differs
        assertThat(java.util.Arrays.copyOfRange(next, 2 * 7056, 3 * 7056))
                .isEqualTo(java.util.Arrays.copyOfRange(first, 3 * 7056, 4 * 7056));
        assertThat(java.util.Arrays.copyOfRange(next, 3 * 7056, 4 * 7056))
                .isNotEqualTo(java.util.Arrays.copyOfRange(first, 3 * 7056, 4 * 7056));
        float[] asFloat = new float[4 * 84 * 84];
        env.observe(asFloat, 0);
        assertThat(asFloat[3 * 7056 + paddlePixel]).isEqualTo((next[3 * 7056 + paddlePixel] & 0xFF) / 255f);
    }

    @Test
    void vectorEnvironmentStepsAllCopiesAndLeavesResetsToTheCaller() {
        List<Environment> envs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            envs.add(Games.create("breakout", 0, 0, i));
        }
        VectorEnvironment vec = new VectorEnvironment(envs);
        vec.resetAll();
        float[] obs = new float[3 * vec.observationSize()];
        vec.observe(obs);
        float[] single = new float[vec.observationSize()];
        envs.get(2).observe(single, 0);
        assertThat(java.util.Arrays.copyOfRange(obs, 2 * 1000, 3 * 1000)).containsExactly(single);
        int[] actions = new int[3];
        float[] rewards = new float[3];
        boolean[] term = new boolean[3];
        boolean[] trunc = new boolean[3];
        int resets = 0;
        for (int t = 0; t < 100; t++) {
            vec.step(actions, rewards, term, trunc);
            for (int i = 0; i < 3; i++) {
                assertThat(envs.get(i).isDone()).isEqualTo(term[i] || trunc[i]);
            }
            resets += vec.resetDone();
        }
        assertThat(resets).as("no-op Breakout loses the ball within 100 steps").isPositive();
        assertThatThrownBy(() -> vec.step(new int[2], rewards, term, trunc)).hasMessageContaining("length N=3");
    }
}
