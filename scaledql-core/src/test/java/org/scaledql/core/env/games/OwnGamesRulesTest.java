package org.scaledql.core.env.games;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.scaledql.api.env.EnvironmentConfig;
import org.scaledql.api.env.ObservationFormat;
import org.scaledql.api.env.RandomSource;
import org.scaledql.api.env.StepOutcome;
import org.scaledql.core.env.Games;
import org.scaledql.core.env.GridEnvironment;
import org.scaledql.core.env.GridGame;

/** Key rules of the testbed's own games, driven through fixed random draws (no sticky repeats: u = 0.5). */
class OwnGamesRulesTest {

    private static final EnvironmentConfig NATIVE = EnvironmentConfig.defaults().withFormat(ObservationFormat.NATIVE);

    private static RandomSource fixed(double u, int k) {
        return new RandomSource() {
            @Override
            public double nextDouble() {
                return u;
            }

            @Override
            public int nextInt(int bound) {
                return Math.min(k, bound - 1);
            }
        };
    }

    private static boolean cell(GridEnvironment env, int c, int x, int y) {
        return env.nativeObservation()[c * 100 + y * 10 + x] != 0;
    }

    private static double play(GridEnvironment env, int action) {
        env.reset();
        while (!env.step(action).done()) {
            // keep going
        }
        return env.episodeReturn();
    }

    @Test
    void catchScoresEveryFruitFallingIntoTheBasketAndEndsAfter20() {
        GridEnvironment under = Games.create("catch", NATIVE, fixed(0.5, 4));
        assertThat(play(under, GridGame.NOOP)).isEqualTo(20);
        GridEnvironment beside = Games.create("catch", NATIVE, fixed(0.5, 0));
        assertThat(play(beside, GridGame.NOOP)).isEqualTo(0);
        assertThat(beside.episodeSteps()).as("last fruit spawned at step 57 lands 9 steps later").isEqualTo(66);
        beside.reset();
        assertThat(cell(beside, 1, 0, 0)).isTrue();
        beside.step(GridGame.NOOP);
        assertThat(cell(beside, 1, 0, 1)).as("fruit falls one row per step").isTrue();
    }

    @Test
    void pongMissCostsAPointAndFirstToFiveEnds() {
        // serve at column 2, moving right and down from row 4: (3,5) (4,6) (5,7) (6,8), then row 9 beside paddle 4-5
        GridEnvironment env = Games.create("pong", NATIVE, fixed(0.5, 0));
        env.reset();
        for (int t = 0; t < 4; t++) {
            assertThat(env.step(GridGame.NOOP).reward()).isZero();
        }
        assertThat(cell(env, 2, 6, 8)).isTrue();
        assertThat(env.step(GridGame.NOOP).reward()).isEqualTo(-1f);
        long seed = 3;
        GridEnvironment random = Games.create("pong", NATIVE, seed);
        SplittableRandom r = new SplittableRandom(seed);
        int plus = 0;
        int minus = 0;
        random.reset();
        StepOutcome o;
        do {
            o = random.step(r.nextInt(6));
            plus += o.reward() > 0 ? 1 : 0;
            minus += o.reward() < 0 ? 1 : 0;
        } while (!o.done());
        assertThat(Math.max(plus, minus)).as("seed %s: +%s -%s", seed, plus, minus).isEqualTo(5);
        assertThat(Math.min(plus, minus)).isLessThan(5);
    }

    @Test
    void pongPaddleReturnsTheBall() {
        GridEnvironment env = Games.create("pong", NATIVE, fixed(0.5, 0));
        env.reset();
        // move the paddle (cells 4-5) right twice so that it covers column 6-7 when the ball comes down
        env.step(GridGame.RIGHT);
        env.step(GridGame.RIGHT);
        env.step(GridGame.NOOP);
        env.step(GridGame.NOOP);
        assertThat(env.step(GridGame.NOOP).reward()).isZero();
        assertThat(cell(env, 2, 7, 8)).as("the ball stays in row 8 after the bounce").isTrue();
        env.step(GridGame.NOOP);
        assertThat(cell(env, 2, 8, 7)).as("then goes up and right").isTrue();
    }

