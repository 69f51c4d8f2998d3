package org.scaledql.core.data.dqnreplay;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.scaledql.api.data.GameOrigin;
import org.scaledql.api.data.TransitionSink;
import org.scaledql.core.data.npy.NpyArray;
import org.scaledql.core.data.npy.NpyDtype;
import org.scaledql.core.data.npy.NpyFormatException;
import org.scaledql.core.data.npy.NpyReader;
import org.scaledql.core.io.Json;

/**
 * Imports a local DQN-Replay copy into any {@link TransitionSink}, streaming: memory is a few chunks of rows,
 * whatever the checkpoint size.
 *
 * <p><b>Rebuilding the chronological stream.</b> A checkpoint {@code d} is a dump of the circular buffer.
 * A full dump has {@code add_count = d*cap + cap - 1}: positions {@code 0..cap-2} hold add indices
 * {@code d*cap ..} in order and position {@code cap-1} holds add index {@code d*cap - 1}, the row logged
 * just before position 0. So dump {@code d} contributes, in order, its position {@code cap-1} (for
 * {@code d >= 1}) and then positions {@code 0..cap-2}. The final (partial) dump is recognised by
 * {@code add_count < cap} (batch_rl sets it to the cursor) and contributes position {@code cap-1} and then
 * positions {@code 0..cursor-1} (nothing new when the cursor is {@code cap-1}). {@code invalid_range} must
 * equal {@code [(cursor - h + i) mod cap]}, which cross-checks the cursor. Position {@code cap-1} sits at
 * the end of each file, so it is fetched by a second, skipping pass over the file (the price of streaming).
 * Each pass reads every column file to its end, even past the rows it needs, so that each gzip member's
 * CRC-32 and length are checked: deflate decodes many flipped bits without complaint.
 *
 * <p><b>Episodes.</b> The stream starts with 3 zero rows and has 3 zero rows after every terminal; they are
 * checked to be zero and dropped. A block of checkpoints that starts after 0 begins inside an episode: rows up
 * to its first terminal are skipped (counted in the report). An episode still running where a block ends is
 * truncated. Time-outs are logged as terminals and stay terminals.
 *
 * <p><b>Fractions.</b> With {@code fraction < 1}, whole episodes are kept or skipped, decided when an episode
 * starts: it is kept iff {@code rowsKept <= fraction * rowsSeen} for its game so far. Unlike uniform rows this
 * keeps frame stacks and n-step returns intact; unlike "the first 1% of episodes" it spreads the kept data
 * evenly over training (early and late policies), deterministically and without buffering, and the kept share
 * of rows tracks the fraction to within one episode.
 *
 * <p><b>Origin.</b> A run folder written by {@link DqnReplayWriter} from testbed games holds
 * {@value DqnReplayFiles#ORIGIN} beside {@code replay_logs} (the game's {@link GameOrigin}); when every imported
 * run of a game has one and they agree, the importer declares it in the sink, so the store can be evaluated in
 * that environment. Runs with different origins are an error; a game with a run lacking the file (the Atari
 * DQN-Replay data never has one) gets no origin.
 */
public final class DqnReplayImporter {

    private static final Pattern SUFFIX = Pattern.compile(".*_ckpt\\.(\\d+)\\.gz");
    private static final int CHUNK_ROWS = 256;

    /** Receives progress in compressed bytes read. */
    @FunctionalInterface
    public interface Progress {
        /**
         * Called after each chunk and file.
         *
         * @param doneBytes  compressed bytes read so far
         * @param totalBytes compressed bytes in all
         * @param what       the file being read
         */
        void update(long doneBytes, long totalBytes, String what);
    }

