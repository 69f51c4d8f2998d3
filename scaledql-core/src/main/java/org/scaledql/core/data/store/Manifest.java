package org.scaledql.core.data.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code manifest.json} of a store: format tag, and per game its metadata, row count, folder and files
 * with their data checksums. Written last, so a store without a manifest was never completed.
 */
record Manifest(String format, int version, List<Game> games) {

    static final String FORMAT = "scaledql-transition-store";
    static final int VERSION = 1;
    static final String FILE = "manifest.json";
    // Strict: bytes after the manifest's JSON object, or a key given twice, mean the file was damaged or edited.
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /**
     * One game's entry. {@code origin} is absent (null) in stores written before origins were recorded and in
     * stores of data with no known environment; it is left out of the file when null, so such manifests read as
     * before.
     */
    record Game(String name, int numActions, List<Integer> frameShape, float observationScale, long records,
                String dir, List<FileEntry> files,
                @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                org.scaledql.api.data.GameOrigin origin) {
    }

    /**
     * One column file.
     *
     * @param name   file name inside the game's folder
     * @param bytes  total file size
     * @param crc32c CRC32C of the data bytes after the {@code .npy} header, as 8 hex digits
     */
    record FileEntry(String name, long bytes, String crc32c) {
    }

    /** {@return the bytes of the manifest of {@code storeDir}} */
    static byte[] readBytes(Path storeDir) throws IOException {
        Path f = storeDir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            throw new StoreFormatException(f + ": missing; " + storeDir + " is not a complete transition store"
                    + " (a store is published only when its writer closes)");
        }
        return Files.readAllBytes(f);
    }

    static Manifest read(Path storeDir) throws IOException {
        return parse(storeDir, readBytes(storeDir));
    }

    /** Parses and checks the format of manifest bytes read from {@code storeDir}. */
    static Manifest parse(Path storeDir, byte[] bytes) throws IOException {
        Path f = storeDir.resolve(FILE);
        Manifest m;
        try {
            m = JSON.readValue(bytes, Manifest.class);
        } catch (IOException e) {
            throw new StoreFormatException(f + ": not a valid store manifest: " + e.getMessage(), e);
        }
        if (m == null || !FORMAT.equals(m.format()) || m.version() != VERSION) {
            throw new StoreFormatException(f + ": format '" + (m == null ? null : m.format()) + "' version "
                    + (m == null ? null : m.version()) + "; expected '" + FORMAT + "' version " + VERSION);
        }
        if (m.games() == null) {
            throw new StoreFormatException(f + ": field 'games' is missing; expected a list of games");
        }
        return m;
    }
}
