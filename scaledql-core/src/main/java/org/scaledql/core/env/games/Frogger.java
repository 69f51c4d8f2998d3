package org.scaledql.core.env.games;

import java.util.List;
import org.scaledql.api.env.GameInfo;
import org.scaledql.api.env.GameMode;
import org.scaledql.api.env.RandomSource;
import org.scaledql.core.env.AbstractGridGame;
import org.scaledql.core.env.CommonLayout;

/**
 * Frogger: the frog starts at (4, 9) and hops one cell per step. Rows 5-8 are a road whose cars kill;
 * row 4 is a safe median; rows 1-3 are a river where the frog must stand on a log (logs carry it, and being
 * carried off the grid kills); row 0 is home. +1 the first time the frog reaches the median on a crossing,
 * +1 on reaching home (the frog then starts again at the bottom). Death ends the episode.
 *
 * <p>Each lane moves one cell every {@code period} steps in its direction, wrapping around. Randomness:
 * at reset, one {@code nextInt(10)} per lane (rows 1, 2, 3, 5, 6, 7, 8 in that order) rotates its pattern;
 * afterwards the game is deterministic.
 */
public final class Frogger extends AbstractGridGame {

    /** Static description. */
    public static final GameInfo INFO = new GameInfo("frogger", "scaledql", 6,
            List.of("frog", "car", "log", "trail"),
            List.of(new GameMode(0, "default", "3 river lanes, 4 road lanes")),
            List.of(0),
            "Hop up/down/left/right; cars kill; in the river stay on logs; +1 at the median, +1 at home.");

    // lane rows, directions, periods and patterns (1 = car or log)
    private static final int[] ROWS = {1, 2, 3, 5, 6, 7, 8};
    private static final int[] DIRS = {1, -1, 1, -1, 1, -1, 1};
    private static final int[] PERIODS = {3, 2, 4, 2, 3, 4, 3};
    private static final String[] PATTERNS = {
        "1111001110", "1110011100", "1111100110", "1000100100", "1001000100", "1000010000", "1001001000"};
    private static final int[] LANE_OF_ROW = {-1, 0, 1, 2, -1, 3, 4, 5, 6, -1};

    private final boolean[][] lanes = new boolean[7][10];
    private final int[] timers = new int[7];
    private int fx;
    private int fy;
    private boolean medianReached;
    private boolean terminal;
    private final boolean[] tmp = new boolean[10];
    private Frogger[] scratch;

    /**
     * Builds the game; call {@link #reset()} before acting.
     *
     * @param rng        the random source of the game
     * @param mode       a mode of the game (0 = default)
     * @param difficulty a difficulty of the game (0 = default)
     */
    public Frogger(RandomSource rng, int mode, int difficulty) {
        super(INFO, rng, mode, difficulty);
    }


    @Override
    public void reset() {
        for (int l = 0; l < 7; l++) {
            int shift = rng.nextInt(10);
            for (int x = 0; x < 10; x++) {
                lanes[l][(x + shift) % 10] = PATTERNS[l].charAt(x) == '1';
            }
            timers[l] = PERIODS[l];
        }
        fx = 4;
        fy = 9;
        medianReached = false;
        terminal = false;
    }

    private void copyFrom(Frogger o) {
        for (int l = 0; l < 7; l++) {
            System.arraycopy(o.lanes[l], 0, lanes[l], 0, 10);
        }
        System.arraycopy(o.timers, 0, timers, 0, 7);
        fx = o.fx;
        fy = o.fy;
        medianReached = o.medianReached;
        terminal = o.terminal;
    }

    private boolean deadly() {
        int l = LANE_OF_ROW[fy];
        if (l < 0) {
            return false;
        }
        boolean occupied = lanes[l][fx];
        return l < 3 ? !occupied : occupied; // river: must be on a log; road: must not be on a car
    }

    @Override
    public float act(int a) {
        if (terminal) {
            return 0;
        }
        float r = 0;
        switch (a) {
            case LEFT -> fx = Math.max(0, fx - 1);
            case RIGHT -> fx = Math.min(9, fx + 1);
            case UP -> fy = Math.max(0, fy - 1);
            case DOWN -> fy = Math.min(9, fy + 1);
            default -> { }
        }
        if (fy == 4 && !medianReached) {
            medianReached = true;
            r += 1;
        }
        if (fy == 0) {
            r += 1;
            fx = 4;
            fy = 9;
            medianReached = false;
        }
        if (deadly()) {
            terminal = true;
            return r;
        }
        for (int l = 0; l < 7; l++) {
            if (--timers[l] > 0) {
                continue;
            }
            timers[l] = PERIODS[l];
            boolean[] lane = lanes[l];
            for (int x = 0; x < 10; x++) {
                tmp[((x + DIRS[l]) % 10 + 10) % 10] = lane[x];
            }
            System.arraycopy(tmp, 0, lane, 0, 10);
            if (l < 3 && ROWS[l] == fy) {
                fx += DIRS[l];
                if (fx < 0 || fx > 9) {
                    terminal = true;
                    fx = Math.max(0, Math.min(9, fx));
                    return r;
                }
            }
        }
        if (deadly()) {
            terminal = true;
        }
        return r;
    }

    @Override
    public boolean isTerminal() {
        return terminal;
    }

    @Override
    public void render(byte[] obs) {
        set(obs, 0, fx, fy);
        for (int l = 0; l < 7; l++) {
            int y = ROWS[l];
            int channel = l < 3 ? 2 : 1;
            for (int x = 0; x < 10; x++) {
                if (lanes[l][x]) {
                    set(obs, channel, x, y);
                    int back = ((x - DIRS[l]) % 10 + 10) % 10;
                    if (!lanes[l][back]) {
                        set(obs, 3, back, y);
                    }
                }
            }
        }
    }

    @Override
    public int[] commonChannels() {
        return new int[] {CommonLayout.SELF, CommonLayout.HAZARD, CommonLayout.STRUCTURE, CommonLayout.TRAIL};
    }

    private static final int DEPTH = 4;
    private static final int[] MOVES = {UP, NOOP, LEFT, RIGHT, DOWN};

    /**
     * Expert: the game is deterministic after reset, so it searches all 5^4 move sequences of the next four
     * steps on copies and takes the first move of the best (reward first, then progress up, death last).
     */
    @Override
    public int expertAction() {
        if (scratch == null) {
            scratch = new Frogger[DEPTH];
            for (int i = 0; i < DEPTH; i++) {
                scratch[i] = new Frogger(rng, 0, 0);
            }
        }
        int best = NOOP;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int a : MOVES) {
            double v = search(this, a, 0);
            if (v > bestValue) {
                bestValue = v;
                best = a;
            }
        }
        return best;
    }

    private double search(Frogger from, int a, int depth) {
        Frogger s = scratch[depth];
        s.copyFrom(from);
        double r = s.act(a) * 100 * Math.pow(0.9, depth);
        if (s.terminal) {
            return r - 1000 + depth;
        }
        if (depth + 1 == DEPTH) {
            return r - s.fy;
        }
        double best = Double.NEGATIVE_INFINITY;
        for (int b : MOVES) {
            best = Math.max(best, search(s, b, depth + 1));
            s = scratch[depth];
        }
        return r + best;
    }
}
