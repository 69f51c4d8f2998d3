package org.scaledql.core.data.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ColumnWriterTest {

    /** Regression: a full disk reported only "No space left on device", naming no file. */
    @Test
    void aFailedWriteNamesTheFileWhatWasWrittenAndTheFreeSpace(@TempDir Path dir) {
        Path file = dir.resolve("game-000").resolve("frames.npy");
        IOException e = ColumnWriter.writeFailure(file, 1234, new IOException("No space left on device"));
        assertThat(e.getMessage()).startsWith("writing " + file + " failed after about 1234 data bytes (")
                .endsWith("on its file system): No space left on device").containsPattern("\\d+ bytes free|free space unknown");
        assertThat(e.getCause()).hasMessage("No space left on device");
    }
}
