package org.scaledql.core.data.store;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scaledql.api.data.GameMetadata;
import org.scaledql.core.data.npy.NpyDtype;
import org.scaledql.core.io.OwnedTempDirectory;

/**
 * Writes an on-disk transition store (format in {@code docs/data.md}). Everything goes into a hidden
 * temporary folder next to the target, which is renamed to the target when {@link #close()} succeeds; a
 * failure or {@link #abort()} deletes the temporary folder, so no partial store is ever visible. A writer that was
 * killed leaves its folder behind; the next writer into the same target removes it ({@link OwnedTempDirectory}).
 */
public final class DiskStoreWriter extends AbstractStoreWriter {

    private final Path target;
    private final OwnedTempDirectory owned;
    private final Path temp;
    private int nextGame;
    private final List<DiskGame> opened = new ArrayList<>();

    private DiskStoreWriter(Path target, OwnedTempDirectory owned) {
        this.target = target;
        this.owned = owned;
        this.temp = owned.path();
    }

    /**
     * Starts a store at {@code storeDir}, which must not exist yet.
     *
     * @param storeDir where the store will appear
     * @return the writer
     * @throws FileAlreadyExistsException if {@code storeDir} exists
     */
    public static DiskStoreWriter create(Path storeDir) throws IOException {
        Path target = storeDir.toAbsolutePath().normalize();
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString(), null,
                    "a store or file is already there; choose a new output folder or delete it");
        }
        Path parent = target.getParent();
        Files.createDirectories(parent);
        // A killed writer's leftovers for the same target are removed here (OwnedTempDirectory).
        return new DiskStoreWriter(target, OwnedTempDirectory.create(parent, "." + target.getFileName() + ".tmp-"));
    }

    private static final class DiskGame extends GameState {
        final String dir;
        final ColumnWriter frames;
        final ColumnWriter actions;
        final ColumnWriter rewards;
        final ColumnWriter flags;

        DiskGame(GameMetadata meta, String dir, Path folder) throws IOException {
            super(meta);
            this.dir = dir;
            Files.createDirectories(folder);
            int[] s = meta.frameShapeArray();
            frames = new ColumnWriter(folder.resolve(StoreFiles.FRAMES), NpyDtype.U1, s[0], s[1], s[2]);
            actions = new ColumnWriter(folder.resolve(StoreFiles.ACTIONS), NpyDtype.I4);
            rewards = new ColumnWriter(folder.resolve(StoreFiles.REWARDS), NpyDtype.F4);
            flags = new ColumnWriter(folder.resolve(StoreFiles.FLAGS), NpyDtype.U1);
        }

        List<ColumnWriter> columns() {
            return List.of(frames, actions, rewards, flags);
        }
    }

    @Override
    GameState openGame(GameMetadata meta) throws IOException {
        String dir = String.format("game-%03d", nextGame++);
        DiskGame g = new DiskGame(meta, dir, temp.resolve(dir));
        opened.add(g);
        return g;
    }

    @Override
    void writeRow(GameState g, byte[] frame, int action, float reward) throws IOException {
        DiskGame d = (DiskGame) g;
        d.frames.putBytes(frame);
        d.actions.putInt(action);
        d.rewards.putFloat(reward);
    }

    @Override
    void writeFlags(GameState g, int flags) throws IOException {
        ((DiskGame) g).flags.putByte(flags);
    }

    @Override
    void publish(Map<String, GameState> games) throws IOException {
        List<Manifest.Game> entries = new ArrayList<>();
        Map<String, Manifest.FileEntry> written = new LinkedHashMap<>();
        for (GameState g : games.values()) {
            DiskGame d = (DiskGame) g;
            List<Manifest.FileEntry> files = new ArrayList<>();
            for (ColumnWriter c : d.columns()) {
                Manifest.FileEntry fe = c.finish(d.rows);
                files.add(fe);
                written.put(d.dir + "/" + fe.name(), fe);
            }
            entries.add(new Manifest.Game(d.meta.name(), d.meta.numActions(), d.meta.frameShape(),
                    d.meta.observationScale(), d.rows, d.dir, files, d.origin));
        }
        byte[] manifest = Manifest.JSON.writeValueAsBytes(new Manifest(Manifest.FORMAT, Manifest.VERSION, entries));
        Files.write(temp.resolve(Manifest.FILE), manifest);
        recordVerdicts(written, manifest);
        checkArgument(!Files.exists(target), "%s appeared while the store was written; not overwriting it", target);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        owned.close();
    }

    /**
     * Records every column as verified: the writer computed each CRC32C from the bytes it wrote and refused bad
     * values on {@code append}, so the first open need not read the store again. Waits until the files' times
     * are settled (at most {@link Verdicts#SETTLE_NANOS}), so a later write to a file cannot keep its fingerprint.
     */
    private void recordVerdicts(Map<String, Manifest.FileEntry> written, byte[] manifest) throws IOException {
        long wait = 0;
        for (String rel : written.keySet()) {
            wait = Math.max(wait, Verdicts.stat(temp.resolve(rel)).nanosUntilSettled());
        }
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return; // no verdicts: the first open verifies the store
            }
        }
        Verdicts v = Verdicts.empty(manifest);
        for (Map.Entry<String, Manifest.FileEntry> e : written.entrySet()) {
            Verdicts.Fingerprint fp = Verdicts.stat(temp.resolve(e.getKey()));
            v.record(e.getKey(), e.getValue().crc32c(), fp, fp.settled(), fp);
        }
        v.save(temp);
    }

    @Override
    void discard() throws IOException {
        for (DiskGame g : opened) {
            g.columns().forEach(ColumnWriter::closeQuietly);
        }
        try {
            OwnedTempDirectory.deleteTree(temp);
        } finally {
            owned.close();
        }
    }

    /** {@return where the store appears on close} */
    public Path target() {
        return target;
    }
}
