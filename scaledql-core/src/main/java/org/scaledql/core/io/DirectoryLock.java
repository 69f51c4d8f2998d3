package org.scaledql.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Makes one process (and one owner within it) the only writer of a directory, such as a training run's: an OS
 * file lock on {@code DIR/.lock}, which holds the owner's process id for the error a second writer gets.
 *
 * <p>The operating system releases the lock when the process ends, however it ends, so a run killed with
 * SIGKILL can be resumed at once; the lock file itself stays (deleting it would let a third writer lock a new
 * file while a second still holds the old one). Within one JVM a second {@link #acquire} on the same directory
 * fails the same way as one from another process.
 *
 * <p>As PyTorch's and Orbax's checkpoint managers assume: a run directory has one writer at a time.
 */
public final class DirectoryLock implements AutoCloseable {

    /** The lock file's name inside the locked directory. */
    public static final String FILE_NAME = ".lock";

    private final Path directory;
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(Path directory, FileChannel channel, FileLock lock) {
        this.directory = directory;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates {@code directory} if needed and locks it for this process.
     *
     * @param directory the directory
     * @return the lock; close it to release
     * @throws DirectoryInUseException if another process, or another owner in this one, holds the lock; the
     *                                 message names the directory and the holder's process id
     */
    public static DirectoryLock acquire(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve(FILE_NAME);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this JVM already
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            String holder = readHolder(channel);
            channel.close();
            throw new DirectoryInUseException(directory, holder);
        }
        try {
            byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(pid), 0);
            channel.force(false);
        } catch (IOException | RuntimeException e) {
            lock.release();
            channel.close();
            throw e;
        }
        return new DirectoryLock(directory, channel, lock);
    }

    private static String readHolder(FileChannel channel) {
        try {
            ByteBuffer buf = ByteBuffer.allocate(32);
            int n = channel.read(buf, 0);
            String s = n <= 0 ? "" : new String(buf.array(), 0, n, StandardCharsets.US_ASCII).trim();
            return s.matches("\\d+") ? s : "unknown";
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** {@return the locked directory} */
    public Path directory() {
        return directory;
    }

    /** Releases the lock (the lock file stays). */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }

    /** Another writer holds a directory's lock. */
    public static final class DirectoryInUseException extends IOException {
        private static final long serialVersionUID = 1L;

        /** The holder's process id, or {@code "unknown"} if the lock file does not name one. */
        private final String holderPid;

        DirectoryInUseException(Path directory, String holderPid) {
            super(directory + " is in use by another writer (process " + holderPid + " holds "
                    + directory.resolve(FILE_NAME) + "); wait for it to finish or choose another directory");
            this.holderPid = holderPid;
        }

        /** {@return the holder's process id as written in the lock file, or {@code "unknown"}} */
        public String holderPid() {
            return holderPid;
        }
    }
}
