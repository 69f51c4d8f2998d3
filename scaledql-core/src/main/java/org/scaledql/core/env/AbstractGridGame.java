package org.scaledql.core.env;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;
import org.scaledql.api.env.GameInfo;
import org.scaledql.api.env.RandomSource;

/** Shared plumbing of the built-in games: the random source, the validated mode and difficulty. */
public abstract class AbstractGridGame implements GridGame {

    /** Where all of this game's randomness comes from. */
    protected final RandomSource rng;
    private final GameInfo info;
    /** The selected mode (validated against {@link #info()}). */
    protected final int mode;
    /** The selected difficulty (validated against {@link #info()}). */
    protected final int difficulty;

    /**
     * Validates the variant against the game's info.
     *
     * @param info       the game's static description
     * @param rng        the random source
     * @param mode       a mode listed in {@code info}
     * @param difficulty a difficulty listed in {@code info}
     */
    protected AbstractGridGame(GameInfo info, RandomSource rng, int mode, int difficulty) {
        this.rng = Objects.requireNonNull(rng, "rng");
        this.info = Objects.requireNonNull(info, "info");
        checkArgument(info.hasMode(mode), "%s has modes 0..%s; got mode %s (see ./scaledql games)", info.name(),
                info.modes().size() - 1, mode);
        checkArgument(info.difficulties().contains(difficulty), "%s supports difficulties %s; got difficulty %s",
                info.name(), info.difficulties(), difficulty);
        this.mode = mode;
        this.difficulty = difficulty;
    }

    @Override
    public final GameInfo info() {
        return info;
    }

    /**
     * Sets cell (x, y) of channel c in a {@code [C, 10, 10]} buffer if it is on the grid.
     *
     * @param obs the {@code [C, 10, 10]} buffer
     * @param c   the channel
     * @param x   the column
     * @param y   the row
     */
    protected static void set(byte[] obs, int c, int x, int y) {
        if (x >= 0 && x < SIZE && y >= 0 && y < SIZE) {
            obs[c * 100 + y * 10 + x] = 1;
        }
    }

    /**
     * {@return whether (x, y) is on the grid}
     *
     * @param x the column
     * @param y the row
     */
    protected static boolean onGrid(int x, int y) {
        return x >= 0 && x < SIZE && y >= 0 && y < SIZE;
    }
}
