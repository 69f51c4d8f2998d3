package org.scaledql.core.env.games;

import java.util.List;
import org.scaledql.api.env.GameInfo;
import org.scaledql.api.env.GameMode;
import org.scaledql.api.env.RandomSource;
import org.scaledql.core.env.AbstractGridGame;
import org.scaledql.core.env.CommonLayout;

/**
 * Pong: the player's two-cell paddle in row 9 against a scripted opponent's paddle in row 0. The ball moves
 * one cell diagonally per step and bounces off the side walls; a paddle returns it upwards or downwards,
 * towards the side of the paddle it hit. +1 when the opponent misses, -1 when the player misses; the
 * first to 5 points ends the episode. The opponent steps towards the ball every other step, so angled
 * returns beat it.
 *
 * <p>Randomness: each serve draws {@code nextInt(6)} (column 2..7) and {@code nextDouble()} (horizontal
 * direction); the ball is always served downwards from row 4.
 */
public final class Pong extends AbstractGridGame {

    /** Points that end the episode. */
    public static final int POINTS = 5;

    /** Static description. */
    public static final GameInfo INFO = new GameInfo("pong", "scaledql", 6,
            List.of("paddle", "opponent", "ball", "trail"),
            List.of(new GameMode(0, "default", "opponent moves every other step")),
            List.of(0),
            "Move the paddle in row 9 left/right; +1 when the opponent misses, -1 when you miss; first to 5.");

    private int pos;
    private int opp;
    private int bx;
    private int by;
    private int dx;
    private int dy;
    private int lastX;
    private int lastY;
    private boolean oppMoves;
    private int playerScore;
    private int oppScore;

    /**
     * Builds the game; call {@link #reset()} before acting.
     *
     * @param rng        the random source of the game
     * @param mode       a mode of the game (0 = default)
     * @param difficulty a difficulty of the game (0 = default)
     */
    public Pong(RandomSource rng, int mode, int difficulty) {
        super(INFO, rng, mode, difficulty);
    }


    @Override
    public void reset() {
        pos = 4;
        opp = 4;
        playerScore = 0;
        oppScore = 0;
        oppMoves = false;
        serve();
    }

    private void serve() {
        bx = 2 + rng.nextInt(6);
        by = 4;
        dx = rng.nextDouble() < 0.5 ? -1 : 1;
        dy = 1;
        lastX = bx;
        lastY = by;
    }

    @Override
    public float act(int a) {
        if (isTerminal()) {
            return 0;
        }
        if (a == LEFT) {
            pos = Math.max(0, pos - 1);
        } else if (a == RIGHT) {
            pos = Math.min(8, pos + 1);
        }
        if (oppMoves) {
            if (bx < opp) {
                opp--;
            } else if (bx > opp + 1) {
                opp++;
            }
        }
        oppMoves = !oppMoves;
        lastX = bx;
        lastY = by;
        int nx = bx + dx;
        if (nx < 0 || nx > 9) {
            dx = -dx;
            nx = bx + dx;
        }
        int ny = by + dy;
        if (ny == 9) {
            if (nx == pos || nx == pos + 1) {
                dy = -1;
                dx = nx == pos ? -1 : 1;
                ny = by;
            } else {
                oppScore++;
                serve();
                return -1;
            }
        } else if (ny == 0) {
            if (nx == opp || nx == opp + 1) {
                dy = 1;
                dx = nx == opp ? -1 : 1;
                ny = by;
            } else {
                playerScore++;
                serve();
                return 1;
            }
        }
        bx = nx;
        by = ny;
        return 0;
    }

    @Override
    public boolean isTerminal() {
        return playerScore >= POINTS || oppScore >= POINTS;
    }

    @Override
    public void render(byte[] obs) {
        set(obs, 0, pos, 9);
        set(obs, 0, pos + 1, 9);
        set(obs, 1, opp, 0);
        set(obs, 1, opp + 1, 0);
        set(obs, 2, bx, by);
        if (lastX != bx || lastY != by) {
            set(obs, 3, lastX, lastY);
        }
    }

    @Override
    public int[] commonChannels() {
        return new int[] {CommonLayout.SELF, CommonLayout.HAZARD, CommonLayout.TARGET, CommonLayout.TRAIL};
    }

    /** Expert: predicts where the ball reaches row 8 going down (wall bounces included) and moves under it. */
    @Override
    public int expertAction() {
        int target;
        if (dy > 0) {
            int x = bx;
            int vx = dx;
            for (int y = by; y < 8; y++) {
                if (x + vx < 0 || x + vx > 9) {
                    vx = -vx;
                }
                x += vx;
            }
            if (x + vx < 0 || x + vx > 9) {
                vx = -vx;
            }
            target = x + vx; // the column the ball tries to enter in row 9
            // aim: hit it with the paddle side that sends the ball away from the opponent
            int want = opp + 1 <= 4 ? target - 1 : target; // ball on the right cell -> goes right
            want = Math.max(0, Math.min(8, want));
            if (want != target && want + 1 != target) {
                want = Math.max(0, Math.min(8, target));
            }
            return want < pos ? LEFT : want > pos ? RIGHT : NOOP;
        }
        target = Math.max(0, Math.min(8, bx - 1));
        return target < pos ? LEFT : target > pos ? RIGHT : NOOP;
    }
}
