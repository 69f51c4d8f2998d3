package org.scaledql.core.env.minatar;

import java.util.List;
import org.scaledql.api.env.GameInfo;
import org.scaledql.api.env.GameMode;
import org.scaledql.api.env.RandomSource;
import org.scaledql.core.env.AbstractGridGame;
import org.scaledql.core.env.CommonLayout;

/**
 * MinAtar Space Invaders (spec section 1.5): a cannon in row 9 shoots a descending block of 24 aliens.
 * Mode 1 ({@code invisible}) draws only the lowest row of aliens (Atari modes 9-16, invisible invaders);
 * mode 2 ({@code wave3}) starts with alien move interval 9 instead of 12 (the speed of the fourth wave);
 * difficulty 1 turns ramping off. The game draws no random numbers: only sticky actions do.
 */
public final class SpaceInvaders extends AbstractGridGame {

    /** Static description. */
    public static final GameInfo INFO = new GameInfo("space_invaders", "minatar", 6,
            List.of("cannon", "alien", "alien_left", "alien_right", "friendly_bullet", "enemy_bullet"),
            List.of(new GameMode(0, "default", "MinAtar Space Invaders"),
                    new GameMode(1, "invisible", "only the lowest row of aliens is drawn"),
                    new GameMode(2, "wave3", "starts with alien move interval 9 (the speed of a later wave)")),
            List.of(0, 1),
            "Move left/right and fire; +1 per alien; the game ends when the cannon is hit or aliens reach it. "
                    + "Each cleared wave comes back faster (difficulty 1: no ramping).");

    private int pos;
    private final boolean[] aliens = new boolean[100];
    private final boolean[] shift = new boolean[100];
    private final boolean[] fBullets = new boolean[100];
    private final boolean[] eBullets = new boolean[100];
    private int alienDir;
    private int enemyMoveInterval;
    private int alienMoveTimer;
    private int alienShotTimer;
    private int shotTimer;
    private int rampIndex;
    private boolean terminal;

    /**
     * Builds the game; call {@link #reset()} before acting.
     *
     * @param rng        the random source of the game
     * @param mode       a mode of the game (0 = default)
     * @param difficulty a difficulty of the game (0 = default)
     */
    public SpaceInvaders(RandomSource rng, int mode, int difficulty) {
        super(INFO, rng, mode, difficulty);
    }


    @Override
    public void reset() {
        pos = 5;
        java.util.Arrays.fill(aliens, false);
        java.util.Arrays.fill(fBullets, false);
        java.util.Arrays.fill(eBullets, false);
        fillAliens();
        alienDir = -1;
        enemyMoveInterval = mode == 2 ? 9 : 12;
        alienMoveTimer = enemyMoveInterval;
        alienShotTimer = 10;
        shotTimer = 0;
        rampIndex = mode == 2 ? 3 : 0;
        terminal = false;
    }

    private void fillAliens() {
        for (int y = 0; y <= 3; y++) {
            for (int x = 2; x <= 7; x++) {
                aliens[y * 10 + x] = true;
            }
        }
    }

