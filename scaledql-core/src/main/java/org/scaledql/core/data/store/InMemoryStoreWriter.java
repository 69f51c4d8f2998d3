package org.scaledql.core.data.store;

import static com.google.common.base.Preconditions.checkState;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.scaledql.api.data.GameOrigin;
import org.scaledql.api.data.GameMetadata;
import org.scaledql.api.data.GameRecords;
import org.scaledql.api.data.TransitionStore;

/**
 * Collects experience in heap arrays (for small data and tests); after {@link #close()}, {@link #store()}
 * returns it as a {@link TransitionStore} with exactly the semantics of the on-disk store. Each game holds at
 * most {@code 2^31 - 1} frame bytes in total.
 */
public final class InMemoryStoreWriter extends AbstractStoreWriter {

    private TransitionStore store;

    private static final class MemGame extends GameState {
        byte[] frames = new byte[0];
        int[] actions = new int[16];
        float[] rewards = new float[16];
        byte[] flags = new byte[16];
        long flagRows;

        MemGame(GameMetadata meta) {
            super(meta);
            frames = new byte[16 * meta.frameBytes()];
        }
    }

    @Override
    GameState openGame(GameMetadata meta) {
        return new MemGame(meta);
    }

    @Override
    void writeRow(GameState g, byte[] frame, int action, float reward) {
        MemGame m = (MemGame) g;
        int row = Math.toIntExact(m.rows);
        int fb = m.meta.frameBytes();
        if (row == m.actions.length) {
            int cap = row * 2;
            m.actions = Arrays.copyOf(m.actions, cap);
            m.rewards = Arrays.copyOf(m.rewards, cap);
            m.flags = Arrays.copyOf(m.flags, cap);
            m.frames = Arrays.copyOf(m.frames, Math.multiplyExact(cap, fb));
        }
        System.arraycopy(frame, 0, m.frames, row * fb, fb);
        m.actions[row] = action;
        m.rewards[row] = reward;
    }

    @Override
    void writeFlags(GameState g, int flags) {
        MemGame m = (MemGame) g;
        m.flags[(int) m.flagRows++] = (byte) flags;
    }

    @Override
    void publish(Map<String, GameState> games) {
        Map<String, GameRecords> recs = new LinkedHashMap<>();
        Map<String, GameOrigin> origins = new LinkedHashMap<>();
        for (GameState g : games.values()) {
            MemGame m = (MemGame) g;
            recs.put(m.meta.name(), new MemRecords(m.meta, (int) m.rows, m.frames, m.actions, m.rewards, m.flags));
            if (m.origin != null) {
                origins.put(m.meta.name(), m.origin);
            }
        }
        store = new MemStore(recs, origins);
    }

    @Override
    void discard() {
        store = null;
    }

    /**
     * {@return the collected store}
     *
     * @throws IllegalStateException before {@link #close()}
     */
    public TransitionStore store() {
        checkState(store != null, "the in-memory store is available after close() (and not after abort())");
        return store;
    }

    private record MemStore(Map<String, GameRecords> recs, Map<String, GameOrigin> origins) implements TransitionStore {
        @Override
        public Optional<GameOrigin> origin(String game) {
            records(game);
            return Optional.ofNullable(origins.get(game));
        }

        @Override
        public List<GameMetadata> games() {
            return recs.values().stream().map(GameRecords::metadata).toList();
        }

        @Override
        public GameRecords records(String game) {
            GameRecords r = recs.get(game);
            if (r == null) {
                throw new NoSuchElementException("in-memory store has no game '" + game + "'; it has " + recs.keySet());
            }
            return r;
        }
    }

    private record MemRecords(GameMetadata metadata, int rows, byte[] frames, int[] actions, float[] rewards,
                              byte[] flags) implements GameRecords {
        @Override
        public long size() {
            return rows;
        }

        private int row(long r) {
            if (r < 0 || r >= rows) {
                throw new IndexOutOfBoundsException("row " + r + " of game " + metadata.name() + " with " + rows + " rows");
            }
            return (int) r;
        }

        @Override
        public int action(long r) {
            return actions[row(r)];
        }

        @Override
        public float reward(long r) {
            return rewards[row(r)];
        }

        @Override
        public boolean terminal(long r) {
            return (flags[row(r)] & RowFlags.TERMINAL) != 0;
        }

        @Override
        public boolean truncated(long r) {
            return (flags[row(r)] & RowFlags.TRUNCATED) != 0;
        }

        @Override
        public boolean episodeStart(long r) {
            return (flags[row(r)] & RowFlags.EPISODE_START) != 0;
        }

        @Override
        public void readFrame(long r, byte[] dst, int offset) {
            int fb = metadata.frameBytes();
            System.arraycopy(frames, row(r) * fb, dst, offset, fb);
        }

        @Override
        public void readFrame(long r, ByteBuffer dst, int index) {
            int fb = metadata.frameBytes();
            dst.put(index, frames, row(r) * fb, fb);
        }
    }
}
