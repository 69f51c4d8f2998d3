package org.scaledql.api.data;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

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

    /**
     * Where a game's rows were logged ({@link TransitionSink#declareOrigin}); empty when the store does not know
     * (data imported from the Atari DQN-Replay runs, stores written before origins were recorded). The default
     * knows none.
     *
     * @param game a game of the store
     * @return its origin, if recorded
     * @throws NoSuchElementException if the store has no game of that name
     */
    default Optional<GameOrigin> origin(String game) {
        records(game);
        return Optional.empty();
    }

    /** Releases mappings and file handles; the default does nothing. */
    @Override
    default void close() throws IOException {
    }
}
