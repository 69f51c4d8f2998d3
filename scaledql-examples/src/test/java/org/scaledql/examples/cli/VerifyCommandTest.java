package org.scaledql.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scaledql.examples.cli.CliResult.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scaledql.core.data.npy.NpyHeader;
import org.scaledql.core.data.npy.NpyHeaderParser;
import org.scaledql.core.data.store.DiskStoreWriter;
import org.scaledql.core.data.store.TransitionStores;

/**
 * {@code verify} (and {@code inspect}) on a valid store and on one whose action was edited with the manifest's
 * checksum recomputed, as a numpy rewrite would leave it: only the value checks can tell.
 */
class VerifyCommandTest {

    @TempDir
    Path tmp;


    /** Two games: G (4 actions, 10 rows, episodes of 5) and H (2 actions, 3 rows). */
    private Path store() throws Exception {
        Path s = tmp.resolve("store");
        try (DiskStoreWriter w = TransitionStores.writer(s)) {
            w.declareGame("G", 4, new int[] {1, 2, 2}, 1f);
            w.declareGame("H", 2, new int[] {1, 1, 1}, 1f);
            for (int i = 0; i < 10; i++) {
                w.append("G", new byte[] {1, 2, 3, (byte) i}, i % 4, i % 3 - 1, i % 5 == 4);
            }
            for (int i = 0; i < 3; i++) {
                w.append("H", new byte[] {(byte) i}, i % 2, 0.5f, false);
            }
        }
        return s;
    }

    /** Writes {@code value} over row {@code row} of G's actions and recomputes that file's CRC32C in the manifest. */
    private static Path editAction(Path store, int row, int value) throws Exception {
        Path f = store.resolve("game-000").resolve("actions.npy");
        long off;
        try (InputStream in = Files.newInputStream(f)) {
            NpyHeader h = NpyHeaderParser.read(in, f.toString());
            off = h.dataOffset();
        }
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, value), off + 4L * row);
        }
        byte[] all = Files.readAllBytes(f);
        CRC32C crc = new CRC32C();
        crc.update(all, (int) off, all.length - (int) off);
        ObjectMapper om = new ObjectMapper();
        Path mf = store.resolve("manifest.json");
        JsonNode m = om.readTree(mf.toFile());
        for (JsonNode fe : m.get("games").get(0).get("files")) {
            if (fe.get("name").asText().equals("actions.npy")) {
                ((ObjectNode) fe).put("crc32c", String.format("%08x", crc.getValue()));
            }
        }
        om.writeValue(mf.toFile(), m);
        return f;
    }

    @Test
    void validStorePrintsOneJsonDocument() throws Exception {
        Path s = store();
        CliResult r = run("verify", s.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().strip()).doesNotContain("\n");
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("ok").asBoolean()).isTrue();
        assertThat(j.get("games").asInt()).isEqualTo(2);
        assertThat(j.get("rows").asLong()).isEqualTo(13);
        assertThat(j.get("bytes").asLong()).isPositive();
        assertThat(j.get("store").asText()).isEqualTo(s.toAbsolutePath().toString());
        assertThat(r.err()).contains("100.0%");

        CliResult plain = run("verify", s.toString());
        assertThat(plain.code()).as(plain.err()).isZero();
        assertThat(plain.out()).startsWith(s + ": ok, 2 games, 13 rows").endsWith("\n");
        assertThat(plain.out().strip()).doesNotContain("\n");
    }

    @Test
    void editedActionFailsVerifyAndInspectNamingFileAndRow() throws Exception {
        Path s = store();
        Path f = editAction(s, 7, 9);
        String reason = f + ": row 7: action 9 is outside [0, 4) (game G has 4 actions)";

        CliResult r = run("verify", s.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        String[] lines = r.err().strip().split("\n");
        assertThat(lines[lines.length - 1]).isEqualTo("scaledql: " + reason);
        assertThat(r.err()).containsOnlyOnce("scaledql: ");

        CliResult j = run("verify", s.toString(), "--json");
        assertThat(j.code()).isEqualTo(1);
        JsonNode doc = new ObjectMapper().readTree(j.out());
        assertThat(doc.get("ok").asBoolean()).isFalse();
        assertThat(doc.get("error").asText()).isEqualTo(reason);

        for (String[] args : new String[][] {{"inspect", s.toString()}, {"inspect", s.toString(), "--no-verify"}}) {
            CliResult i = run(args);
            assertThat(i.code()).as(String.join(" ", args)).isEqualTo(1);
            assertThat(i.err()).as(String.join(" ", args)).contains(reason);
        }
    }

    /**
     * The same rows as {@link #store()} in two shards (G's two episodes apart, H in the second): {@code inspect
     * --episodes --json} reports exactly what it reports for the plain store, and {@code verify} checks every shard.
     */
    @Test
    void shardedStoreInspectsAndVerifiesLikeThePlainStore() throws Exception {
        Path plain = store();
        Path sharded = tmp.resolve("sharded");
        for (int shard = 0; shard < 2; shard++) {
            try (DiskStoreWriter w = TransitionStores.writer(sharded.resolve("shard-" + shard))) {
                w.declareGame("G", 4, new int[] {1, 2, 2}, 1f);
                for (int i = 5 * shard; i < 5 * shard + 5; i++) {
                    w.append("G", new byte[] {1, 2, 3, (byte) i}, i % 4, i % 3 - 1, i % 5 == 4);
                }
                if (shard == 1) {
                    w.declareGame("H", 2, new int[] {1, 1, 1}, 1f);
                    for (int i = 0; i < 3; i++) {
                        w.append("H", new byte[] {(byte) i}, i % 2, 0.5f, false);
                    }
                }
            }
        }
        TransitionStores.publishShards(sharded, java.util.List.of("shard-0", "shard-1"));
        ObjectMapper om = new ObjectMapper();
        CliResult a = run("inspect", plain.toString(), "--episodes", "--json");
        CliResult b = run("inspect", sharded.toString(), "--episodes", "--json");
        assertThat(b.code()).as(b.err()).isZero();
        assertThat(om.readTree(b.out()).get("games")).isEqualTo(om.readTree(a.out()).get("games"));
        CliResult v = run("verify", sharded.toString(), "--json");
        assertThat(v.code()).as(v.err()).isZero();
        JsonNode j = om.readTree(v.out());
        assertThat(j.get("games").asInt()).isEqualTo(2);
        assertThat(j.get("rows").asLong()).isEqualTo(13);
    }

    @Test
    void missingStoreFails() {
        CliResult r = run("verify", tmp.resolve("nope").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("nope").contains("no such store folder");
    }
}
