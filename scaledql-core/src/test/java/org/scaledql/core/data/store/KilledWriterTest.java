package org.scaledql.core.data.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scaledql.api.data.TransitionStore;

/**
 * Regression: a writer killed with SIGKILL left its hidden {@code .NAME.tmp-*} folder behind for good (13 GB after
 * one killed import). The next writer into the same target removes it, and leaves a running writer's alone.
 */
class KilledWriterTest {

    private static List<Path> hidden(Path parent) throws Exception {
        try (Stream<Path> s = Files.list(parent)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".store.tmp-"))
                    .filter(p -> !p.getFileName().toString().endsWith(".lock")).sorted().toList();
        }
    }

    @Test
    void theNextWriterRemovesAKilledWritersFolderButNotARunningOnes(@TempDir Path parent) throws Exception {
        Path target = parent.resolve("store");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                StoreWriterProcess.class.getName(), target.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(r.readLine()).as("the child started writing").isEqualTo("writing");
            List<Path> childs = hidden(parent);
            assertThat(childs).hasSize(1);

            // While the child runs, a second writer leaves its folder alone.
            DiskStoreWriter meanwhile = TransitionStores.writer(target);
            assertThat(Files.exists(childs.get(0))).isTrue();
            meanwhile.abort();

            child.destroyForcibly(); // SIGKILL on Linux
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(hidden(parent)).as("the killed writer's folder is left behind").isEqualTo(childs);

            DiskStoreWriter next = TransitionStores.writer(target);
            assertThat(Files.exists(childs.get(0))).as("removed by the next writer").isFalse();
            next.declareGame("G", 2, new int[] {1, 2, 2}, 1f);
            next.append("G", new byte[4], 1, 1f, true);
            next.close();
            try (TransitionStore s = TransitionStores.open(target)) {
                assertThat(s.games()).hasSize(1);
            }
            try (Stream<Path> s = Files.list(parent)) {
                assertThat(s.map(p -> p.getFileName().toString())).containsExactly("store");
            }
        } finally {
            child.destroyForcibly();
        }
    }
}
