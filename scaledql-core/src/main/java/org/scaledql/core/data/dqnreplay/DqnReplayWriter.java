package org.scaledql.core.data.dqnreplay;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.scaledql.api.data.GameMetadata;
import org.scaledql.api.data.GameOrigin;
import org.scaledql.api.data.TransitionSink;
import org.scaledql.core.data.npy.NpyDtype;
import org.scaledql.core.data.npy.NpyHeader;
import org.scaledql.core.data.npy.NpyWriter;
import org.scaledql.core.io.Json;
import org.scaledql.core.io.OwnedTempDirectory;

/**
 * Writes experience in the DQN-Replay layout, reproducing batch_rl's {@code OutOfGraphLoggedReplayBuffer} on
 * Dopamine's circular buffer: 3 zero rows before each episode, a dump of the whole buffer (six gzip
 * {@code .npy} files, suffix = dump count) whenever {@code add_count % capacity == capacity - 1} after an
 * add, and a final dump on {@link #close()} with {@code add_count} set to the cursor. Frames of shape
 * {@code [1, H, W]} are stored as {@code (capacity, H, W)} like Atari's; other shapes as
 * {@code (capacity, C, H, W)}.
 *
 * <p>{@link #truncateEpisode} marks the episode's last row terminal: the format cannot tell a time-out from a
 * game over (DQN's own 27,000-step cap is logged the same way). The buffer lives in memory
 * ({@code capacity x frame bytes} per game). Files appear under {@code root/<Game>/<run>/replay_logs} only
 * when {@code close()} succeeds. A game's {@link GameOrigin} ({@link #declareOrigin}) is written beside its logs as
 * {@code root/<Game>/<run>/}{@value DqnReplayFiles#ORIGIN}, which {@link DqnReplayImporter} carries into the store.
 */
public final class DqnReplayWriter implements TransitionSink {

    private final Path root;
    private final int run;
    private final int capacity;
    private final OwnedTempDirectory owned;
    private final Path temp;
    private final Map<String, Buffer> games = new LinkedHashMap<>();
    private boolean finished;

    private DqnReplayWriter(Path root, int run, int capacity, OwnedTempDirectory owned) {
        this.root = root;
        this.run = run;
        this.capacity = capacity;
        this.owned = owned;
        this.temp = owned.path();
    }

    /**
     * {@return a writer for run {@code run} under {@code root}}
     *
     * @param root     the DQN-Replay root
     * @param run      the run number
     * @param capacity replay capacity (DQN-Replay: 1,000,000); at least {@code STACK + 2}
     * @throws IOException if reading or writing fails
     */
    public static DqnReplayWriter create(Path root, int run, int capacity) throws IOException {
        checkArgument(capacity >= DqnReplayFiles.STACK + 2, "capacity must be >= %s; got %s",
                DqnReplayFiles.STACK + 2, capacity);
        checkArgument(run >= 1, "run numbers start at 1 (DQN-Replay has runs 1..5); got %s", run);
        Path r = root.toAbsolutePath().normalize();
        Files.createDirectories(r);
        // A killed writer's leftovers under the same root are removed here (OwnedTempDirectory).
        return new DqnReplayWriter(r, run, capacity, OwnedTempDirectory.create(r, ".dqn-replay.tmp-"));
    }

    /** The circular buffer of one game. */
    private final class Buffer {
        final GameMetadata meta;
        final byte[] obs;
        final int[] action;
        final float[] reward;
        final byte[] terminal;
        final Path dir;
        GameOrigin origin;
        long addCount;
        int logCount;
        // the held-back row, so truncateEpisode can still mark it terminal
        byte[] pFrame;
        int pAction;
        float pReward;
        boolean pTerminal;

        Buffer(GameMetadata meta) throws IOException {
            this.meta = meta;
            obs = new byte[Math.multiplyExact(capacity, meta.frameBytes())];
            action = new int[capacity];
            reward = new float[capacity];
            terminal = new byte[capacity];
            dir = DqnReplayFiles.logs(temp, meta.name(), run);
            Files.createDirectories(dir);
        }

        void flushPending() throws IOException {
            if (pFrame == null) {
                return;
            }
            int cursor = (int) (addCount % capacity);
            if (addCount == 0 || terminal[(cursor + capacity - 1) % capacity] == 1) {
                for (int i = 0; i < DqnReplayFiles.STACK - 1; i++) {
                    add(null, 0, 0f, false);
                }
            }
            add(pFrame, pAction, pReward, pTerminal);
            pFrame = null;
        }

        private void add(byte[] frame, int a, float r, boolean t) throws IOException {
            int c = (int) (addCount % capacity);
            int fb = meta.frameBytes();
            if (frame == null) {
                java.util.Arrays.fill(obs, c * fb, (c + 1) * fb, (byte) 0);
            } else {
                System.arraycopy(frame, 0, obs, c * fb, fb);
            }
            action[c] = a;
            reward[c] = r;
            terminal[c] = (byte) (t ? 1 : 0);
            addCount++;
            if (addCount % capacity == capacity - 1) {
                dump(addCount);
                logCount++;
            }
        }

