package org.scaledql.core.env.minatar;

import java.util.List;
import org.scaledql.api.env.GameInfo;
import org.scaledql.api.env.GameMode;
import org.scaledql.api.env.RandomSource;
import org.scaledql.core.env.AbstractGridGame;
import org.scaledql.core.env.CommonLayout;

/**
 * MinAtar Breakout (spec section 1.2): a paddle in row 9 bounces a diagonal ball into three rows of bricks.
 * Mode 1 ({@code invisible}) leaves the brick channel empty (dynamics unchanged), the analogue of Atari
 * Breakout's hidden-brick modes.
 */
public final class Breakout extends AbstractGridGame {

    /** Static description. */
    public static final GameInfo INFO = new GameInfo("breakout", "minatar", 6,
            List.of("paddle", "ball", "trail", "brick"),
            List.of(new GameMode(0, "default", "MinAtar Breakout"),
                    new GameMode(1, "invisible", "bricks are never drawn (the game needs memory)")),
            List.of(0),
            "Move the paddle left/right; +1 per brick; the game ends when the ball passes the paddle. "
                    + "The wall refills when the ball reaches the paddle row with no bricks left.");

    // direction index -> (dx, dy): 0 up-left, 1 up-right, 2 down-right, 3 down-left
    private static final int[] DX = {-1, 1, 1, -1};
    private static final int[] DY = {-1, -1, 1, 1};
    private static final int[] HFLIP = {1, 0, 3, 2};
    private static final int[] VFLIP = {3, 2, 1, 0};

    private int pos;
    private int bx;
    private int by;
    private int dir;
    private int lastX;
    private int lastY;
    private boolean strike;
    private final boolean[] bricks = new boolean[100];
    private final boolean[] simBricks = new boolean[100];
    private boolean terminal;

    /**
     * Builds the game; call {@link #reset()} before acting.
     *
     * @param rng        the random source of the game
     * @param mode       a mode of the game (0 = default)
     * @param difficulty a difficulty of the game (0 = default)
     */
    public Breakout(RandomSource rng, int mode, int difficulty) {
        super(INFO, rng, mode, difficulty);
    }


    @Override
    public void reset() {
        pos = 4;
        by = 3;
        if (rng.nextInt(2) == 0) {
            bx = 0;
            dir = 2;
        } else {
            bx = 9;
            dir = 3;
        }
        lastX = bx;
        lastY = by;
        strike = false;
        java.util.Arrays.fill(bricks, false);
        fillBricks(bricks);
        terminal = false;
    }

    private static void fillBricks(boolean[] b) {
        for (int i = 10; i < 40; i++) {
            b[i] = true;
        }
    }

    private static boolean noBricks(boolean[] b) {
        for (int i = 10; i < 40; i++) {
            if (b[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public float act(int a) {
        if (terminal) {
            return 0;
        }
        float r = 0;
        if (a == LEFT) {
            pos = Math.max(0, pos - 1);
        } else if (a == RIGHT) {
            pos = Math.min(9, pos + 1);
        }
        lastX = bx;
        lastY = by;
        int nx = bx + DX[dir];
        int ny = by + DY[dir];
        boolean hit = false;
        if (nx < 0 || nx > 9) {
            nx = Math.max(0, Math.min(9, nx));
            dir = HFLIP[dir];
        }
        if (ny < 0) {
            ny = 0;
            dir = VFLIP[dir];
        } else if (bricks[ny * 10 + nx]) {
            hit = true;
            if (!strike) {
                r = 1;
                strike = true;
                bricks[ny * 10 + nx] = false;
                ny = lastY;
                dir = VFLIP[dir];
            }
        } else if (ny == 9) {
            if (noBricks(bricks)) {
                fillBricks(bricks);
            }
            if (bx == pos) {
                dir = VFLIP[dir];
                ny = lastY;
            } else if (nx == pos) {
                dir = dir == 2 ? 0 : 1;
                ny = lastY;
            } else {
                terminal = true;
            }
        }
        if (!hit) {
            strike = false;
        }
        bx = nx;
        by = ny;
        return r;
    }

    @Override
    public boolean isTerminal() {
        return terminal;
    }

    @Override
    public void render(byte[] obs) {
        set(obs, 0, pos, 9);
        set(obs, 1, bx, by);
        set(obs, 2, lastX, lastY);
        if (mode != 1) {
            for (int i = 10; i < 40; i++) {
                if (bricks[i]) {
                    obs[300 + i] = 1;
                }
            }
        }
    }

    @Override
    public int[] commonChannels() {
        return new int[] {CommonLayout.SELF, CommonLayout.TARGET, CommonLayout.TRAIL, CommonLayout.STRUCTURE};
    }

    /**
     * Expert: simulates the ball (with a copy of the bricks) until it next reaches the paddle row and moves
     * the paddle to the column the ball will be in just before (the "predicted landing column" policy).
     */
    @Override
    public int expertAction() {
        System.arraycopy(bricks, 0, simBricks, 0, 100);
        int sx = bx;
        int sy = by;
        int sd = dir;
        boolean sStrike = strike;
        int target = sx;
        for (int t = 0; t < 200; t++) {
            int ly = sy;
            int nx = sx + DX[sd];
            int ny = sy + DY[sd];
            boolean hit = false;
            if (nx < 0 || nx > 9) {
                nx = Math.max(0, Math.min(9, nx));
                sd = HFLIP[sd];
            }
            if (ny < 0) {
                ny = 0;
                sd = VFLIP[sd];
            } else if (simBricks[ny * 10 + nx]) {
                hit = true;
                if (!sStrike) {
                    sStrike = true;
                    simBricks[ny * 10 + nx] = false;
                    ny = ly;
                    sd = VFLIP[sd];
                }
            } else if (ny == 9) {
                target = sx;
                break;
            }
            if (!hit) {
                sStrike = false;
            }
            sx = nx;
            sy = ny;
        }
        if (target < pos) {
            return LEFT;
        }
        if (target > pos) {
            return RIGHT;
        }
        return NOOP;
    }
}
