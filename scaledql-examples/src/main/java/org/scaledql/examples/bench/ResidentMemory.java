package org.scaledql.examples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's resident set size, read from {@code /proc/self/status} (Linux only). */
public final class ResidentMemory {

    private static final Path STATUS = Path.of("/proc/self/status");

    private ResidentMemory() {
    }

    /** Whether {@code /proc/self/status} can be read on this machine. */
    public static boolean available() {
        return Files.isReadable(STATUS);
    }

    /**
     * The current VmRSS in kibibytes.
     *
     * @throws IllegalStateException if {@code /proc/self/status} is missing or has no VmRSS line
     */
    public static long kib() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    return parseKib(line);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + STATUS + " (resident memory needs Linux): " + e.getMessage(), e);
        }
        throw new IllegalStateException(STATUS + " has no VmRSS line; cannot measure resident memory");
    }

    /** Parses a {@code VmRSS:   123456 kB} line. */
    static long parseKib(String line) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length < 3 || !parts[2].equals("kB")) {
            throw new IllegalStateException(STATUS + ": field VmRSS: expected 'VmRSS: <number> kB'; got '" + line + "'");
        }
        return Long.parseLong(parts[1]);
    }
}