        void dump(long addCountField) throws IOException {
            int n = logCount;
            int[] s = meta.frameShapeArray();
            NpyHeader oh = s[0] == 1 ? NpyHeader.of(NpyDtype.U1, capacity, s[1], s[2])
                    : NpyHeader.of(NpyDtype.U1, capacity, s[0], s[1], s[2]);
            try (NpyWriter w = NpyWriter.create(dir.resolve(DqnReplayFiles.observation(n)), oh, true)) {
                w.writeBytes(obs, 0, obs.length);
            }
            try (NpyWriter w = NpyWriter.create(dir.resolve(DqnReplayFiles.action(n)), NpyHeader.of(NpyDtype.I4, capacity), true)) {
                w.writeInts(action, 0, capacity);
            }
            try (NpyWriter w = NpyWriter.create(dir.resolve(DqnReplayFiles.reward(n)), NpyHeader.of(NpyDtype.F4, capacity), true)) {
                w.writeFloats(reward, 0, capacity);
            }
            try (NpyWriter w = NpyWriter.create(dir.resolve(DqnReplayFiles.terminal(n)), NpyHeader.of(NpyDtype.U1, capacity), true)) {
                w.writeBytes(terminal, 0, capacity);
            }
            try (NpyWriter w = NpyWriter.create(dir.resolve(DqnReplayFiles.addCount(n)), NpyHeader.of(NpyDtype.I8), true)) {
                w.writeLongs(new long[] {addCountField}, 0, 1);
            }
            int cursor = (int) (addCount % capacity);
            int h = 1;
            long[] inv = new long[DqnReplayFiles.STACK + h];
            for (int i = 0; i < inv.length; i++) {
                inv[i] = Math.floorMod(cursor - h + i, capacity);
            }
            try (NpyWriter w = NpyWriter.create(dir.resolve(DqnReplayFiles.invalidRange(n)),
                    NpyHeader.of(NpyDtype.I8, inv.length), true)) {
                w.writeLongs(inv, 0, inv.length);
            }
        }
    }

    @Override
    public void declareGame(String game, int numActions, int[] frameShape, float observationScale) throws IOException {
        checkState(!finished, "writer is closed");
        GameMetadata meta = GameMetadata.of(game, numActions, frameShape, observationScale);
        checkArgument(!games.containsKey(game), "game %s was already declared", game);
        checkArgument(game.matches("[A-Za-z0-9_.-]+"), "game names become folder names; use letters, digits, _ . -; got '%s'", game);
        Path dest = DqnReplayFiles.logs(root, game, run).getParent();
        if (Files.exists(dest)) {
            throw new FileAlreadyExistsException(dest.toString(), null, "run folder exists; choose another run or root");
        }
        games.put(game, new Buffer(meta));
    }

    @Override
    public void declareOrigin(String game, GameOrigin origin) {
        checkState(!finished, "writer is closed");
        Objects.requireNonNull(origin, "origin");
        Buffer b = games.get(game);
        checkArgument(b != null, "game %s was not declared; call declareGame first", game);
        checkArgument(b.origin == null || b.origin.equals(origin), "game %s already has origin %s; got another: %s",
                game, b.origin, origin);
        b.origin = origin;
    }

    @Override
    public void append(String game, byte[] frame, int action, float reward, boolean terminal) throws IOException {
        checkState(!finished, "writer is closed");
        Buffer b = games.get(game);
        checkArgument(b != null, "game %s was not declared; call declareGame first", game);
        Objects.requireNonNull(frame, "frame");
        checkArgument(frame.length == b.meta.frameBytes(), "game %s frames have %s bytes; got %s", game,
                b.meta.frameBytes(), frame.length);
        checkArgument(action >= 0 && action < b.meta.numActions(), "game %s actions must be in [0, %s); got %s", game,
                b.meta.numActions(), action);
        checkArgument(Float.isFinite(reward), "game %s rewards must be finite; got %s", game, reward);
        b.flushPending();
        b.pFrame = frame.clone();
        b.pAction = action;
        b.pReward = reward;
        b.pTerminal = terminal;
    }

    @Override
    public void truncateEpisode(String game) {
        checkState(!finished, "writer is closed");
        Buffer b = games.get(game);
        checkArgument(b != null, "game %s was not declared; call declareGame first", game);
        if (b.pFrame != null) {
            b.pTerminal = true;
        }
    }

    /** Writes each game's final dump ({@code add_count} = cursor) and moves the run folders into place. */
    @Override
    public void close() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        try {
            for (Buffer b : games.values()) {
                b.flushPending();
                b.dump(b.addCount % capacity);
                b.logCount++;
                if (b.origin != null) {
                    Files.writeString(b.dir.resolveSibling(DqnReplayFiles.ORIGIN),
                            Json.mapper().writeValueAsString(b.origin));
                }
            }
            for (Buffer b : games.values()) {
                Path src = b.dir.getParent();
                Path dest = DqnReplayFiles.logs(root, b.meta.name(), run).getParent();
                Files.createDirectories(dest.getParent());
                Files.move(src, dest, StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            release();
        }
    }

    @Override
    public void abort() throws IOException {
        finished = true;
        release();
    }

    private void release() throws IOException {
        try {
            OwnedTempDirectory.deleteTree(temp);
        } finally {
            owned.close();
        }
    }

    /**
     * {@return number of dumps written so far for {@code game} (the next suffix)}
     *
     * @param game the game
     */
    public int dumps(String game) {
        return games.get(game).logCount;
    }
}
