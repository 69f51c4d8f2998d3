package org.scaledql.api.data;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;
import org.scaledql.api.env.EnvironmentConfig;
import org.scaledql.api.env.ObservationFormat;

/**
 * Where a stored game's rows were logged: the environment, the game in it, its variant and the observation format.
 * A store records it so that a network trained on the rows can be evaluated in the same environment and format;
 * data without a recorded origin (a DQN-Replay copy from the Atari runs, a store written before origins were
 * recorded) has no environment to evaluate in.
 *
 * @param environment       the environment family; {@value #TESTBED} is the only one scaledql can run
 * @param game              the game's name in that environment (e.g. {@code breakout}); may differ from the name
 *                          the store files the rows under (e.g. {@code freeway:1})
 * @param mode              the game mode, {@code >= 0}
 * @param difficulty        the difficulty, {@code >= 0}
 * @param observationFormat the observation format the rows were logged in; for {@code PIXELS} each row holds
 *                          only the newest frame and readers restack them
 */
public record GameOrigin(String environment, String game, int mode, int difficulty,
        ObservationFormat observationFormat) {

    /** The environment name of the pure-Java testbed games. */
    public static final String TESTBED = "testbed";

    /**
     * Validates every field.
     *
     * @param environment       the environment family
     * @param game              the game's name in that environment
     * @param mode              the game mode, {@code >= 0}
     * @param difficulty        the difficulty, {@code >= 0}
     * @param observationFormat the observation format the rows were logged in
     */
    public GameOrigin {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(game, "game");
        Objects.requireNonNull(observationFormat, "observationFormat");
        checkArgument(!environment.isBlank(), "a game origin needs a non-blank environment (e.g. '%s'); got '%s'",
                TESTBED, environment);
        checkArgument(!game.isBlank(), "a game origin needs a non-blank game name; got '%s'", game);
        checkArgument(mode >= 0, "origin of game %s: mode must be >= 0; got %s", game, mode);
        checkArgument(difficulty >= 0, "origin of game %s: difficulty must be >= 0; got %s", game, difficulty);
    }

    /**
     * A testbed game logged with {@code config}'s variant and observation format.
     *
     * @param game   the testbed game's name
     * @param config its mode, difficulty and observation format
     * @return the origin
     */
    public static GameOrigin testbed(String game, EnvironmentConfig config) {
        Objects.requireNonNull(config, "config");
        return new GameOrigin(TESTBED, game, config.mode(), config.difficulty(), config.format());
    }

    /** {@return whether the rows come from the testbed ({@value #TESTBED})} */
    public boolean fromTestbed() {
        return TESTBED.equals(environment);
    }
}