    /**
     * What was imported for one game.
     *
     * @param game          the game
     * @param numActions    its action-set size
     * @param runs          runs read
     * @param checkpoints   checkpoint files read (per run, summed)
     * @param streamRows    rows of the rebuilt stream, padding included
     * @param paddingRows   zero rows dropped
     * @param skippedRows   rows of partial episodes at the start of a block, dropped
     * @param episodeRows   episode rows seen (kept or not)
     * @param rowsKept      rows written to the sink
     * @param episodesKept  completed episodes written (ending in a terminal)
     */
    public record GameReport(String game, int numActions, List<Integer> runs, int checkpoints, long streamRows,
                             long paddingRows, long skippedRows, long episodeRows, long rowsKept, long episodesKept) {

        /**
         * {@return this game's report followed by another import of more of its runs: counts added, runs appended}
         *
         * @param next the report of the same game's next runs
         */
        public GameReport plus(GameReport next) {
            if (!game.equals(next.game()) || numActions != next.numActions()) {
                throw new IllegalArgumentException("reports of different games cannot be added: " + game + " ("
                        + numActions + " actions) and " + next.game() + " (" + next.numActions() + " actions)");
            }
            List<Integer> all = new ArrayList<>(runs);
            all.addAll(next.runs());
            return new GameReport(game, numActions, List.copyOf(all), checkpoints + next.checkpoints(),
                    streamRows + next.streamRows(), paddingRows + next.paddingRows(), skippedRows + next.skippedRows(),
                    episodeRows + next.episodeRows(), rowsKept + next.rowsKept(), episodesKept + next.episodesKept());
        }
    }

    /**
     * The whole import.
     *
     * @param games           per game
     * @param compressedBytes bytes of the checkpoint files read
     * @param seconds         wall time
     */
    public record Report(List<GameReport> games, long compressedBytes, double seconds) {
    }

    private final DqnReplayImportConfig config;
    private final Progress progress;
    private final AtomicLong done = new AtomicLong();
    private long total;

    private DqnReplayImporter(DqnReplayImportConfig config, Progress progress) {
        this.config = config;
        this.progress = progress;
    }

    /**
     * Runs an import. The input is checked first (folders, files); on success the sink is closed (published),
     * on any failure it is aborted, so nothing partial is left behind.
     *
     * @param config   what to import
     * @param sink     receives the transitions
     * @param progress hears about each chunk and file
     * @return the import's report
     * @throws IOException if reading or writing fails
     */
    public static Report run(DqnReplayImportConfig config, TransitionSink sink, Progress progress) throws IOException {
        Objects.requireNonNull(sink, "sink");
        DqnReplayImporter imp = new DqnReplayImporter(Objects.requireNonNull(config, "config"),
                progress == null ? (a, b, c) -> { } : progress);
        try {
            Report r = imp.importAll(sink);
            sink.close();
            return r;
        } catch (IOException | RuntimeException e) {
            sink.abort();
            throw e;
        }
    }

    /** One game's plan: runs and, per run, checkpoints. */
    private record RunPlan(int run, Path logs, List<Integer> checkpoints, int lastPresent) {
    }

    private record GamePlan(String game, int numActions, List<RunPlan> runs, GameOrigin origin) {
    }

    private Report importAll(TransitionSink sink) throws IOException {
        long t0 = System.nanoTime();
        List<GamePlan> plans = plan();
        List<GameReport> reports = new ArrayList<>();
        for (GamePlan p : plans) {
            reports.add(importGame(p, sink));
        }
        return new Report(List.copyOf(reports), done.get(), (System.nanoTime() - t0) / 1e9);
    }

