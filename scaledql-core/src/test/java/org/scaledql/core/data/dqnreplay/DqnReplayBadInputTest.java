package org.scaledql.core.data.dqnreplay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scaledql.core.data.LoggedData;
import org.scaledql.core.data.npy.NpyDtype;
import org.scaledql.core.data.npy.NpyHeader;
import org.scaledql.core.data.npy.NpyWriter;
import org.scaledql.core.data.store.TransitionStores;

/** Every kind of broken input fails with the file named, and leaves no store behind. */
class DqnReplayBadInputTest {

    @TempDir
    Path tmp;

    private Path fixture() throws IOException {
        Path root = tmp.resolve("in");
        List<LoggedData.Row> rows = DqnReplayRoundTripTest.asLogged(
                LoggedData.episodes(new SplittableRandom(3), 12, 10, 6, 5));
        return DqnReplayRoundTripTest.write(root, "Game", 30, rows);
    }

    private Path logs(Path root) {
        return DqnReplayFiles.logs(root, "Game", 1);
    }

    /** Runs an import to a disk store and checks it fails with a message containing {@code parts}. */
    private void assertFails(Path root, DqnReplayImportConfig cfg, String... parts) throws IOException {
        Path out = tmp.resolve("store");
        var t = assertThatThrownBy(() -> DqnReplayImporter.run(cfg, TransitionStores.writer(out), null));
        for (String p : parts) {
            t.hasMessageContaining(p);
        }
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).as("no partial store").containsOnly("in");
        }
    }

    private DqnReplayImportConfig cfg(Path root) {
        return DqnReplayImportConfig.all(root).withNumActions(Map.of("Game", 5));
    }

    private void rewrite(Path f, NpyHeader h, Consumer<NpyWriter> body) throws IOException {
        Files.delete(f);
        try (NpyWriter w = NpyWriter.create(f, h, true)) {
            body.accept(w);
        }
    }

    @Test
    void truncatedGzip() throws IOException {
        Path root = fixture();
        Path f = logs(root).resolve(DqnReplayFiles.observation(1));
        byte[] b = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(b, b.length / 2));
        assertFails(root, cfg(root), f.toString(), "truncated");
    }

    @Test
    void badMagic() throws IOException {
        Path root = fixture();
        Path f = logs(root).resolve(DqnReplayFiles.reward(0));
        Files.writeString(f, "this is not numpy data at all");
        assertFails(root, cfg(root), f.toString(), "magic");
    }

    @Test
    void malformedHeader() throws IOException {
        Path root = fixture();
        Path f = logs(root).resolve(DqnReplayFiles.action(0));
        byte[] h = new NpyHeader(1, NpyDtype.I4, java.nio.ByteOrder.LITTLE_ENDIAN, new long[] {30}, -1).encode(0);
        String s = new String(h, java.nio.charset.StandardCharsets.ISO_8859_1).replace("'shape': (30,)", "'shape': [30] ");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(f))) {
            out.write(s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            out.write(new byte[120]);
        }
        assertFails(root, cfg(root), f.toString(), "malformed header");
    }

    @Test
    void wrongDtype() throws IOException {
        Path root = fixture();
        Path f = logs(root).resolve(DqnReplayFiles.action(1));
        rewrite(f, NpyHeader.of(NpyDtype.F4, 30), w -> {
            try {
                w.writeFloats(new float[30], 0, 30);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertFails(root, cfg(root), f.toString(), "expected int32");
    }

    @Test
    void mismatchedLengths() throws IOException {
        Path root = fixture();
        Path f = logs(root).resolve(DqnReplayFiles.terminal(0));
        rewrite(f, NpyHeader.of(NpyDtype.U1, 29), w -> {
            try {
                w.writeBytes(new byte[29], 0, 29);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertFails(root, cfg(root), f.toString(), "29 rows", "same length");
    }

    @Test
    void actionOutsideTheActionSet() throws IOException {
        Path root = fixture();
        assertFails(root, cfg(root).withNumActions(Map.of("Game", 2)), DqnReplayFiles.action(0), "expected [0, 2)");
    }

    @Test
    void nonFiniteReward() throws IOException {
        Path root = fixture();
        Path f = logs(root).resolve(DqnReplayFiles.reward(0));
        float[] r = new float[30];
        r[10] = Float.NaN;
        rewrite(f, NpyHeader.of(NpyDtype.F4, 30), w -> {
            try {
                w.writeFloats(r, 0, 30);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertFails(root, cfg(root), f.toString(), "NaN", "finite");
    }

    @Test
    void checkpointWithMissingFile() throws IOException {
        Path root = fixture();
        Path f = logs(root).resolve(DqnReplayFiles.invalidRange(1));
        Files.delete(f);
        assertFails(root, cfg(root), f.toString(), "missing");
    }

    @Test
    void missingGameFolder() throws IOException {
        Path root = fixture();
        assertFails(root, cfg(root).withGames(List.of("Game", "Pong")), root.resolve("Pong").toString(), "game folder");
    }

    @Test
    void unknownGameNeedsAnActionCount() throws IOException {
        Path root = fixture();
        assertFails(root, DqnReplayImportConfig.all(root), "Game", "--num-actions");
    }

    @Test
    void badCheckpointSelection() {
        assertThatThrownBy(() -> DqnReplayImportConfig.parseCheckpoints("0-x")).hasMessageContaining("'0-x'");
        assertThat(DqnReplayImportConfig.parseCheckpoints("0-2,5")).containsExactly(0, 1, 2, 5);
    }
}
