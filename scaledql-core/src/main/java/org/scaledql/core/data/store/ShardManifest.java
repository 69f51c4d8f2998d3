package org.scaledql.core.data.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.scaledql.core.io.AtomicFiles;

/**
 * The {@code manifest.json} of a sharded store: the shard folders in the order their rows are concatenated,
 * each with the CRC32C of its own manifest, so a replaced or edited shard is refused. Each shard is a plain
 * store folder (its own manifest, checksums and verdicts). Written last, atomically, once every shard is
 * complete: a folder without it is not a store.
 *
 * @param format  {@value #FORMAT}
 * @param version {@value #VERSION}
 * @param shards  the shards in order
 */
record ShardManifest(String format, int version, List<Shard> shards) {

    static final String FORMAT = "scaledql-sharded-store";
    static final int VERSION = 1;

    /**
     * One shard.
     *
     * @param dir            the shard's folder, relative to the store
     * @param manifestCrc32c CRC32C of the shard's {@code manifest.json} bytes, as 8 hex digits
     */
    record Shard(String dir, String manifestCrc32c) {
    }

    /** {@return whether manifest bytes are a sharded store's (their {@code format} says so)} */
    static boolean isSharded(byte[] manifestBytes) {
        try {
            JsonNode n = Manifest.JSON.readTree(manifestBytes);
            return n != null && n.isObject() && FORMAT.equals(n.path("format").asText(null));
        } catch (IOException | RuntimeException notJson) {
            return false; // the plain manifest's parser reports it
        }
    }

    static ShardManifest parse(Path storeDir, byte[] bytes) throws IOException {
        Path f = storeDir.resolve(Manifest.FILE);
        ShardManifest m;
        try {
            m = Manifest.JSON.readValue(bytes, ShardManifest.class);
        } catch (IOException e) {
            throw new StoreFormatException(f + ": not a valid sharded store manifest: " + e.getMessage(), e);
        }
        if (m.version() != VERSION) {
            throw new StoreFormatException(f + ": format '" + m.format() + "' version " + m.version()
                    + "; expected version " + VERSION);
        }
        if (m.shards() == null || m.shards().isEmpty()) {
            throw new StoreFormatException(f + ": field 'shards' is " + m.shards() + "; expected a list of shard"
                    + " folders");
        }
        return m;
    }

    /**
     * Publishes a sharded store: writes its manifest, listing complete shard folders already inside
     * {@code storeDir} in the given order, atomically.
     */
    static void publish(Path storeDir, List<String> shardDirs) throws IOException {
        Objects.requireNonNull(shardDirs, "shardDirs");
        if (shardDirs.isEmpty()) {
            throw new IllegalArgumentException("a sharded store needs at least one shard; got none for " + storeDir);
        }
        Path f = storeDir.resolve(Manifest.FILE);
        if (Files.exists(f)) {
            throw new java.nio.file.FileAlreadyExistsException(f.toString(), null,
                    "the store is already published; write a new store folder");
        }
        List<Shard> shards = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String d : shardDirs) {
            Path folder = storeDir.resolve(d).normalize();
            if (!folder.startsWith(storeDir.normalize()) || folder.equals(storeDir.normalize()) || !seen.add(d)) {
                throw new IllegalArgumentException("shard '" + d + "' must be a distinct folder inside " + storeDir);
            }
            byte[] bytes = Manifest.readBytes(folder);
            Manifest.parse(folder, bytes);
            shards.add(new Shard(d, Verdicts.crc(bytes)));
        }
        byte[] json = Manifest.JSON.writeValueAsBytes(new ShardManifest(FORMAT, VERSION, shards));
        AtomicFiles.write(f, out -> out.write(json));
    }
}
