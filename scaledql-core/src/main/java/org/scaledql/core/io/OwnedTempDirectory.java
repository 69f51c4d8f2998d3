package org.scaledql.core.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hidden working directory next to a writer's target ({@code PARENT/PREFIX*}), owned by this process through an
 * OS lock on a file beside it ({@code PARENT/PREFIX*.lock}), so that a later writer can tell a killed writer's
 * leftovers from a running writer's work: {@link #create} first deletes every sibling with the same prefix whose
 * lock is free (its writer has ended, however it ended), logging what it removed, and leaves locked ones alone.
 *
 * <p>The writer fills {@link #path()}, then moves or deletes it, then {@link #close()}s this object, which
 * releases the lock and deletes the lock file.
 */
public final class OwnedTempDirectory implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OwnedTempDirectory.class);
    private static final String LOCK_SUFFIX = ".lock";

    private final Path path;
    private final Path lockFile;
    private final FileChannel channel;
    private final FileLock lock;

    private OwnedTempDirectory(Path path, Path lockFile, FileChannel channel, FileLock lock) {
        this.path = path;
        this.lockFile = lockFile;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Removes stale siblings named {@code prefix*} in {@code parent} ({@link #removeStale}), then creates and locks
     * a new empty directory {@code parent/prefix<random>}.
     *
     * @param parent where to create it
     * @param prefix the name prefix
     * @return the directory, locked
     * @throws IOException if reading or writing fails
     */
    public static OwnedTempDirectory create(Path parent, String prefix) throws IOException {
        Files.createDirectories(parent);
        removeStale(parent, prefix);
        // The lock file comes first, so a directory of a running writer always has a held lock beside it.
        Path lockFile = Files.createTempFile(parent, prefix, LOCK_SUFFIX);
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.lock();
            String name = lockFile.getFileName().toString();
            Path dir = parent.resolve(name.substring(0, name.length() - LOCK_SUFFIX.length()));
            Files.createDirectory(dir);
            return new OwnedTempDirectory(dir, lockFile, channel, lock);
        } catch (IOException | RuntimeException e) {
            channel.close();
            Files.deleteIfExists(lockFile);
            throw e;
        }
    }

    /**
     * Deletes the directories and lock files named {@code prefix*} in {@code parent} whose lock no process holds
     * (a directory without a lock file is stale too), each named in a warning with its size.
     *
     * @param parent the directory to clean
     * @param prefix the name prefix
     * @return the directories removed
     * @throws IOException if reading or writing fails
     */
    public static List<Path> removeStale(Path parent, String prefix) throws IOException {
        List<Path> removed = new ArrayList<>();
        if (!Files.isDirectory(parent)) {
            return removed;
        }
        List<Path> candidates;
        try (Stream<Path> s = Files.list(parent)) {
            candidates = s.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
        }
        for (Path p : candidates) {
            String name = p.getFileName().toString();
            if (name.endsWith(LOCK_SUFFIX)) {
                Path dir = parent.resolve(name.substring(0, name.length() - LOCK_SUFFIX.length()));
                if (!Files.exists(dir) && isFree(p)) {
                    Files.deleteIfExists(p);
                }
                continue;
            }
            Path lockFile = parent.resolve(name + LOCK_SUFFIX);
            if (Files.exists(lockFile) && !isFree(lockFile)) {
                LOG.info("{} belongs to a running writer; leaving it", p);
                continue;
            }
            long bytes = sizeOf(p);
            deleteTree(p);
            Files.deleteIfExists(lockFile);
            LOG.warn("removed {} ({} bytes), left behind by a writer that did not finish", p, bytes);
            removed.add(p);
        }
        return removed;
    }

    /** True if no process (this one included) holds the lock on {@code lockFile}. */
    private static boolean isFree(Path lockFile) throws IOException {
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock l = ch.tryLock();
            if (l == null) {
                return false;
            }
            l.release();
            return true;
        } catch (OverlappingFileLockException e) {
            return false; // held in this JVM
        } catch (NoSuchFileException e) {
            return true;
        }
    }

    private static long sizeOf(Path p) throws IOException {
        if (!Files.isDirectory(p)) {
            return Files.exists(p) ? Files.size(p) : 0;
        }
        try (Stream<Path> s = Files.walk(p)) {
            return s.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Deletes a file or a directory with everything in it; nothing if it does not exist.
     *
     * @param p the file or directory
     * @throws IOException if reading or writing fails
     */
    public static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }

    /** {@return the directory to fill} */
    public Path path() {
        return path;
    }

    /** Releases the lock and deletes the lock file (the directory is the caller's to move or delete first). */
    @Override
    public void close() throws IOException {
        try {
            Files.deleteIfExists(lockFile);
            lock.release();
        } finally {
            channel.close();
        }
    }
}
