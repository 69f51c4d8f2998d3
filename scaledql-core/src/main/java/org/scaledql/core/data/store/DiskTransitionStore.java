package org.scaledql.core.data.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.scaledql.api.data.GameMetadata;
import org.scaledql.api.data.GameOrigin;
import org.scaledql.api.data.GameRecords;
import org.scaledql.api.data.TransitionStore;
import org.scaledql.core.data.npy.NpyDtype;
import org.scaledql.core.data.npy.NpyHeader;
import org.scaledql.core.data.npy.NpyHeaderParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An on-disk transition store opened read-only and memory-mapped (chunked, so files may exceed 2 GB).
 *
 * <p><b>What an open reads.</b> The manifest, the {@code verified.json} sidecar and every file's size and
 * {@code .npy} header, so opening costs the same at 1 GB and at 3 TB. A file's CRC32C and values (actions in
 * {@code [0, numActions)}, finite rewards, flags with only the defined bits and consistent episode starts) are
 * verified when the file is written, by {@link Verification#FULL} ({@code ./scaledql verify}), and on the first
 * open that finds the file new or changed: the sidecar records, per file, the checksum that was verified and the
 * file's size, modification and status-change times and identity, so a file whose fingerprint moved is verified
 * again before use and an unchanged one is not re-read ({@link Verification#INCREMENTAL}, the default). Any
 * mismatch is a {@link StoreFormatException} naming the file (and, for a bad value, the row, the value and what
 * was expected).
 *
 * <p>Values are verified with the checksum because the checksum only proves the bytes are those the manifest
 * names: a column rewritten with numpy and a recomputed CRC would otherwise train on actions no head has or NaN
 * rewards. Stores written before the sidecar existed are verified once on their first open and then open in
 * constant time. Where the sidecar cannot be written (a read-only folder), the open verifies in memory, logs a
 * warning and succeeds; every later open then verifies again.
 */
public final class DiskTransitionStore implements TransitionStore {

    private static final Logger LOG = LoggerFactory.getLogger(DiskTransitionStore.class);

    /** Bytes checksummed and value-checked per step, so values are checked while the bytes are still cached. */
    private static final int SLICE_BYTES = 1 << 20;

    /** How much of a store an open checks beyond its manifest and headers. */
    public enum Verification {
        /**
         * Files with a recorded verdict whose fingerprint and checksum are unchanged are trusted unread; every other
         * file's CRC32C and values are verified and its verdict recorded. The default.
         */
        INCREMENTAL,
        /** Every file's CRC32C and values are verified, whatever the sidecar says, and the verdicts recorded. */
        FULL,
        /**
         * As {@link #INCREMENTAL}, but a file without a verdict has its values checked and not its checksum (so the
         * frames are not read), and nothing is recorded ({@code inspect --no-verify}).
         */
        VALUES_ONLY
    }

    /** Receives progress while a store is opened: bytes read by the checks so far. */
    @FunctionalInterface
    public interface Progress {
        /**
         * Called after each slice of at most 1 MiB (and once for a file of no rows).
         *
         * @param doneBytes  bytes checked so far (headers and data)
         * @param totalBytes bytes the open will check: the files it verifies (with {@link Verification#VALUES_ONLY},
         *                   their small columns)
         * @param file       the file being checked, relative to the store (e.g. {@code game-000/frames.npy})
         */
        void update(long doneBytes, long totalBytes, String file);
    }

    private final Path dir;
    private final Map<String, GameRecords> games = new LinkedHashMap<>();
    private final Map<String, GameOrigin> origins = new LinkedHashMap<>();
    private final List<FileChannel> channels = new ArrayList<>();
    private final List<MappedColumn> columns = new ArrayList<>(); // close their (possibly reopened) channels
    private final Tally tally;
    private final Verification verification;
    /** Path of this folder relative to the opened store ("" for a plain store, "shard-000/" for a shard). */
    private final String prefix;
    private final List<DiskTransitionStore> shards = new ArrayList<>();
    private Manifest manifest;
    private Verdicts verdicts;
    private final Map<String, Verdicts.Fingerprint> before = new HashMap<>();
    /** Files whose fingerprint in {@link #before} was settled when it was taken. */
    private final java.util.Set<String> settledBefore = new java.util.HashSet<>();
    private long doneBytes;

    /** Progress shared by a store and its shards. */
    private static final class Tally {
        final Progress progress;
        long total;
        long done;

        Tally(Progress progress) {
            this.progress = progress;
        }
    }

    private DiskTransitionStore(Path dir, Verification verification, Tally tally, String prefix) {
        this.dir = dir;
        this.verification = verification;
        this.tally = tally;
        this.prefix = prefix;
    }

    /**
     * Opens a store, verifying the files that are new or changed since their last verification
     * ({@link Verification#INCREMENTAL}).
     *
     * @param storeDir the store directory
     * @return the store
     * @throws StoreFormatException naming the file (and for a bad value the row) of the first problem found
     * @throws IOException          if a file cannot be read
     */
    public static DiskTransitionStore open(Path storeDir) throws IOException {
        return open(storeDir, Verification.INCREMENTAL);
    }

    /**
     * Opens a store.
     *
     * @param storeDir     the store directory
     * @param verification which files to verify (sizes and headers are always checked)
     * @return the store
     * @throws StoreFormatException naming the file (and for a bad value the row) of the first problem found
     * @throws IOException          if a file cannot be read
     */
    public static DiskTransitionStore open(Path storeDir, Verification verification) throws IOException {
        return open(storeDir, verification, null);
    }

    /**
     * Opens a store, reporting progress of the checks ({@code ./scaledql verify} shows it).
     *
     * @param storeDir     the store's folder
     * @param verification which files to verify (sizes and headers are always checked)
     * @param progress     receives bytes checked so far, or null
     * @return the open store; close it to unmap the files
     * @throws StoreFormatException naming the file (and for a bad value the row) of the first problem found
     * @throws IOException          if a file cannot be read
     */
    public static DiskTransitionStore open(Path storeDir, Verification verification, Progress progress)
            throws IOException {
        Objects.requireNonNull(verification, "verification");
        if (!Files.isDirectory(storeDir)) {
            throw new StoreFormatException(storeDir + ": no such store folder");
        }
        DiskTransitionStore s = new DiskTransitionStore(storeDir, verification,
                new Tally(progress == null ? (d, t, f) -> { } : progress), "");
        try {
            byte[] bytes = Manifest.readBytes(storeDir);
            if (ShardManifest.isSharded(bytes)) {
                s.openShards(ShardManifest.parse(storeDir, bytes));
            } else {
                s.prepare(bytes);
                s.finish();
            }
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Reads the manifest and the sidecar and plans what to check (nothing is read beyond them yet). */
    private void prepare(byte[] manifestBytes) throws IOException {
        manifest = Manifest.parse(dir, manifestBytes);
        verdicts = Verdicts.load(dir, manifestBytes);
        tally.total += plan(manifest);
    }

    /** Maps every game's columns, checking what {@link #prepare} planned, and records the verdicts. */
    private void finish() throws IOException {
        for (Manifest.Game g : manifest.games()) {
            openGame(g);
        }
        saveVerdicts();
    }

    /**
     * Opens a sharded store: each shard is a store folder of its own (manifest, checksums, verdicts); a game's
     * rows are the concatenation of its rows in every shard, in the order the store manifest lists the shards.
     */
    private void openShards(ShardManifest m) throws IOException {
        Path mf = dir.resolve(Manifest.FILE);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (ShardManifest.Shard sh : m.shards()) {
            if (sh == null || sh.dir() == null || sh.manifestCrc32c() == null) {
                throw new StoreFormatException(mf + ": shard entry " + sh + " needs a dir and a manifestCrc32c");
            }
            Path folder = dir.resolve(sh.dir()).normalize();
            if (!folder.startsWith(dir.normalize()) || folder.equals(dir.normalize())) {
                throw new StoreFormatException(mf + ": shard dir '" + sh.dir() + "' is not a folder inside the store");
            }
            if (!seen.add(folder.toString())) {
                throw new StoreFormatException(mf + ": shard " + sh.dir() + " is listed twice");
            }
            if (!Files.isDirectory(folder)) {
                throw new StoreFormatException(folder + ": missing (listed as a shard in " + mf + ")");
            }
            byte[] bytes = Manifest.readBytes(folder);
            String crc = Verdicts.crc(bytes);
            if (!crc.equals(sh.manifestCrc32c())) {
                throw new StoreFormatException(folder.resolve(Manifest.FILE) + ": CRC32C is " + crc + "; the store"
                        + " manifest " + mf + " says " + sh.manifestCrc32c() + " (shard replaced or edited)");
            }
            if (ShardManifest.isSharded(bytes)) {
                throw new StoreFormatException(folder.resolve(Manifest.FILE) + ": a shard must be a plain store;"
                        + " this one is sharded itself");
            }
            DiskTransitionStore shard = new DiskTransitionStore(folder, verification, tally, sh.dir() + "/");
            shards.add(shard);
            shard.prepare(bytes);
        }
        Map<String, List<GameRecords>> parts = new LinkedHashMap<>();
        for (DiskTransitionStore shard : shards) {
            shard.finish();
            for (GameMetadata g : shard.games()) {
                GameRecords r = shard.records(g.name());
                List<GameRecords> list = parts.computeIfAbsent(g.name(), k -> new ArrayList<>());
                if (!list.isEmpty() && !list.get(0).metadata().equals(g)) {
                    throw new StoreFormatException(shard.dir.resolve(Manifest.FILE) + ": game " + g.name() + " is " + g
                            + "; an earlier shard has " + list.get(0).metadata() + " (every shard must agree)");
                }
                list.add(r);
                GameOrigin o = shard.origins.get(g.name());
                GameOrigin had = origins.get(g.name());
                if (list.size() > 1 && !Objects.equals(o, had)) {
                    throw new StoreFormatException(shard.dir.resolve(Manifest.FILE) + ": game " + g.name()
                            + " has origin " + o + "; an earlier shard has " + had + " (every shard must agree)");
                }
                if (o != null) {
                    origins.put(g.name(), o);
                }
            }
        }
        parts.forEach((name, list) -> games.put(name, list.size() == 1 ? list.get(0) : new ConcatGameRecords(list)));
    }

    /**
     * Fingerprints every listed file that exists and returns the bytes the open will check (whole files, headers
     * included): files without a standing verdict (all with {@link Verification#FULL}); with
     * {@link Verification#VALUES_ONLY}, only their small columns.
     */
    private long plan(Manifest m) throws IOException {
        long sum = 0;
        for (Manifest.Game g : m.games()) {
            if (g == null || g.files() == null || g.dir() == null) {
                continue;
            }
            for (Manifest.FileEntry fe : g.files()) {
                if (fe == null || fe.name() == null) {
                    continue;
                }
                String rel = g.dir() + "/" + fe.name();
                Path f = dir.resolve(rel).normalize();
                if (!f.startsWith(dir.normalize())) {
                    continue; // reported when the game is opened
                }
                if (!Files.isRegularFile(f)) {
                    continue; // reported when the game is opened
                }
                Verdicts.Fingerprint fp = Verdicts.stat(f);
                before.put(rel, fp);
                if (fp.settled()) {
                    settledBefore.add(rel);
                }
                if (!trusted(rel, fe, fp)
                        && (verification != Verification.VALUES_ONLY || !StoreFiles.FRAMES.equals(fe.name()))) {
                    sum += Math.max(0, fe.bytes());
                }
            }
        }
        return sum;
    }

    private boolean trusted(String rel, Manifest.FileEntry fe, Verdicts.Fingerprint fp) {
        return verification != Verification.FULL && fe.crc32c() != null && verdicts.trusted(rel, fe.crc32c(), fp);
    }

    /** Writes the sidecar if verdicts changed; a folder that cannot take it costs a warning, not the open. */
    private void saveVerdicts() {
        if (verification == Verification.VALUES_ONLY || !verdicts.changed()) {
            return;
        }
        try {
            verdicts.save(dir);
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: cannot record which files were verified ({}); the store was verified in memory, and the"
                    + " next open verifies its files again", dir.resolve(Verdicts.FILE), e.toString());
        }
    }

    /** {@return bytes this open read to verify checksums and values (0 when every file had a standing verdict)} */
    public long checkedBytes() {
        long sum = doneBytes;
        for (DiskTransitionStore shard : shards) {
            sum += shard.checkedBytes();
        }
        return sum;
    }

    /** {@return the shard folders of a sharded store, in the order their rows are concatenated; empty otherwise} */
    public List<Path> shardDirectories() {
        return shards.stream().map(DiskTransitionStore::directory).toList();
    }

    private void openGame(Manifest.Game g) throws IOException {
        Path mf = dir.resolve(Manifest.FILE);
        GameMetadata meta;
        try {
            meta = new GameMetadata(g.name(), g.numActions(), g.frameShape(), g.observationScale());
        } catch (RuntimeException e) {
            throw new StoreFormatException(mf + ": game entry is invalid: " + e.getMessage(), e);
        }
        if (g.records() < 0 || g.dir() == null || g.files() == null || g.files().size() != 4) {
            throw new StoreFormatException(mf + ": game " + g.name() + " needs records >= 0, a dir and 4 files; got "
                    + g.records() + ", " + g.dir() + ", " + g.files());
        }
        if (games.containsKey(meta.name())) {
            throw new StoreFormatException(mf + ": game " + g.name()
                    + " is listed twice; a store holds each game once");
        }
        Path folder = dir.resolve(g.dir()).normalize();
        if (!folder.startsWith(dir.normalize())) {
            throw new StoreFormatException(mf + ": game " + g.name() + " dir '" + g.dir() + "' leaves the store");
        }
        int[] fs = meta.frameShapeArray();
        Map<String, MappedColumn> cols = new LinkedHashMap<>();
        for (Manifest.FileEntry fe : g.files()) {
            Path f = folder.resolve(fe.name());
            long[] rowShape;
            NpyDtype type;
            switch (fe.name()) {
                case StoreFiles.FRAMES -> {
                    type = NpyDtype.U1;
                    rowShape = new long[] {fs[0], fs[1], fs[2]};
                }
                case StoreFiles.ACTIONS -> {
                    type = NpyDtype.I4;
                    rowShape = new long[0];
                }
                case StoreFiles.REWARDS -> {
                    type = NpyDtype.F4;
                    rowShape = new long[0];
                }
                case StoreFiles.FLAGS -> {
                    type = NpyDtype.U1;
                    rowShape = new long[0];
                }
                default -> throw new StoreFormatException(mf + ": game " + g.name() + " lists unknown file '"
                        + fe.name() + "'");
            }
            if (cols.containsKey(fe.name())) {
                throw new StoreFormatException(mf + ": game " + g.name() + " lists '" + fe.name() + "' twice");
            }
            cols.put(fe.name(), mapColumn(g.dir() + "/" + fe.name(), f, fe, type, rowShape, g.records(),
                    ValueCheck.forColumn(fe.name(), f, g.name(), g.numActions())));
        }
        if (cols.size() != 4) {
            throw new StoreFormatException(mf + ": game " + g.name() + " must list frames, actions, rewards and flags;"
                    + " got " + cols.keySet());
        }
        games.put(meta.name(), new MappedGameRecords(meta, g.records(), cols.get(StoreFiles.FRAMES),
                cols.get(StoreFiles.ACTIONS), cols.get(StoreFiles.REWARDS), cols.get(StoreFiles.FLAGS)));
        if (g.origin() != null) {
            origins.put(meta.name(), g.origin());
        }
    }

    private MappedColumn mapColumn(String rel, Path f, Manifest.FileEntry fe, NpyDtype type, long[] rowShape,
                                   long rows, ValueCheck values) throws IOException {
        if (!Files.isRegularFile(f)) {
            throw new StoreFormatException(f + ": missing (listed in the manifest)");
        }
        FileChannel ch = FileChannel.open(f, StandardOpenOption.READ);
        channels.add(ch);
        if (ch.size() != fe.bytes()) {
            throw new StoreFormatException(f + ": size is " + ch.size() + " bytes; the manifest says " + fe.bytes()
                    + " (file truncated or modified)");
        }
        NpyHeader h = NpyHeaderParser.read(java.nio.channels.Channels.newInputStream(ch.position(0)), f.toString());
        long[] want = new long[rowShape.length + 1];
        want[0] = rows;
        System.arraycopy(rowShape, 0, want, 1, rowShape.length);
        if (h.dtype() != type || !Arrays.equals(h.shape(), want)
                || (type.itemSize() > 1 && h.order() != java.nio.ByteOrder.LITTLE_ENDIAN)) {
            throw new StoreFormatException(f + ": header is " + h + "; expected <" + type.code() + " with shape "
                    + Arrays.toString(want));
        }
        if (h.dataOffset() + h.dataBytes() != ch.size()) {
            throw new StoreFormatException(f + ": has " + (ch.size() - h.dataOffset()) + " data bytes; shape "
                    + Arrays.toString(want) + " needs " + h.dataBytes());
        }
        int elementBytes = Math.toIntExact(type.itemSize() * Arrays.stream(rowShape).reduce(1, (a, b) -> a * b));
        MappedColumn col = new MappedColumn(f, ch, h.dataOffset(), rows, elementBytes,
                !StoreFiles.FRAMES.equals(fe.name()));
        columns.add(col);
        Verdicts.Fingerprint fp = before.get(rel);
        if (fp != null && trusted(rel, fe, fp)) {
            return col;
        }
        boolean verify = verification != Verification.VALUES_ONLY;
        if (verify || values != null) {
            doneBytes += h.dataOffset(); // the header was read and checked above; progress counts whole files
            tally.done += h.dataOffset();
            scan(f, fe, col, verify, values);
        }
        if (verify && fp != null) {
            verdicts.record(rel, fe.crc32c(), fp, settledBefore.contains(rel), Verdicts.stat(f));
        }
        return col;
    }

    /**
     * One pass over a column's data: the CRC32C (with {@code verify}) and the values (with a check), slice by
     * slice so each slice is checked while it is cached. A checksum mismatch is reported first (the file was
     * damaged; its values say nothing more), then the first bad value.
     */
    private void scan(Path f, Manifest.FileEntry fe, MappedColumn col, boolean verify, ValueCheck values)
            throws IOException {
        String name = prefix + f.getParent().getFileName() + "/" + f.getFileName();
        CRC32C crc = verify ? new CRC32C() : null;
        // read, not mapped: a scan through a mapping would leave the whole file in the resident set
        ByteBuffer buf = ByteBuffer.allocateDirect(Math.max(SLICE_BYTES, col.elementBytes()))
                .order(ByteOrder.LITTLE_ENDIAN);
        long total = col.dataBytes();
        for (long pos = 0; pos < total; ) {
            ByteBuffer slice = col.readData(pos, buf);
            int n = slice.limit();
            if (crc != null) {
                crc.update(slice.duplicate());
            }
            if (values != null && values.problem == null) {
                values.scan(slice);
            }
            pos += n;
            doneBytes += n;
            tally.done += n;
            tally.progress.update(tally.done, tally.total, name);
        }
        if (total == 0) {
            tally.progress.update(tally.done, tally.total, name); // a file of 0 rows: its header still counts
        }
        if (values != null) {
            values.finish();
        }
        if (crc != null) {
            String got = String.format("%08x", crc.getValue());
            if (!got.equals(fe.crc32c())) {
                throw new StoreFormatException(f + ": data checksum (CRC32C) is " + got + "; the manifest says "
                        + fe.crc32c() + " (file corrupted or modified)");
            }
        }
        if (values != null && values.problem != null) {
            throw new StoreFormatException(values.problem);
        }
    }

    @Override
    public List<GameMetadata> games() {
        return games.values().stream().map(GameRecords::metadata).toList();
    }

    @Override
    public GameRecords records(String game) {
        GameRecords r = games.get(game);
        if (r == null) {
            throw new NoSuchElementException("store " + dir + " has no game '" + game + "'; it has " + games.keySet());
        }
        return r;
    }

    /** The game's origin from the manifest; empty for stores written before origins were recorded. */
    @Override
    public Optional<GameOrigin> origin(String game) {
        records(game);
        return Optional.ofNullable(origins.get(game));
    }

    /** {@return the store's folder} */
    public Path directory() {
        return dir;
    }

    @Override
    public void close() throws IOException {
        for (MappedColumn c : columns) {
            c.close();
        }
        columns.clear();
        for (FileChannel c : channels) {
            c.close();
        }
        channels.clear();
        for (DiskTransitionStore shard : shards) {
            shard.close();
        }
    }

    /**
     * One game's rows across shards: the concatenation of its rows in each shard, in shard order. Each shard's
     * rows start an episode on their first row and end one on their last, so the concatenation is a valid column
     * of its own, and a sampler's global row index over it does not depend on how the rows were split.
     */
    private static final class ConcatGameRecords implements GameRecords {
        private final GameMetadata metadata;
        private final GameRecords[] parts;
        private final long[] starts;
        private final long size;

        ConcatGameRecords(List<GameRecords> all) {
            List<GameRecords> nonEmpty = all.stream().filter(r -> r.size() > 0).toList();
            metadata = all.get(0).metadata();
            parts = nonEmpty.toArray(new GameRecords[0]);
            starts = new long[parts.length];
            long n = 0;
            for (int i = 0; i < parts.length; i++) {
                starts[i] = n;
                n += parts[i].size();
            }
            size = n;
        }

        private int part(long row) {
            if (row < 0 || row >= size) {
                throw new IndexOutOfBoundsException("row " + row + " of game " + metadata.name() + " with " + size
                        + " rows");
            }
            int i = Arrays.binarySearch(starts, row);
            return i >= 0 ? i : -i - 2;
        }

        @Override
        public GameMetadata metadata() {
            return metadata;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public int action(long row) {
            int p = part(row);
            return parts[p].action(row - starts[p]);
        }

        @Override
        public float reward(long row) {
            int p = part(row);
            return parts[p].reward(row - starts[p]);
        }

        @Override
        public boolean terminal(long row) {
            int p = part(row);
            return parts[p].terminal(row - starts[p]);
        }

        @Override
        public boolean truncated(long row) {
            int p = part(row);
            return parts[p].truncated(row - starts[p]);
        }

        @Override
        public boolean episodeStart(long row) {
            int p = part(row);
            return parts[p].episodeStart(row - starts[p]);
        }

        @Override
        public void readFrame(long row, byte[] dst, int offset) {
            int p = part(row);
            parts[p].readFrame(row - starts[p], dst, offset);
        }

        @Override
        public void readFrame(long row, ByteBuffer dst, int index) {
            int p = part(row);
            parts[p].readFrame(row - starts[p], dst, index);
        }

        @Override
        public void readFrames(long row, int count, ByteBuffer dst, int index) {
            int fb = metadata.frameBytes();
            int done = 0;
            while (done < count) {
                int p = part(row + done);
                long local = row + done - starts[p];
                int n = (int) Math.min(count - done, parts[p].size() - local);
                parts[p].readFrames(local, n, dst, index + done * fb);
                done += n;
            }
        }
    }

    /** Rows of one game backed by mapped columns. */
    private record MappedGameRecords(GameMetadata metadata, long size, MappedColumn frames, MappedColumn actions,
                                     MappedColumn rewards, MappedColumn flags) implements GameRecords {
        @Override
        public int action(long row) {
            return actions.getInt(check(row));
        }

        @Override
        public float reward(long row) {
            return rewards.getFloat(check(row));
        }

        @Override
        public boolean terminal(long row) {
            return (flags.getByte(check(row)) & RowFlags.TERMINAL) != 0;
        }

        @Override
        public boolean truncated(long row) {
            return (flags.getByte(check(row)) & RowFlags.TRUNCATED) != 0;
        }

        @Override
        public boolean episodeStart(long row) {
            return (flags.getByte(check(row)) & RowFlags.EPISODE_START) != 0;
        }

        @Override
        public void readFrame(long row, byte[] dst, int offset) {
            frames.get(check(row), dst, offset);
        }

        @Override
        public void readFrame(long row, ByteBuffer dst, int index) {
            frames.get(check(row), dst, index);
        }

        @Override
        public void readFrames(long row, int count, ByteBuffer dst, int index) {
            if (count > 0) {
                check(row + count - 1);
                frames.get(check(row), count, dst, index);
            }
        }

        private long check(long row) {
            if (row < 0 || row >= size) {
                throw new IndexOutOfBoundsException("row " + row + " of game " + metadata.name() + " with " + size + " rows");
            }
            return row;
        }
    }
}
