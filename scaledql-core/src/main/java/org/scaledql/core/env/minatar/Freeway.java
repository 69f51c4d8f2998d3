package org.scaledql.core.env.minatar;

import java.util.List;
import org.scaledql.api.env.GameInfo;
import org.scaledql.api.env.GameMode;
import org.scaledql.api.env.RandomSource;
import org.scaledql.core.env.AbstractGridGame;
import org.scaledql.core.env.CommonLayout;

/**
 * MinAtar Freeway (spec section 1.3): a chicken in column 4 crosses eight lanes of cars; the game ends on
 * its own timer after 2,501 steps (reported as terminal, as in MinAtar). Mode 1 ({@code rush}) draws car
 * speeds from {1, 2, 3} instead of {1..5}: every car moves every 2-4 steps, the analogue of Atari Freeway's
 * faster-traffic modes.
 */
public final class Freeway extends AbstractGridGame {

    /** Static description. */
    public static final GameInfo INFO = new GameInfo("freeway", "minatar", 6,
            List.of("chicken", "car", "speed1", "speed2", "speed3", "speed4", "speed5"),
            List.of(new GameMode(0, "default", "MinAtar Freeway"),
                    new GameMode(1, "rush", "faster cars: speeds drawn from {1,2,3} instead of {1..5}")),
            List.of(0),
            "Move up/down (at most once every 3 steps); +1 per crossing; a car sends the chicken back to the "
                    + "bottom; the game ends after 2,501 steps.");

    private int pos;
    private final int[] carX = new int[8];
    private final int[] carTimer = new int[8];
    private final int[] carSpeed = new int[8];
    private int moveTimer;
    private int terminateTimer;
    private boolean terminal;

    /**
     * Builds the game; call {@link #reset()} before acting.
     *
     * @param rng        the random source of the game
     * @param mode       a mode of the game (0 = default)
     * @param difficulty a difficulty of the game (0 = default)
     */
    public Freeway(RandomSource rng, int mode, int difficulty) {
        super(INFO, rng, mode, difficulty);
    }


    @Override
    public void reset() {
        randomiseCars(true);
        pos = 9;
        moveTimer = 3;
        terminateTimer = 2500;
        terminal = false;
    }

    private void randomiseCars(boolean resetPositions) {
        int maxSpeed = mode == 1 ? 3 : 5;
        for (int k = 0; k < 8; k++) {
            carSpeed[k] = 1 + rng.nextInt(maxSpeed);
        }
        for (int k = 0; k < 8; k++) {
            if (rng.nextDouble() < 0.5) {
                carSpeed[k] = -carSpeed[k];
            }
            if (resetPositions) {
                carX[k] = 0;
            }
            carTimer[k] = Math.abs(carSpeed[k]);
        }
    }

    @Override
    public float act(int a) {
        if (terminal) {
            return 0;
        }
        float r = 0;
        if (a == UP && moveTimer == 0) {
            pos = Math.max(0, pos - 1);
            moveTimer = 3;
        } else if (a == DOWN && moveTimer == 0) {
            pos = Math.min(9, pos + 1);
            moveTimer = 3;
        }
        if (pos == 0) {
            r += 1;
            randomiseCars(false);
            pos = 9;
        }
        for (int k = 0; k < 8; k++) {
            int row = k + 1;
            if (carX[k] == 4 && row == pos) {
                pos = 9;
            }
            if (carTimer[k] == 0) {
                carTimer[k] = Math.abs(carSpeed[k]);
                carX[k] += carSpeed[k] > 0 ? 1 : -1;
                if (carX[k] < 0) {
                    carX[k] = 9;
                } else if (carX[k] > 9) {
                    carX[k] = 0;
                }
                if (carX[k] == 4 && row == pos) {
                    pos = 9;
                }
            } else {
                carTimer[k]--;
            }
        }
        if (moveTimer > 0) {
            moveTimer--;
        }
        terminateTimer--;
        if (terminateTimer < 0) {
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
        set(obs, 0, 4, pos);
        for (int k = 0; k < 8; k++) {
            set(obs, 1, carX[k], k + 1);
            int back = carSpeed[k] > 0 ? carX[k] - 1 : carX[k] + 1;
            back = (back + 10) % 10;
            set(obs, 1 + Math.abs(carSpeed[k]), back, k + 1);
        }
    }

    @Override
    public int[] commonChannels() {
        return new int[] {CommonLayout.SELF, CommonLayout.HAZARD, CommonLayout.AUX, CommonLayout.AUX,
            CommonLayout.TRAIL, CommonLayout.TRAIL, CommonLayout.TRAIL};
    }

    /** Whether lane {@code row} hits column 4 within the next {@code horizon} steps. */
    private boolean laneHits(int row, int horizon) {
        if (row < 1 || row > 8) {
            return false;
        }
        int k = row - 1;
        int x = carX[k];
        int timer = carTimer[k];
        for (int t = 0; t < horizon; t++) {
            if (x == 4) {
                return true;
            }
            if (timer == 0) {
                timer = Math.abs(carSpeed[k]);
                x = (x + (carSpeed[k] > 0 ? 1 : -1) + 10) % 10;
                if (x == 4) {
                    return true;
                }
            } else {
                timer--;
            }
        }
        return false;
    }

    /** Expert: step up when the next lane stays clear while the chicken is stuck in it; dodge down otherwise. */
    @Override
    public int expertAction() {
        if (moveTimer > 0) {
            return NOOP;
        }
        if (!laneHits(pos - 1, 4)) {
            return UP;
        }
        if (laneHits(pos, 2) && pos < 9 && !laneHits(pos + 1, 4)) {
            return DOWN;
        }
        return NOOP;
    }
}
