package org.scaledql.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnedTempDirectoryTest {

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void createRemovesUnlockedLeftoversAndKeepsARunningWritersDirectory(@TempDir Path parent) throws Exception {
        String prefix = ".store.tmp-";
        Path noLock = Files.createDirectories(parent.resolve(prefix + "1"));
        Files.write(noLock.resolve("frames.npy"), new byte[1000]);
        Path freeLock = Files.createDirectories(parent.resolve(prefix + "2"));
        Files.writeString(parent.resolve(prefix + "2.lock"), "");
        Files.createDirectories(parent.resolve("other.tmp-3")); // another prefix: not ours to touch
        try (OwnedTempDirectory running = OwnedTempDirectory.create(parent, prefix)) {
            assertThat(Files.exists(noLock)).as("a directory without a lock file is stale").isFalse();
            assertThat(Files.exists(freeLock)).as("a directory whose lock nobody holds is stale").isFalse();
            Files.write(running.path().resolve("part"), new byte[10]);
            try (OwnedTempDirectory second = OwnedTempDirectory.create(parent, prefix)) {
                assertThat(Files.exists(running.path())).as("a held lock marks a running writer").isTrue();
                assertThat(second.path()).isNotEqualTo(running.path());
                OwnedTempDirectory.deleteTree(second.path());
            }
            OwnedTempDirectory.deleteTree(running.path());
        }
        assertThat(names(parent)).as("closing deletes the lock files").containsExactly("other.tmp-3");
    }

    @Test
    void removeStaleReturnsWhatItRemoved(@TempDir Path parent) throws Exception {
        Path stale = Files.createDirectories(parent.resolve(".x.tmp-a"));
        assertThat(OwnedTempDirectory.removeStale(parent, ".x.tmp-")).containsExactly(stale);
        assertThat(OwnedTempDirectory.removeStale(parent.resolve("missing"), ".x.tmp-")).isEmpty();
    }
}
