package org.scaledql.core.data.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scaledql.core.data.LoggedData;
import org.scaledql.core.data.store.DiskTransitionStore.Verification;

/**
 * Opening reads manifests and headers only: the writer records each file's verdict in {@code verified.json}, an
 * open trusts unchanged files, verifies new or changed ones before use and records them, and {@code FULL}
 * verification re-reads everything.
 */
class StoreVerdictTest {

    @TempDir
    Path tmp;

    private List<LoggedData.Row> write(Path store) throws IOException {
        List<LoggedData.Row> rows = LoggedData.episodes(new SplittableRandom(7), 6, 8, 2 * 3 * 3, 4);
        try (DiskStoreWriter w = TransitionStores.writer(store)) {
            w.declareGame("A", 4, new int[] {2, 3, 3}, 1f);
            LoggedData.write(w, "A", rows);
        }
        return rows;
    }

    private static long storeBytes(Path store) throws IOException {
        try (Stream<Path> s = Files.list(store.resolve("game-000"))) {
            return s.mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static long openChecked(Path store, Verification v) throws IOException {
        try (DiskTransitionStore d = DiskTransitionStore.open(store, v)) {
            return d.checkedBytes();
        }
    }

    @Test
    void aWrittenStoreOpensWithoutReadingItsDataAndFullVerificationReadsAll() throws IOException {
        Path s = tmp.resolve("s");
        List<LoggedData.Row> rows = write(s);
        assertThat(s.resolve(Verdicts.FILE)).isRegularFile();
        try (DiskTransitionStore d = DiskTransitionStore.open(s)) {
            assertThat(d.checkedBytes()).isZero();
            LoggedData.assertEquals(rows, d.records("A"));
        }
        assertThat(openChecked(s, Verification.VALUES_ONLY)).isZero();
        assertThat(openChecked(s, Verification.FULL)).isEqualTo(storeBytes(s));
        assertThat(openChecked(s, Verification.INCREMENTAL)).isZero();
    }

    @Test
    void aStoreWithoutVerdictsIsVerifiedOnceOnItsFirstOpen() throws IOException, InterruptedException {
        Path s = tmp.resolve("s");
        write(s);
        Files.delete(s.resolve(Verdicts.FILE)); // as stores written before verdicts existed
        assertThat(openChecked(s, Verification.VALUES_ONLY)).as("values only records nothing").isPositive();
        assertThat(s.resolve(Verdicts.FILE)).doesNotExist();
        assertThat(openChecked(s, Verification.INCREMENTAL)).isEqualTo(storeBytes(s));
        assertThat(s.resolve(Verdicts.FILE)).isRegularFile();
        assertThat(openChecked(s, Verification.INCREMENTAL)).isZero();
    }

    @Test
    void aChangedFileIsVerifiedAgainAndOnlyIt() throws IOException {
        Path s = tmp.resolve("s");
        write(s);
        Path frames = s.resolve("game-000").resolve(StoreFiles.FRAMES);
        Path actions = s.resolve("game-000").resolve(StoreFiles.ACTIONS);
        // rewrite actions.npy with identical bytes: its fingerprint moves, its content does not
        byte[] same = Files.readAllBytes(actions);
        Files.write(actions, same);
        assertThat(openChecked(s, Verification.INCREMENTAL)).isEqualTo(same.length);
        // flip one frame byte and set the modification time back: the status-change time still moves
        FileTime mtime = Files.getLastModifiedTime(frames);
        try (RandomAccessFile f = new RandomAccessFile(frames.toFile(), "rw")) {
            f.seek(f.length() - 1);
            int b = f.read();
            f.seek(f.length() - 1);
            f.write(b ^ 1);
        }
        Files.setLastModifiedTime(frames, mtime);
        assertThatThrownBy(() -> DiskTransitionStore.open(s).close()).isInstanceOf(StoreFormatException.class)
                .hasMessageContaining(frames + ": data checksum (CRC32C)");
    }

    @Test
    void aFolderThatCannotTakeTheSidecarIsVerifiedInMemoryOnEveryOpen() throws IOException {
        Path s = tmp.resolve("s");
        write(s);
        // a directory in the sidecar's place: it can be neither read nor replaced, like a read-only folder
        Files.delete(s.resolve(Verdicts.FILE));
        Files.createDirectories(s.resolve(Verdicts.FILE).resolve("blocked"));
        assertThat(openChecked(s, Verification.INCREMENTAL)).isEqualTo(storeBytes(s));
        assertThat(openChecked(s, Verification.INCREMENTAL)).isEqualTo(storeBytes(s));
    }

    @Test
    void aDamagedSidecarMeansVerifyingAgainNotFailing() throws IOException {
        Path s = tmp.resolve("s");
        List<LoggedData.Row> rows = write(s);
        Files.writeString(s.resolve(Verdicts.FILE), "{ not json");
        try (DiskTransitionStore d = DiskTransitionStore.open(s)) {
            assertThat(d.checkedBytes()).isEqualTo(storeBytes(s));
            LoggedData.assertEquals(rows, d.records("A"));
        }
        assertThat(openChecked(s, Verification.INCREMENTAL)).isZero();
    }

    @Test
    void aVerdictIsRecordedOnlyForAFileUnchangedSinceASettledFingerprint() {
        Verdicts v = Verdicts.empty(new byte[] {1, 2, 3});
        long now = System.currentTimeMillis() * 1_000_000L + 123;
        Verdicts.Fingerprint fresh = new Verdicts.Fingerprint(10, now, now, "k");
        Verdicts.Fingerprint old = new Verdicts.Fingerprint(10, now - 5_000_000_000L + 7, now - 5_000_000_000L + 7, "k");
        Verdicts.Fingerprint moved = new Verdicts.Fingerprint(10, now - 1_000_000_000L + 7, now - 1_000_000_000L + 7, "k");
        v.record("fresh", "00000000", fresh, fresh.settled(), fresh);
        v.record("moved", "00000000", old, old.settled(), moved);
        v.record("old", "00000000", old, old.settled(), old);
        v.record("late", "00000000", fresh, false, fresh);
        assertThat(fresh.settled()).isFalse();
        assertThat(old.settled()).isTrue();
        assertThat(v.trusted("fresh", "00000000", fresh)).isFalse();
        assertThat(v.trusted("late", "00000000", fresh)).as("unsettled when taken").isFalse();
        assertThat(v.trusted("moved", "00000000", moved)).isFalse();
        assertThat(v.trusted("old", "00000000", old)).isTrue();
        assertThat(v.trusted("old", "00000001", old)).as("another checksum in the manifest").isFalse();
        assertThat(v.size()).isEqualTo(1);
    }
}
