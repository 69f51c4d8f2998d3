package org.scaledql.api.env;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;

/**
 * One selectable variant of a game, as ALE's game-select "modes": same observation and action spaces,
 * different dynamics or visibility. Mode 0 is always the default game.
 *
 * @param id          the mode number passed to the game factory, at least 0
 * @param name        short name, e.g. {@code "invisible"}
 * @param description what changes against mode 0
 */
public record GameMode(int id, String name, String description) {

    /**
     * Validates the fields.
     *
     * @param id          the mode number passed to the game factory, at least 0
     * @param name        short name, e.g. {@code "invisible"}
     * @param description what changes against mode 0
     */
    public GameMode {
        checkArgument(id >= 0, "a mode id is >= 0; got %s", id);
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
    }
}
