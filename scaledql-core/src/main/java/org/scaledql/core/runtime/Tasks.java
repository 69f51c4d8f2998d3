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
            throw rethrow(e.getCause(), what);
        }
    }

    /**
     * Throws {@code failure} of work on another thread as itself where it can be thrown as is (an
     * {@link IOException}, unchecked exception or error), else wrapped in an {@link IllegalStateException} naming
     * {@code what}. Declared to return the exception so callers can write {@code throw rethrow(...)}.
     *
     * @param failure what the work threw
     * @param what    the work, for the message of a wrapped checked exception
     * @return never returns normally
     * @throws IOException the failure itself, if it is one
     */
    public static IllegalStateException rethrow(Throwable failure, String what) throws IOException {
        if (failure instanceof IOException io) {
            throw io;
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        throw new IllegalStateException(what + " failed: " + failure, failure);
    }
}
