package org.scaledql.core.data.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.scaledql.core.io.AtomicFiles;

/**
 * The {@code verified.json} sidecar of a store folder: for each column file, the checksum its data had and the
 * file's fingerprint (size, modification and status-change times, file identity) when its CRC32C and values were
 * last verified, bound to the bytes of the manifest they were verified against. An open trusts a file whose
 * fingerprint and manifest entry are unchanged and verifies every other file before use, so opening costs the
 * manifest, the sidecar and the headers, whatever the store's size.
 *
 * <p><b>Racing writes.</b> File times tick coarsely (a few milliseconds), so a file modified within the same tick
 * as its verification could keep its fingerprint. A verdict is therefore recorded only for a file whose times
 * were already {@link #SETTLE_NANOS} in the past when it was fingerprinted, and only if the fingerprint taken
 * after the verification equals the one taken before: any later write gets a later time. On file systems whose
 * times have whole seconds only, the margin is 2 s. The sidecar is advisory: a missing, unreadable or damaged
 * one means every file is verified again.
 */
final class Verdicts {

    static final String FILE = "verified.json";
    static final String FORMAT = "scaledql-store-verdicts";
    static final int VERSION = 1;
    /** How long a file's times must lie in the past before its verdict can be recorded (timestamp ticks are shorter). */
    static final long SETTLE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long COARSE_SETTLE_NANOS = TimeUnit.SECONDS.toNanos(2);

    /**
     * What identifies a file's content without reading it.
     *
     * @param bytes      size
     * @param mtimeNanos last modification, nanoseconds since the epoch
     * @param ctimeNanos last status change (also moved by setting the modification time back), or -1 where the file
     *                   system does not report it
     * @param fileKey    device and inode (a copy is a new file), or null where unknown
     */
    record Fingerprint(long bytes, long mtimeNanos, long ctimeNanos,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String fileKey) {

        /** {@return whether the file's times lie far enough in the past for a verdict on it to be safe} */
        boolean settled() {
            long newest = Math.max(mtimeNanos, ctimeNanos);
            boolean coarse = mtimeNanos % 1_000_000_000L == 0 && (ctimeNanos < 0 || ctimeNanos % 1_000_000_000L == 0);
            return nowNanos() - newest > (coarse ? COARSE_SETTLE_NANOS : SETTLE_NANOS);
        }

        /** {@return nanoseconds to wait until {@link #settled()} holds, assuming fine-grained times} */
        long nanosUntilSettled() {
            return Math.max(0, Math.max(mtimeNanos, ctimeNanos) + SETTLE_NANOS + 1_000_000L - nowNanos());
        }
    }

    /**
     * One file's verdict: its CRC32C (as the manifest gives it) was verified, and its values checked, while it had
     * this fingerprint.
     *
     * @param crc32c      the checksum that was verified
     * @param fingerprint the file's fingerprint at the time
     */
    record Entry(String crc32c, Fingerprint fingerprint) {
    }

    /** The sidecar's JSON document. */
    record Doc(String format, int version, String manifestCrc32c, Map<String, Entry> files) {
    }

    private final String manifestCrc;
    private final Map<String, Entry> files;
    private boolean changed;

    private Verdicts(String manifestCrc, Map<String, Entry> files) {
        this.manifestCrc = manifestCrc;
        this.files = files;
    }

    /** {@return an empty set of verdicts for a manifest with these bytes} */
    static Verdicts empty(byte[] manifestBytes) {
        return new Verdicts(crc(manifestBytes), new TreeMap<>());
    }

    /**
     * Reads the sidecar of {@code storeDir}; verdicts recorded against other manifest bytes, and a sidecar that is
     * missing or cannot be parsed, give no verdicts (every file is verified again).
     */
    static Verdicts load(Path storeDir, byte[] manifestBytes) {
        Verdicts v = empty(manifestBytes);
        Path f = storeDir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return v;
        }
        try {
            Doc d = Manifest.JSON.readValue(f.toFile(), Doc.class);
            if (FORMAT.equals(d.format()) && d.version() == VERSION && v.manifestCrc.equals(d.manifestCrc32c())
                    && d.files() != null) {
                d.files().forEach((k, e) -> {
                    if (k != null && e != null && e.crc32c() != null && e.fingerprint() != null) {
                        v.files.put(k, e);
                    }
                });
            }
        } catch (IOException | RuntimeException unreadable) {
            // advisory only: a damaged sidecar means the files are verified again, and the sidecar rewritten
            v.changed = true;
        }
        return v;
    }

    /** {@return whether {@code file} (relative to the store) was verified with this checksum and fingerprint} */
    boolean trusted(String file, String crc32c, Fingerprint now) {
        Entry e = files.get(file);
        return e != null && e.crc32c().equals(crc32c) && e.fingerprint().equals(now);
    }

    /**
     * Records that {@code file} was verified with checksum {@code crc32c}, if its fingerprint before the
     * verification was settled when it was taken ({@code settledBefore}: {@link Fingerprint#settled()} right after
     * the stat, not after the verification) and equals the one after it; otherwise forgets any earlier verdict.
     */
    void record(String file, String crc32c, Fingerprint before, boolean settledBefore, Fingerprint after) {
        Entry old = files.remove(file);
        if (settledBefore && before.equals(after)) {
            files.put(file, new Entry(crc32c, after));
        }
        changed |= !Objects.equals(old, files.get(file));
    }

    /** {@return whether {@link #save} has something new to write} */
    boolean changed() {
        return changed;
    }

    /** {@return how many files have a verdict} */
    int size() {
        return files.size();
    }

    /** Writes the sidecar atomically into {@code storeDir}. */
    void save(Path storeDir) throws IOException {
        byte[] json = Manifest.JSON.writeValueAsBytes(new Doc(FORMAT, VERSION, manifestCrc, files));
        AtomicFiles.write(storeDir.resolve(FILE), out -> out.write(json));
        changed = false;
    }

    /** {@return the file's fingerprint, from its attributes only} */
    static Fingerprint stat(Path f) throws IOException {
        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
        long ctime = -1;
        try {
            ctime = nanos((FileTime) Files.getAttribute(f, "unix:ctime"));
        } catch (UnsupportedOperationException | IllegalArgumentException notUnix) {
            // file systems without a status-change time: size, modification time and identity must do
        }
        Object key = a.fileKey();
        return new Fingerprint(a.size(), nanos(a.lastModifiedTime()), ctime, key == null ? null : key.toString());
    }

    private static long nanos(FileTime t) {
        return t.to(TimeUnit.NANOSECONDS);
    }

    private static long nowNanos() {
        java.time.Instant n = java.time.Instant.now();
        return n.getEpochSecond() * 1_000_000_000L + n.getNano();
    }

    static String crc(byte[] bytes) {
        CRC32C c = new CRC32C();
        c.update(bytes);
        return String.format("%08x", c.getValue());
    }
}
