package org.scaledql.api.data;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A read-only collection of logged experience for several games, each game's rows in chronological order.
 * Implementations: the memory-mapped on-disk store and an in-memory store for small data and tests.
 */
public interface TransitionStore extends Closeable {

    /** {@return the games in the store, in the order they were declared} */
    List<GameMetadata> games();

    /**
     * {@return the rows of one game}
     *
     * @param game the game's name
     * @throws NoSuchElementException if the store has no game of that name
     */
    GameRecords records(String game);

    /** Releases mappings and file handles; the default does nothing. */
    @Override
    default void close() throws IOException {
    }
}