    @Override
    public float act(int a) {
        if (terminal) {
            return 0;
        }
        float r = 0;
        if (a == FIRE && shotTimer == 0) {
            fBullets[90 + pos] = true;
            shotTimer = 5;
        } else if (a == LEFT) {
            pos = Math.max(0, pos - 1);
        } else if (a == RIGHT) {
            pos = Math.min(9, pos + 1);
        }
        // player bullets up, enemy bullets down
        System.arraycopy(fBullets, 10, fBullets, 0, 90);
        java.util.Arrays.fill(fBullets, 90, 100, false);
        System.arraycopy(eBullets, 0, eBullets, 10, 90);
        java.util.Arrays.fill(eBullets, 0, 10, false);
        if (eBullets[90 + pos]) {
            terminal = true;
        }
        if (aliens[90 + pos]) {
            terminal = true;
        }
        if (alienMoveTimer == 0) {
            int count = 0;
            boolean col0 = false;
            boolean col9 = false;
            boolean row9 = false;
            for (int i = 0; i < 100; i++) {
                if (aliens[i]) {
                    count++;
                    col0 |= i % 10 == 0;
                    col9 |= i % 10 == 9;
                    row9 |= i >= 90;
                }
            }
            alienMoveTimer = Math.min(count, enemyMoveInterval);
            if ((col0 && alienDir < 0) || (col9 && alienDir > 0)) {
                alienDir = -alienDir;
                if (row9) {
                    terminal = true;
                }
                System.arraycopy(aliens, 0, shift, 10, 90);
                System.arraycopy(aliens, 90, shift, 0, 10); // the reference rolls the map
            } else {
                for (int i = 0; i < 100; i++) {
                    int x = i % 10 - alienDir;
                    int src = i - i % 10 + ((x % 10) + 10) % 10;
                    shift[i] = aliens[src];
                }
            }
            System.arraycopy(shift, 0, aliens, 0, 100);
            if (aliens[90 + pos]) {
                terminal = true;
            }
        }
        if (alienShotTimer == 0) {
            alienShotTimer = 10;
            int bestCol = -1;
            // nearest column to the cannon with an alien; ties go to the left (a stable sort by |col - pos|)
            for (int d = 0; d < 10 && bestCol < 0; d++) {
                if (pos - d >= 0 && columnHasAlien(pos - d)) {
                    bestCol = pos - d;
                } else if (pos + d <= 9 && columnHasAlien(pos + d)) {
                    bestCol = pos + d;
                }
            }
            if (bestCol >= 0) {
                for (int y = 9; y >= 0; y--) {
                    if (aliens[y * 10 + bestCol]) {
                        eBullets[y * 10 + bestCol] = true;
                        break;
                    }
                }
            }
        }
        boolean any = false;
        for (int i = 0; i < 100; i++) {
            if (aliens[i] && fBullets[i]) {
                aliens[i] = false;
                fBullets[i] = false;
                r += 1;
            }
            any |= aliens[i];
        }
        if (shotTimer > 0) {
            shotTimer--;
        }
        alienMoveTimer--;
        alienShotTimer--;
        if (!any) {
            if (difficulty == 0 && enemyMoveInterval > 6) {
                enemyMoveInterval--;
                rampIndex++;
            }
            fillAliens();
        }
        return r;
    }

    private boolean columnHasAlien(int col) {
        for (int y = 0; y < 10; y++) {
            if (aliens[y * 10 + col]) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean isTerminal() {
        return terminal;
    }

    @Override
    public void render(byte[] obs) {
        set(obs, 0, pos, 9);
        int lowest = -1;
        if (mode == 1) {
            for (int i = 99; i >= 0 && lowest < 0; i--) {
                if (aliens[i]) {
                    lowest = i / 10;
                }
            }
        }
        int dirChannel = alienDir < 0 ? 2 : 3;
        for (int i = 0; i < 100; i++) {
            if (aliens[i] && (mode != 1 || i / 10 == lowest)) {
                obs[100 + i] = 1;
                obs[dirChannel * 100 + i] = 1;
            }
            if (fBullets[i]) {
                obs[400 + i] = 1;
            }
            if (eBullets[i]) {
                obs[500 + i] = 1;
            }
        }
    }

    @Override
    public int[] commonChannels() {
        return new int[] {CommonLayout.SELF, CommonLayout.HAZARD, CommonLayout.AUX, -1, CommonLayout.FRIENDLY_SHOT,
            CommonLayout.ENEMY_SHOT};
    }

    /**
     * Expert: dodges enemy bullets about to reach the cannon row, otherwise moves under the nearest column with
     * aliens (preferring the one whose lowest alien is lowest) and fires when one is above.
     */
    @Override
    public int expertAction() {
        int target = -1;
        int bestScore = Integer.MIN_VALUE;
        for (int col = 0; col < 10; col++) {
            for (int y = 9; y >= 0; y--) {
                if (aliens[y * 10 + col]) {
                    int score = y * 2 - Math.abs(col - pos) * 3;
                    if (score > bestScore) {
                        bestScore = score;
                        target = col;
                    }
                    break;
                }
            }
        }
        int[] order = target < pos ? new int[] {FIRE, LEFT, NOOP, RIGHT} : new int[] {FIRE, RIGHT, NOOP, LEFT};
        int best = NOOP;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int a : order) {
            int np = a == LEFT ? Math.max(0, pos - 1) : a == RIGHT ? Math.min(9, pos + 1) : pos;
            double v = 0;
            if (eBullets[80 + np]) {
                v -= 100;
            } else if (eBullets[70 + np]) {
                v -= 10;
            }
            if (aliens[80 + np] || aliens[90 + np]) {
                v -= 100;
            }
            if (target >= 0) {
                v -= Math.abs(target - np);
            }
            if (a == FIRE && (shotTimer > 0 || !columnHasAlien(pos))) {
                v -= 0.5;
            } else if (a == FIRE) {
                v += 1;
            }
            if (v > bestValue) {
                bestValue = v;
                best = a;
            }
        }
        return best;
    }
}
