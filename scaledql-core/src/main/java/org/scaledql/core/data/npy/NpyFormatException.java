package org.scaledql.core.data.npy;

import java.io.IOException;

/** A file or stream that is not a valid (or not a supported) {@code .npy} array; the message names the source. */
public class NpyFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with a message that names the source, the field and what was expected.
     *
     * @param message what was wrong, and where
     */
    public NpyFormatException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what was wrong, and where
     * @param cause   the cause
     */
    public NpyFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
