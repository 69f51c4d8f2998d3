package org.scaledql.core.data.store;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.scaledql.api.data.GameMetadata;
import org.scaledql.api.data.GameOrigin;
import org.scaledql.api.data.TransitionSink;

/**
 * Validation and episode bookkeeping shared by the store writers. A row's flags byte is held back until the
 * next row of its game (or close), so {@link #truncateEpisode} can still mark it.
 */
abstract class AbstractStoreWriter implements TransitionSink {

    /** Per-game writing state. */
    abstract static class GameState {
        final GameMetadata meta;
        long rows;
        int pendingFlags = -1;
        GameOrigin origin;

        GameState(GameMetadata meta) {
            this.meta = meta;
        }
    }

    private final Map<String, GameState> games = new LinkedHashMap<>();
    private boolean finished;

    /** Creates per-game storage. */
    abstract GameState openGame(GameMetadata meta) throws IOException;

    /** Stores one row's frame, action and reward. */
    abstract void writeRow(GameState g, byte[] frame, int action, float reward) throws IOException;

    /** Stores the flags byte of the game's row {@code g.rows - 1} (called in row order). */
    abstract void writeFlags(GameState g, int flags) throws IOException;

    /** Publishes everything (after all pending flags were written). */
    abstract void publish(Map<String, GameState> games) throws IOException;

    /** Discards everything. */
    abstract void discard() throws IOException;

    @Override
    public void declareGame(String game, int numActions, int[] frameShape, float observationScale) throws IOException {
        checkState(!finished, "store writer is closed");
        GameMetadata meta = GameMetadata.of(game, numActions, frameShape, observationScale);
        checkArgument(!games.containsKey(game), "game %s was already declared; declare each game once", game);
        games.put(game, openGame(meta));
    }

    @Override
    public void declareOrigin(String game, GameOrigin origin) {
        checkState(!finished, "store writer is closed");
        Objects.requireNonNull(origin, "origin");
        GameState g = game(game);
        checkArgument(g.origin == null || g.origin.equals(origin),
                "game %s already has origin %s; got another: %s", game, g.origin, origin);
        g.origin = origin;
    }

    @Override
    public void append(String game, byte[] frame, int action, float reward, boolean terminal) throws IOException {
        checkState(!finished, "store writer is closed");
        GameState g = game(game);
        Objects.requireNonNull(frame, "frame");
        checkArgument(frame.length == g.meta.frameBytes(), "game %s frames have %s bytes (shape %s); got %s",
                game, g.meta.frameBytes(), g.meta.frameShape(), frame.length);
        checkArgument(action >= 0 && action < g.meta.numActions(), "game %s actions must be in [0, %s); got %s at row %s",
                game, g.meta.numActions(), action, g.rows);
        checkArgument(Float.isFinite(reward), "game %s rewards must be finite; got %s at row %s", game, reward, g.rows);
        boolean start = g.pendingFlags < 0
                || (g.pendingFlags & (RowFlags.TERMINAL | RowFlags.TRUNCATED)) != 0;
        if (g.pendingFlags >= 0) {
            writeFlags(g, g.pendingFlags);
        }
        writeRow(g, frame, action, reward);
        g.rows++;
        g.pendingFlags = (terminal ? RowFlags.TERMINAL : 0) | (start ? RowFlags.EPISODE_START : 0);
    }

    @Override
    public void truncateEpisode(String game) {
        checkState(!finished, "store writer is closed");
        GameState g = game(game);
        if (g.pendingFlags >= 0 && (g.pendingFlags & RowFlags.TERMINAL) == 0) {
            g.pendingFlags |= RowFlags.TRUNCATED;
        }
    }

    private GameState game(String game) {
        GameState g = games.get(game);
        checkArgument(g != null, "game %s was not declared; call declareGame first (declared: %s)", game, games.keySet());
        return g;
    }

    /** Flushes pending flags (a last row without a terminal counts as truncated) and publishes. */
    @Override
    public void close() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        try {
            for (GameState g : games.values()) {
                if (g.pendingFlags >= 0) {
                    int f = g.pendingFlags;
                    if ((f & RowFlags.TERMINAL) == 0) {
                        f |= RowFlags.TRUNCATED;
                    }
                    writeFlags(g, f);
                }
            }
            publish(games);
        } catch (IOException | RuntimeException e) {
            discard();
            throw e;
        }
    }

    @Override
    public void abort() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        discard();
    }
}
