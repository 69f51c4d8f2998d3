package org.scaledql.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryLockTest {

    @Test
    void aSecondOwnerFailsNamingTheDirectoryAndTheHolderUntilTheFirstCloses(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        String pid = Long.toString(ProcessHandle.current().pid());
        try (DirectoryLock first = DirectoryLock.acquire(dir)) {
            assertThat(Files.readString(dir.resolve(DirectoryLock.FILE_NAME)).trim()).isEqualTo(pid);
            assertThatThrownBy(() -> DirectoryLock.acquire(dir))
                    .isInstanceOf(DirectoryLock.DirectoryInUseException.class)
                    .hasMessageContaining(dir.toString()).hasMessageContaining("process " + pid)
                    .satisfies(e -> assertThat(((DirectoryLock.DirectoryInUseException) e).holderPid()).isEqualTo(pid));
        }
        try (DirectoryLock again = DirectoryLock.acquire(dir)) {
            assertThat(again.directory()).isEqualTo(dir);
        }
    }

    @Test
    void aLockFileWithoutAPidNamesTheHolderUnknown(@TempDir Path tmp) throws Exception {
        try (DirectoryLock first = DirectoryLock.acquire(tmp)) {
            Files.writeString(tmp.resolve(DirectoryLock.FILE_NAME), "garbage");
            assertThatThrownBy(() -> DirectoryLock.acquire(tmp)).hasMessageContaining("process unknown");
        }
    }
}
