package org.scaledql.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.FutureTask;
import org.junit.jupiter.api.Test;

class TasksTest {

    private static <T> FutureTask<T> failing(Exception e) {
        FutureTask<T> t = new FutureTask<>(() -> {
            throw e;
        });
        t.run();
        return t;
    }

    @Test
    void returnsTheResult() throws Exception {
        assertThat(Tasks.await(CompletableFuture.completedFuture(7), "adding")).isEqualTo(7);
    }

    @Test
    void rethrowsTheTasksOwnIoAndUncheckedExceptionsUnchanged() {
        IOException io = new IOException("disk full: /x");
        IllegalArgumentException iae = new IllegalArgumentException("bad game 'x'");
        assertThatThrownBy(() -> Tasks.await(failing(io), "writing")).isSameAs(io);
        assertThatThrownBy(() -> Tasks.await(failing(iae), "writing")).isSameAs(iae);
    }

    @Test
    void wrapsOtherCheckedExceptionsNamingTheWork() {
        Exception other = new Exception("boom");
        assertThatThrownBy(() -> Tasks.await(failing(other), "training bc"))
                .isInstanceOf(IllegalStateException.class).hasMessage("training bc failed: java.lang.Exception: boom")
                .hasCause(other);
    }
}