    private List<GamePlan> plan() throws IOException {
        Path in = config.input();
        if (!Files.isDirectory(in)) {
            throw new NpyFormatException(in + ": no such input folder; expected a DQN-Replay copy laid out as"
                    + " <Game>/<run>/replay_logs/");
        }
        List<String> games = config.games();
        if (games.isEmpty()) {
            try (Stream<Path> s = Files.list(in)) {
                games = s.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                        .filter(n -> !n.startsWith(".")).sorted().toList();
            }
            if (games.isEmpty()) {
                throw new NpyFormatException(in + ": holds no game folders; expected <Game>/<run>/replay_logs/");
            }
        }
        List<GamePlan> plans = new ArrayList<>();
        for (String g : games) {
            Path gd = in.resolve(g);
            if (!Files.isDirectory(gd)) {
                throw new NpyFormatException(gd + ": no such game folder; expected " + gd + "/<run>/replay_logs/");
            }
            Integer na = config.numActions().get(g);
            if (na == null) {
                na = AtariActionSets.numActions(g).isPresent() ? AtariActionSets.numActions(g).getAsInt() : null;
            }
            if (na == null) {
                throw new IllegalArgumentException("game " + g + " is not in the Atari minimal-action-set table;"
                        + " give its action count (e.g. --num-actions " + g + "=6)");
            }
            List<Integer> runs = config.runs();
            if (runs.isEmpty()) {
                try (Stream<Path> s = Files.list(gd)) {
                    runs = s.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                            .filter(n -> n.matches("\\d+")).map(Integer::parseInt).sorted().toList();
                }
                if (runs.isEmpty()) {
                    throw new NpyFormatException(gd + ": holds no run folders; expected " + gd + "/<run>/replay_logs/");
                }
            }
            List<RunPlan> rp = new ArrayList<>();
            GameOrigin origin = null;
            Path originFile = null;
            boolean everyRunHasOrigin = true;
            for (int run : runs) {
                Path logs = DqnReplayFiles.logs(in, g, run);
                if (!Files.isDirectory(logs)) {
                    throw new NpyFormatException(logs + ": no such folder (game " + g + ", run " + run + ")");
                }
                TreeSet<Integer> present = new TreeSet<>();
                try (Stream<Path> s = Files.list(logs)) {
                    s.forEach(p -> {
                        Matcher m = SUFFIX.matcher(p.getFileName().toString());
                        if (m.matches()) {
                            present.add(Integer.parseInt(m.group(1)));
                        }
                    });
                }
                if (present.isEmpty()) {
                    throw new NpyFormatException(logs + ": holds no checkpoint files ($store$_*_ckpt.N.gz)");
                }
                List<Integer> cks = config.checkpoints().isEmpty() ? List.copyOf(present) : config.checkpoints();
                for (int c : cks) {
                    for (String f : DqnReplayFiles.all(c)) {
                        Path p = logs.resolve(f);
                        if (!Files.isRegularFile(p)) {
                            throw new NpyFormatException(p + ": missing; checkpoint " + c + " of " + g + " run " + run
                                    + " needs all six files " + DqnReplayFiles.all(c));
                        }
                        total += Files.size(p);
                    }
                }
                rp.add(new RunPlan(run, logs, cks, present.last()));
                Path of = logs.resolveSibling(DqnReplayFiles.ORIGIN);
                if (!Files.isRegularFile(of)) {
                    everyRunHasOrigin = false;
                    continue;
                }
                GameOrigin o = Json.read(of, GameOrigin.class);
                if (origin != null && !origin.equals(o)) {
                    throw new IllegalArgumentException(of + ": origin " + o + " differs from " + originFile + " ("
                            + origin + "); runs of one game must come from one environment and format, import them"
                            + " into separate stores");
                }
                origin = o;
                originFile = of;
            }
            plans.add(new GamePlan(g, na, rp, everyRunHasOrigin ? origin : null));
        }
        return plans;
    }

    /** Per-game streaming state: the padding/episode state machine and the fraction quota. */
    private final class GameStream {
        final String game;
        final int numActions;
        final GameOrigin origin;
        final TransitionSink sink;
        int[] frameShape;
        int frameBytes;
        long streamRows;
        long paddingRows;
        long skippedRows;
        long episodeRows;
        long rowsKept;
        long episodesKept;
        int checkpoints;
        // state: -1 = skipping to the first terminal, 1..3 = padding rows still expected, 0 = in an episode
        int state;
        boolean keep;
        long rowsInEpisode;

        GameStream(String game, int numActions, GameOrigin origin, TransitionSink sink) {
            this.game = game;
            this.numActions = numActions;
            this.origin = origin;
            this.sink = sink;
        }

        void startBlock(boolean fromZero) {
            state = fromZero ? DqnReplayFiles.STACK - 1 : -1;
            rowsInEpisode = 0;
        }

        void endBlock() throws IOException {
            if (state == 0 && keep && rowsInEpisode > 0) {
                sink.truncateEpisode(game);
            }
        }

