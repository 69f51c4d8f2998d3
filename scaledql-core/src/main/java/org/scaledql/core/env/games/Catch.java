package org.scaledql.core.env.games;

import java.util.Arrays;
import java.util.List;
import org.scaledql.api.env.GameInfo;
import org.scaledql.api.env.GameMode;
import org.scaledql.api.env.RandomSource;
import org.scaledql.core.env.AbstractGridGame;
import org.scaledql.core.env.CommonLayout;

/**
 * Catch: fruit falls one row per step from a random column of row 0; a one-cell basket in row 9 moves
 * left/right. +1 per fruit caught; the episode ends when the 20th fruit lands. A new fruit appears every 3
 * steps (mode 1, {@code fast}: every 2 steps, so fruits in flight are closer together).
 *
 * <p>Randomness: one {@code nextInt(10)} per fruit (its column), drawn when it appears (the first at reset).
 */
public final class Catch extends AbstractGridGame {

    /** Fruits per episode. */
    public static final int FRUITS = 20;

    /** Static description. */
    public static final GameInfo INFO = new GameInfo("catch", "scaledql", 6, List.of("basket", "fruit"),
            List.of(new GameMode(0, "default", "a fruit every 3 steps"),
                    new GameMode(1, "fast", "a fruit every 2 steps")),
            List.of(0),
            "Move the basket in row 9 left/right; +1 per fruit caught; 20 fruits per episode.");

    private int pos;
    private final boolean[] fruit = new boolean[100];
    private int spawnTimer;
    private int spawned;
    private int landed;

    /**
     * Builds the game; call {@link #reset()} before acting.
     *
     * @param rng        the random source of the game
     * @param mode       a mode of the game (0 = default)
     * @param difficulty a difficulty of the game (0 = default)
     */
    public Catch(RandomSource rng, int mode, int difficulty) {
        super(INFO, rng, mode, difficulty);
    }


    private int interval() {
        return mode == 1 ? 2 : 3;
    }

    @Override
    public void reset() {
        pos = 4;
        Arrays.fill(fruit, false);
        spawned = 0;
        landed = 0;
        spawn();
    }

    private void spawn() {
        fruit[rng.nextInt(10)] = true;
        spawned++;
        spawnTimer = interval();
    }

    @Override
    public float act(int a) {
        if (isTerminal()) {
            return 0;
        }
        float r = 0;
        if (a == LEFT) {
            pos = Math.max(0, pos - 1);
        } else if (a == RIGHT) {
            pos = Math.min(9, pos + 1);
        }
        for (int x = 0; x < 10; x++) {
            if (fruit[80 + x]) {
                fruit[80 + x] = false;
                landed++;
                if (x == pos) {
                    r += 1;
                }
            }
        }
        System.arraycopy(fruit, 0, fruit, 10, 80);
        Arrays.fill(fruit, 0, 10, false);
        spawnTimer--;
        if (spawnTimer == 0 && spawned < FRUITS) {
            spawn();
        }
        return r;
    }

    @Override
    public boolean isTerminal() {
        return landed >= FRUITS;
    }

    @Override
    public void render(byte[] obs) {
        set(obs, 0, pos, 9);
        for (int i = 0; i < 90; i++) {
            if (fruit[i]) {
                obs[100 + i] = 1;
            }
        }
    }

    @Override
    public int[] commonChannels() {
        return new int[] {CommonLayout.SELF, CommonLayout.TARGET};
    }

    /** Expert: moves under the lowest fruit it can still reach. */
    @Override
    public int expertAction() {
        for (int y = 8; y >= 0; y--) {
            for (int x = 0; x < 10; x++) {
                if (fruit[y * 10 + x] && Math.abs(x - pos) <= 9 - y) {
                    return x < pos ? LEFT : x > pos ? RIGHT : NOOP;
                }
            }
        }
        return NOOP;
    }
}
