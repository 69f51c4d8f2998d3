package org.scaledql.core.env.minatar;

import java.util.List;
import org.scaledql.api.env.GameInfo;
import org.scaledql.api.env.GameMode;
import org.scaledql.api.env.RandomSource;
import org.scaledql.core.env.AbstractGridGame;
import org.scaledql.core.env.CommonLayout;

/**
 * MinAtar Asterix (spec section 1.1): dodge enemies and collect gold that cross the 8 middle rows.
 * Mode 1 ({@code level5}) starts after five difficulty ramps; difficulty 1 turns ramping off.
 */
public final class Asterix extends AbstractGridGame {

    /** Static description. */
    public static final GameInfo INFO = new GameInfo("asterix", "minatar", 6,
            List.of("player", "enemy", "trail", "gold"),
            List.of(new GameMode(0, "default", "MinAtar Asterix"),
                    new GameMode(1, "level5", "starts after 5 ramps: spawn every 5 steps, entities move every 3")),
            List.of(0, 1),
            "Move in 4 directions; entities cross rows 1-8; gold gives +1, touching an enemy ends the game. "
                    + "Spawns and moves speed up every 102 steps (difficulty 1: no ramping).");

    private int px;
    private int py;
    private final boolean[] present = new boolean[8];
    private final int[] ex = new int[8];
    private final boolean[] right = new boolean[8];
    private final boolean[] gold = new boolean[8];
    private final int[] empty = new int[8];
    private int spawnSpeed;
    private int spawnTimer;
    private int moveSpeed;
    private int moveTimer;
    private int rampTimer;
    private int rampIndex;
    private boolean terminal;

    /**
     * Builds the game; call {@link #reset()} before acting.
     *
     * @param rng        the random source of the game
     * @param mode       a mode of the game (0 = default)
     * @param difficulty a difficulty of the game (0 = default)
     */
    public Asterix(RandomSource rng, int mode, int difficulty) {
        super(INFO, rng, mode, difficulty);
    }


    @Override
    public void reset() {
        px = 5;
        py = 5;
        java.util.Arrays.fill(present, false);
        if (mode == 1) {
            spawnSpeed = 5;
            moveSpeed = 3;
            rampIndex = 5;
        } else {
            spawnSpeed = 10;
            moveSpeed = 5;
            rampIndex = 0;
        }
        spawnTimer = spawnSpeed;
        moveTimer = moveSpeed;
        rampTimer = 100;
        terminal = false;
    }

    @Override
    public float act(int a) {
        float r = 0;
        if (terminal) {
            return 0;
        }
        if (spawnTimer == 0) {
            spawn();
            spawnTimer = spawnSpeed;
        }
        switch (a) {
            case LEFT -> px = Math.max(0, px - 1);
            case RIGHT -> px = Math.min(9, px + 1);
            case UP -> py = Math.max(1, py - 1);
            case DOWN -> py = Math.min(8, py + 1);
            default -> { }
        }
        for (int k = 0; k < 8; k++) {
            if (present[k] && ex[k] == px && k + 1 == py) {
                if (gold[k]) {
                    present[k] = false;
                    r += 1;
                } else {
                    terminal = true;
                }
            }
        }
        if (moveTimer == 0) {
            moveTimer = moveSpeed;
            for (int k = 0; k < 8; k++) {
                if (!present[k]) {
                    continue;
                }
                ex[k] += right[k] ? 1 : -1;
                if (ex[k] < 0 || ex[k] > 9) {
                    present[k] = false;
                } else if (ex[k] == px && k + 1 == py) {
                    if (gold[k]) {
                        present[k] = false;
                        r += 1;
                    } else {
                        terminal = true;
                    }
                }
            }
        }
        spawnTimer--;
        moveTimer--;
        if (difficulty == 0 && (spawnSpeed > 1 || moveSpeed > 1)) {
            if (rampTimer >= 0) {
                rampTimer--;
            } else {
                if (moveSpeed > 1 && rampIndex % 2 == 1) {
                    moveSpeed--;
                }
                if (spawnSpeed > 1) {
                    spawnSpeed--;
                }
                rampIndex++;
                rampTimer = 100;
            }
        }
        return r;
    }

    private void spawn() {
        boolean movingRight = rng.nextDouble() < 0.5;
        boolean isGold = rng.nextDouble() < 1.0 / 3.0;
        int n = 0;
        for (int k = 0; k < 8; k++) {
            if (!present[k]) {
                empty[n++] = k;
            }
        }
        if (n == 0) {
            return;
        }
        int k = empty[rng.nextInt(n)];
        present[k] = true;
        right[k] = movingRight;
        gold[k] = isGold;
        ex[k] = movingRight ? 0 : 9;
    }

    @Override
    public boolean isTerminal() {
        return terminal;
    }

    @Override
    public void render(byte[] obs) {
        set(obs, 0, px, py);
        for (int k = 0; k < 8; k++) {
            if (!present[k]) {
                continue;
            }
            set(obs, gold[k] ? 3 : 1, ex[k], k + 1);
            set(obs, 2, right[k] ? ex[k] - 1 : ex[k] + 1, k + 1);
        }
    }

    @Override
    public int[] commonChannels() {
        return new int[] {CommonLayout.SELF, CommonLayout.HAZARD, CommonLayout.TRAIL, CommonLayout.TARGET};
    }

    /** Whether an enemy is on (x, y) or one cell away moving towards it. */
    private boolean danger(int x, int y) {
        for (int k = 0; k < 8; k++) {
            if (present[k] && !gold[k] && k + 1 == y) {
                int next = ex[k] + (right[k] ? 1 : -1);
                if (ex[k] == x || (next == x && moveTimer <= 1)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Expert: among the moves that avoid an enemy's current cell and the cell it enters next, take the one
     * closest to the nearest gold (no-op when nothing is safe).
     */
    @Override
    public int expertAction() {
        int best = NOOP;
        double bestScore = Double.NEGATIVE_INFINITY;
        int[] actions = {NOOP, LEFT, UP, RIGHT, DOWN};
        for (int a : actions) {
            int nx = px;
            int ny = py;
            switch (a) {
                case LEFT -> nx = Math.max(0, px - 1);
                case RIGHT -> nx = Math.min(9, px + 1);
                case UP -> ny = Math.max(1, py - 1);
                case DOWN -> ny = Math.min(8, py + 1);
                default -> { }
            }
            if (danger(nx, ny)) {
                continue;
            }
            double score = 0;
            double nearest = 100;
            for (int k = 0; k < 8; k++) {
                if (present[k] && gold[k]) {
                    nearest = Math.min(nearest, Math.abs(ex[k] - nx) + 1.5 * Math.abs(k + 1 - ny));
                }
            }
            score -= nearest;
            // keep off the edge columns where new entities appear, and away from enemies in the row
            if (nx == 0 || nx == 9) {
                score -= 0.5;
            }
            score -= 0.01 * Math.abs(ny - 4.5);
            if (score > bestScore) {
                bestScore = score;
                best = a;
            }
        }
        return best;
    }
}