        void row(byte[] frames, int off, int action, float reward, int terminal, Loc loc, int pos) throws IOException {
            streamRows++;
            if (terminal != 0 && terminal != 1) {
                throw new NpyFormatException(loc.file(DqnReplayFiles.terminal(loc.ckpt)) + ": position " + pos
                        + " holds terminal " + terminal + "; expected 0 or 1");
            }
            if (state == -1) {
                skippedRows++;
                if (terminal == 1) {
                    state = DqnReplayFiles.STACK - 1;
                }
                return;
            }
            if (state > 0) {
                boolean zero = action == 0 && reward == 0f && terminal == 0;
                for (int i = 0; zero && i < frameBytes; i++) {
                    zero = frames[off + i] == 0;
                }
                if (!zero) {
                    throw new NpyFormatException(loc.file(DqnReplayFiles.observation(loc.ckpt)) + ": position " + pos
                            + " should be a padding row (zero frame, action 0, reward 0, terminal 0: the buffer"
                            + " adds 3 before each episode) but is not (action " + action + ", reward " + reward
                            + ", terminal " + terminal + "); the stream is out of order or the files do not match");
                }
                paddingRows++;
                state--;
                if (state == 0) {
                    keep = config.fraction() >= 1 || rowsKept <= config.fraction() * episodeRows;
                    rowsInEpisode = 0;
                }
                return;
            }
            if (action < 0 || action >= numActions) {
                throw new NpyFormatException(loc.file(DqnReplayFiles.action(loc.ckpt)) + ": position " + pos
                        + " holds action " + action + "; game " + game + " has " + numActions
                        + " actions (minimal action set), so expected [0, " + numActions + ")");
            }
            if (!Float.isFinite(reward)) {
                throw new NpyFormatException(loc.file(DqnReplayFiles.reward(loc.ckpt)) + ": position " + pos
                        + " holds reward " + reward + "; expected a finite number");
            }
            episodeRows++;
            rowsInEpisode++;
            if (keep) {
                byte[] f = Arrays.copyOfRange(frames, off, off + frameBytes);
                sink.append(game, f, action, reward, terminal == 1);
                rowsKept++;
                if (terminal == 1) {
                    episodesKept++;
                }
            }
            if (terminal == 1) {
                state = DqnReplayFiles.STACK - 1;
            }
        }
    }

    /** Where a row comes from, for error messages. */
    private record Loc(Path logs, int ckpt) {
        Path file(String name) {
            return logs.resolve(name);
        }
    }

    private GameReport importGame(GamePlan p, TransitionSink sink) throws IOException {
        GameStream gs = new GameStream(p.game(), p.numActions(), p.origin(), sink);
        List<Integer> runs = new ArrayList<>();
        for (RunPlan rp : p.runs()) {
            runs.add(rp.run());
            Integer prev = null;
            for (int c : rp.checkpoints()) {
                if (prev == null || c != prev + 1) {
                    if (prev != null) {
                        gs.endBlock();
                    }
                    gs.startBlock(c == 0);
                }
                readDump(gs, rp, c);
                gs.checkpoints++;
                prev = c;
            }
            gs.endBlock();
        }
        return new GameReport(p.game(), p.numActions(), List.copyOf(runs), gs.checkpoints, gs.streamRows,
                gs.paddingRows, gs.skippedRows, gs.episodeRows, gs.rowsKept, gs.episodesKept);
    }

    private static long scalar(Path f) throws IOException {
        NpyArray a = NpyArray.read(f);
        if (a.header().dtype() != NpyDtype.I8 && a.header().dtype() != NpyDtype.I4 || a.size() != 1) {
            throw new NpyFormatException(f + ": is " + a.header() + "; expected a 0-d int64 counter");
        }
        return a.getLong(0);
    }

