package org.scaledql.core.env;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.scaledql.api.env.EnvironmentConfig;
import org.scaledql.api.env.GameInfo;
import org.scaledql.api.env.RandomSource;
import org.scaledql.core.env.games.Catch;
import org.scaledql.core.env.games.Frogger;
import org.scaledql.core.env.games.Maze;
import org.scaledql.core.env.games.Pong;
import org.scaledql.core.env.games.Snake;
import org.scaledql.core.env.minatar.Asterix;
import org.scaledql.core.env.minatar.Breakout;
import org.scaledql.core.env.minatar.Freeway;
import org.scaledql.core.env.minatar.Seaquest;
import org.scaledql.core.env.minatar.SpaceInvaders;

/**
 * The testbed's game registry and environment factory.
 *
 * <pre>{@code
 * GridEnvironment env = Games.create("freeway", 1, 0, 42);   // Freeway "rush", seed 42
 * }</pre>
 */
public final class Games {

    /** Builds a game's rules from a random source, mode and difficulty. */
    @FunctionalInterface
    public interface GameFactory {
        /**
         * Builds the game.
         *
         * @param rng        the random source of the game
         * @param mode       a mode of the game (0 = default)
         * @param difficulty a difficulty of the game (0 = default)
         * @return the game
         */
        GridGame create(RandomSource rng, int mode, int difficulty);
    }

    private record Entry(GameInfo info, GameFactory factory) {
    }

    private static final Map<String, Entry> GAMES = new LinkedHashMap<>();

    static {
        register(Asterix.INFO, Asterix::new);
        register(Breakout.INFO, Breakout::new);
        register(Freeway.INFO, Freeway::new);
        register(Seaquest.INFO, Seaquest::new);
        register(SpaceInvaders.INFO, SpaceInvaders::new);
        register(Catch.INFO, Catch::new);
        register(Pong.INFO, Pong::new);
        register(Snake.INFO, Snake::new);
        register(Frogger.INFO, Frogger::new);
        register(Maze.INFO, Maze::new);
    }

    private static void register(GameInfo info, GameFactory factory) {
        GAMES.put(info.name(), new Entry(info, factory));
    }

    private Games() {
    }

    /** {@return all game names, MinAtar's five first, then the testbed's own} */
    public static List<String> names() {
        return List.copyOf(GAMES.keySet());
    }

    /**
     * {@return the names of the games of one family ({@code "minatar"} or {@code "scaledql"})}
     *
     * @param family {@code "minatar"} or {@code "scaledql"}
     */
    public static List<String> names(String family) {
        return GAMES.values().stream().filter(e -> e.info().family().equals(family)).map(e -> e.info().name())
                .toList();
    }

    /**
     * {@return the static description of a game}
     *
     * @param name a game from {@link #names()}
     * @throws IllegalArgumentException if the name is unknown
     */
    public static GameInfo info(String name) {
        return entry(name).info();
    }

    private static Entry entry(String name) {
        Objects.requireNonNull(name, "name");
        Entry e = GAMES.get(name);
        checkArgument(e != null, "unknown game '%s'; the testbed has %s", name, GAMES.keySet());
        return e;
    }

    /**
     * Builds an environment with the defaults (sticky actions 0.1, cap 5,000 steps, common observation layout)
     * and a seeded random source.
     *
     * @param name       a game from {@link #names()}
     * @param mode       a mode of that game (0 = default)
     * @param difficulty a difficulty of that game (0 = default)
     * @param seed       the seed of the game's random source
     * @return the environment
     */
    public static GridEnvironment create(String name, int mode, int difficulty, long seed) {
        return create(name, EnvironmentConfig.defaults().withVariant(mode, difficulty), seed);
    }

    /**
     * Builds an environment from a full configuration and a seed.
     *
     * @param name   a game from {@link #names()}
     * @param config the environment configuration
     * @param seed   the seed of the game's random source
     * @return the environment
     */
    public static GridEnvironment create(String name, EnvironmentConfig config, long seed) {
        return create(name, config, RandomSources.seeded(seed));
    }

    /**
     * Builds an environment drawing from the given random source (tests inject recorded draws).
     *
     * @param name   a game from {@link #names()}
     * @param config the environment configuration
     * @param rng    the random source
     * @return the environment
     * @throws IllegalArgumentException if the name, mode or difficulty is unknown
     */
    public static GridEnvironment create(String name, EnvironmentConfig config, RandomSource rng) {
        Entry e = entry(name);
        GridGame game = e.factory().create(rng, config.mode(), config.difficulty());
        return new GridEnvironment(game, rng, config);
    }
}
