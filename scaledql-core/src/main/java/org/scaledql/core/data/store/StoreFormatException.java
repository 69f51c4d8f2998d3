package org.scaledql.core.data.store;

import java.io.IOException;

/** A transition store on disk that is missing files, was modified, or was never completed; the message names the file. */
public class StoreFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with a message naming the file, the field and what was expected.
     *
     * @param message what was wrong, and where
     */
    public StoreFormatException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what was wrong, and where
     * @param cause   the cause
     */
    public StoreFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