    private void readDump(GameStream gs, RunPlan rp, int d) throws IOException {
        Loc loc = new Loc(rp.logs(), d);
        Path obsF = loc.file(DqnReplayFiles.observation(d));
        long addCount = scalar(loc.file(DqnReplayFiles.addCount(d)));
        done.addAndGet(Files.size(loc.file(DqnReplayFiles.addCount(d))));
        Path invF = loc.file(DqnReplayFiles.invalidRange(d));
        NpyArray inv = NpyArray.read(invF);
        done.addAndGet(Files.size(invF));
        try (Columns cols = new Columns(loc, gs, true)) {
            int cap = cols.capacity;
            long cursor;
            long count; // true add count after this dump
            if (addCount == (long) d * cap + cap - 1) {
                count = addCount;
                cursor = cap - 1;
            } else if (addCount >= 0 && addCount < cap) {
                if (d != rp.lastPresent()) {
                    throw new NpyFormatException(loc.file(DqnReplayFiles.addCount(d)) + ": add_count " + addCount
                            + " marks a final (partial) dump, but checkpoint " + rp.lastPresent() + " follows it;"
                            + " expected " + ((long) d * cap + cap - 1) + " for a full dump of capacity " + cap);
                }
                cursor = addCount;
                count = cursor == cap - 1 ? (long) d * cap - 1 : (long) d * cap + cursor;
            } else {
                throw new NpyFormatException(loc.file(DqnReplayFiles.addCount(d)) + ": add_count is " + addCount
                        + "; checkpoint " + d + " of a buffer of capacity " + cap + " expects "
                        + ((long) d * cap + cap - 1) + " (full dump) or a value below " + cap + " (final dump)");
            }
            int h = (int) inv.size() - DqnReplayFiles.STACK;
            boolean invOk = inv.header().shape().length == 1 && h >= 1 && !inv.header().dtype().isFloatingPoint();
            for (int i = 0; invOk && i < inv.size(); i++) {
                invOk = inv.getLong(i) == Math.floorMod(cursor - h + i, (long) cap);
            }
            if (!invOk) {
                long[] want = new long[Math.max(h, 1) + DqnReplayFiles.STACK];
                for (int i = 0; i < want.length; i++) {
                    want[i] = Math.floorMod(cursor - Math.max(h, 1) + i, (long) cap);
                }
                throw new NpyFormatException(invF + ": invalid_range does not match cursor " + cursor + " (from add_count "
                        + addCount + "); expected " + Arrays.toString(want) + " (stack 4 + update horizon), got " + inv.header());
            }
            long start = d == 0 ? 0 : (long) d * cap - 1;
            if (start < count && start % cap == cap - 1) {
                try (Columns tail = new Columns(loc, gs, false)) {
                    tail.skip(cap - 1);
                    tail.read(1, cap - 1, gs, loc);
                    tail.verifyRest();
                }
            }
            long fromZero = d == 0 ? count : count - (long) d * cap;
            cols.read((int) Math.max(0, fromZero), 0, gs, loc);
            // the rows after the last one used (at least position cap-1) must still be inflated: a gzip trailer's
            // CRC-32 is the only check that catches a flipped bit which deflate decodes without complaint
            cols.verifyRest();
        }
        progress.update(done.get(), total, gs.game + " checkpoint " + d);
    }

    /** The four per-row column files of one dump, read in step. */
    private final class Columns implements AutoCloseable {
        final NpyReader obs;
        final NpyReader act;
        final NpyReader rew;
        final NpyReader term;
        final int capacity;
        final byte[] frames;
        final int[] actions = new int[CHUNK_ROWS];
        final float[] rewards = new float[CHUNK_ROWS];
        final byte[] terms = new byte[CHUNK_ROWS];
        final GameStream gs;

