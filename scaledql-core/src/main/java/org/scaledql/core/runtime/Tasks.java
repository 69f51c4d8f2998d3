package org.scaledql.core.runtime;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for work run on other threads, with the task's own exception rethrown as it was thrown. */
public final class Tasks {

    private Tasks() {
    }

    /**
     * Waits for {@code task} and returns its result. An {@link IOException}, unchecked exception or error thrown by
     * the task is rethrown unchanged (so its message reaches the user as the task wrote it); any other checked
     * exception is wrapped in an {@link IllegalStateException}.
     *
     * @param <T>  the result type
     * @param task the submitted work
     * @param what what the task does, for the messages of interruption and wrapped exceptions (e.g. "training bc")
     * @return the task's result
     * @throws IOException            as thrown by the task, or {@link InterruptedIOException} (with the thread's
     *                                interrupt flag set again) when interrupted while waiting
     */
    public static <T> T await(Future<T> task, String what) throws IOException {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException io = new InterruptedIOException("interrupted while " + what);
            io.initCause(e);
            throw io;
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(what + " failed: " + c, c);
        }
    }
}