    @Test
    void snakeEatsGrowsIgnoresReversalsAndDiesAtTheWall() {
        // food index 51 among free cells in row-major order is (4,5), right in front of the head (3,5)
        GridEnvironment env = Games.create("snake", NATIVE, fixed(0.5, 51));
        env.reset();
        assertThat(cell(env, 2, 4, 5)).isTrue();
        assertThat(env.step(GridGame.LEFT).reward()).as("reversal ignored; eats").isEqualTo(1f);
        int body = 0;
        for (int i = 100; i < 200; i++) {
            body += env.nativeObservation()[i];
        }
        assertThat(body).as("grew to 4 cells: head + 3 body").isEqualTo(3);
        GridEnvironment wall = Games.create("snake", NATIVE, fixed(0.5, 0));
        wall.reset();
        for (int t = 0; t < 6; t++) {
            assertThat(wall.step(GridGame.NOOP).terminal()).isFalse();
        }
        assertThat(wall.step(GridGame.NOOP).terminal()).as("head leaves the grid at x=10").isTrue();
    }

    @Test
    void snakeStarvesAfter100StepsWithoutFood() {
        GridEnvironment env = Games.create("snake", NATIVE, fixed(0.5, 0)); // food at (0,0)
        env.reset();
        int[] loop = {GridGame.DOWN, GridGame.LEFT, GridGame.UP, GridGame.RIGHT}; // a 2x2 circle
        int t = 0;
        while (!env.step(loop[t % 4]).done()) {
            t++;
        }
        assertThat(env.episodeSteps()).isEqualTo(100);
    }

    @Test
    void froggerStartRowIsSafeAndJumpingIntoWaterKills() {
        GridEnvironment env = Games.create("frogger", NATIVE, fixed(0.5, 0));
        env.reset();
        for (int t = 0; t < 200; t++) {
            assertThat(env.step(GridGame.NOOP).done()).isFalse();
        }
        // play the expert to the median (+1 on arrival), then jump into water
        GridEnvironment f = Games.create("frogger", NATIVE, fixed(0.5, 0));
        f.reset();
        float medianReward = 0;
        for (int t = 0; t < 100 && !cell(f, 0, frogX(f), 4); t++) {
            medianReward = f.step(f.game().expertAction()).reward();
        }
        assertThat(cell(f, 0, frogX(f), 4)).as("expert reaches the median").isTrue();
        assertThat(medianReward).isEqualTo(1f);
        while (cell(f, 2, frogX(f), 3)) {
            f.step(GridGame.NOOP); // wait for a gap in the log lane above
        }
        assertThat(f.step(GridGame.UP).terminal()).isTrue();
    }

    private static int frogX(GridEnvironment env) {
        for (int i = 0; i < 100; i++) {
            if (env.nativeObservation()[i] != 0) {
                return i % 10;
            }
        }
        throw new AssertionError("no frog");
    }

    @Test
    void mazeWallsBlockPelletsScoreAndGhostsKill() {
        GridEnvironment env = Games.create("maze", NATIVE, fixed(0.5, 0));
        env.reset();
        assertThat(cell(env, 0, 1, 8)).isTrue();
        assertThat(env.step(GridGame.LEFT).reward()).isZero();
        assertThat(cell(env, 0, 1, 8)).as("wall at x=0 blocks").isTrue();
        assertThat(env.step(GridGame.RIGHT).reward()).isEqualTo(1f);
        assertThat(env.step(GridGame.LEFT).reward()).as("pellet already eaten").isZero();
        StepOutcome o;
        do {
            o = env.step(GridGame.NOOP);
        } while (!o.done());
        assertThat(o.terminal()).as("chasing ghosts catch a standing player").isTrue();
        assertThat(env.episodeSteps()).isLessThan(100);
    }
}