        Columns(Loc loc, GameStream gs, boolean count) throws IOException {
            this.gs = gs;
            List<NpyReader> opened = new ArrayList<>();
            try {
                obs = open(loc.file(DqnReplayFiles.observation(loc.ckpt())), count, opened);
                act = open(loc.file(DqnReplayFiles.action(loc.ckpt())), count, opened);
                rew = open(loc.file(DqnReplayFiles.reward(loc.ckpt())), count, opened);
                term = open(loc.file(DqnReplayFiles.terminal(loc.ckpt())), count, opened);
                long[] os = obs.header().shape();
                if (obs.header().dtype() != NpyDtype.U1 || (os.length != 3 && os.length != 4)) {
                    throw new NpyFormatException(obs.source() + ": is " + obs.header()
                            + "; expected uint8 '|u1' with shape (capacity, H, W) or (capacity, C, H, W)");
                }
                if (os[0] > Integer.MAX_VALUE || os[0] < DqnReplayFiles.STACK + 2) {
                    throw new NpyFormatException(obs.source() + ": capacity " + os[0] + " is out of range");
                }
                capacity = (int) os[0];
                int[] shape = os.length == 3 ? new int[] {1, (int) os[1], (int) os[2]}
                        : new int[] {(int) os[1], (int) os[2], (int) os[3]};
                expect(act, NpyDtype.I4, "int32 '<i4'");
                expect(rew, NpyDtype.F4, "float32 '<f4'");
                if (term.header().dtype() != NpyDtype.U1 && term.header().dtype() != NpyDtype.B1) {
                    throw new NpyFormatException(term.source() + ": is " + term.header() + "; expected uint8 '|u1'");
                }
                expect(term, term.header().dtype(), "uint8 '|u1'");
                if (gs.frameShape == null) {
                    long fb = (long) shape[0] * shape[1] * shape[2];
                    if (fb <= 0 || fb > (1 << 24)) {
                        throw new NpyFormatException(obs.source() + ": frame shape " + Arrays.toString(shape)
                                + " is out of range");
                    }
                    gs.frameShape = shape;
                    gs.frameBytes = (int) fb;
                    gs.sink.declareGame(gs.game, gs.numActions, shape, config.observationScale());
                    if (gs.origin != null) {
                        gs.sink.declareOrigin(gs.game, gs.origin);
                    }
                } else if (!Arrays.equals(gs.frameShape, shape)) {
                    throw new NpyFormatException(obs.source() + ": frames have shape " + Arrays.toString(shape)
                            + " but earlier checkpoints of " + gs.game + " have " + Arrays.toString(gs.frameShape));
                }
                frames = new byte[CHUNK_ROWS * gs.frameBytes];
            } catch (IOException | RuntimeException e) {
                for (NpyReader r : opened) {
                    r.close();
                }
                throw e;
            }
        }

        private NpyReader open(Path f, boolean count, List<NpyReader> opened) throws IOException {
            InputStream raw = Files.newInputStream(f);
            if (count) {
                raw = new FilterInputStream(raw) {
                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        int n = super.read(b, off, len);
                        if (n > 0) {
                            done.addAndGet(n);
                        }
                        return n;
                    }

                    @Override
                    public int read() throws IOException {
                        int n = super.read();
                        if (n >= 0) {
                            done.incrementAndGet();
                        }
                        return n;
                    }
                };
            }
            NpyReader r = NpyReader.open(raw, f.toString());
            opened.add(r);
            return r;
        }

        private void expect(NpyReader r, NpyDtype t, String what) throws NpyFormatException {
            long[] s = r.header().shape();
            if (r.header().dtype() != t || s.length != 1) {
                throw new NpyFormatException(r.source() + ": is " + r.header() + "; expected " + what
                        + " with shape (" + capacity + ",)");
            }
            if (s[0] != capacity) {
                throw new NpyFormatException(r.source() + ": has " + s[0] + " rows but " + obs.source() + " has "
                        + capacity + "; the files of one checkpoint must have the same length");
            }
        }

        void skip(long n) throws IOException {
            obs.skip(n * gs.frameBytes);
            act.skip(n);
            rew.skip(n);
            term.skip(n);
        }

        /** Reads {@code n} rows starting at position {@code pos}, feeding them to the stream. */
        void read(int n, int pos, GameStream g, Loc loc) throws IOException {
            int left = n;
            while (left > 0) {
                int k = Math.min(left, CHUNK_ROWS);
                obs.readBytes(frames, 0, k * g.frameBytes);
                act.readInts(actions, 0, k);
                rew.readFloats(rewards, 0, k);
                term.readBytes(terms, 0, k);
                for (int i = 0; i < k; i++) {
                    g.row(frames, i * g.frameBytes, actions[i], rewards[i], terms[i] & 0xff, loc, pos + i);
                }
                pos += k;
                left -= k;
                progress.update(done.get(), total, g.game + " checkpoint " + loc.ckpt());
            }
        }

        /** Reads each file to its end, so that every gzip trailer is checked. */
        void verifyRest() throws IOException {
            obs.verifyRest();
            act.verifyRest();
            rew.verifyRest();
            term.verifyRest();
        }

        @Override
        public void close() throws IOException {
            // Every reader is closed even if an earlier close fails (the first failure is thrown).
            try (NpyReader a = obs; NpyReader b = act; NpyReader c = rew; NpyReader d = term) {
                // closed in reverse order by try-with-resources
            }
        }
    }

}
