package org.scaledql.core.transfer;

import static com.google.common.base.Preconditions.checkArgument;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.scaledql.api.train.TrainConfig;
import org.scaledql.core.io.Json;
import org.scaledql.core.nn.SameDiffQNetwork;

/**
 * A pre-trained network with what is known about how it was trained: the games of its heads (in taskId order)
 * and, for a run directory, the run's config.
 *
 * @param network     the pre-trained network
 * @param games       its games in taskId order ({@code games.json}); empty when unknown
 * @param trainConfig the run's {@code config.json}, when the source was a run directory that has one
 * @param source      the run directory or network file it was read from
 */
public record Pretrained(SameDiffQNetwork network, List<String> games, Optional<TrainConfig> trainConfig, Path source) {

    /** File name of a run's final network (written by the trainer). */
    public static final String NETWORK_FILE = "network.sqlarr";
    /** File name of a run's game list. */
    public static final String GAMES_FILE = "games.json";
    /** File name of a run's config. */
    public static final String CONFIG_FILE = "config.json";

    /**
     * Validates and copies.
     *
     * @param network     the pre-trained network
     * @param games       its games in taskId order ({@code games.json}); empty when unknown
     * @param trainConfig the run's {@code config.json}, when the source was a run directory that has one
     * @param source      the run directory or network file it was read from
     */
    public Pretrained {
        Objects.requireNonNull(network, "network");
        games = List.copyOf(games);
        Objects.requireNonNull(trainConfig, "trainConfig");
        Objects.requireNonNull(source, "source");
        checkArgument(games.isEmpty() || games.size() == network.config().numGames(),
                "%s lists %s games %s but the network has %s heads", source, games.size(), games,
                network.config().numGames());
    }

    /**
     * Reads a finished run directory ({@code network.sqlarr}, {@code games.json}, optional {@code config.json})
     * or a network file (with the {@code games.json} next to it, if any).
     *
     * @param runDirOrNetworkFile a run directory or a network file
     * @return the network and its games
     * @throws IOException if the network is missing or unreadable, or a JSON file is malformed; the message
     *                     names the file
     */
    public static Pretrained load(Path runDirOrNetworkFile) throws IOException {
        Objects.requireNonNull(runDirOrNetworkFile, "runDirOrNetworkFile");
        Path dir;
        Path networkFile;
        if (Files.isDirectory(runDirOrNetworkFile)) {
            dir = runDirOrNetworkFile;
            networkFile = dir.resolve(NETWORK_FILE);
            if (!Files.isRegularFile(networkFile)) {
                throw new IOException(runDirOrNetworkFile + " has no " + NETWORK_FILE + "; give a finished run directory "
                        + "(training writes " + NETWORK_FILE + " at its end) or a network file");
            }
        } else if (Files.isRegularFile(runDirOrNetworkFile)) {
            networkFile = runDirOrNetworkFile;
            dir = runDirOrNetworkFile.toAbsolutePath().getParent();
        } else {
            throw new IOException(runDirOrNetworkFile + " does not exist; give a run directory or a network file");
        }
        SameDiffQNetwork net = SameDiffQNetwork.load(networkFile);
        List<String> games = List.of();
        Path gamesFile = dir.resolve(GAMES_FILE);
        if (Files.isRegularFile(gamesFile)) {
            try {
                games = Json.mapper().readValue(gamesFile.toFile(), new TypeReference<List<String>>() { });
            } catch (JsonProcessingException e) {
                throw new IOException(gamesFile + ": expected a JSON array of game names: " + e.getOriginalMessage(), e);
            }
            if (games.size() != net.config().numGames()) {
                throw new IOException(gamesFile + " lists " + games.size() + " games " + games + " but " + networkFile
                        + " has " + net.config().numGames() + " heads; the two files come from different runs");
            }
        }
        Optional<TrainConfig> config = Optional.empty();
        Path configFile = dir.resolve(CONFIG_FILE);
        if (Files.isDirectory(runDirOrNetworkFile) && Files.isRegularFile(configFile)) {
            try {
                config = Optional.of(Json.mapper().readValue(configFile.toFile(), TrainConfig.class));
            } catch (JsonProcessingException e) {
                throw new IOException(configFile + ": not a valid training config: " + e.getOriginalMessage(), e);
            }
        }
        return new Pretrained(net, games, config, runDirOrNetworkFile);
    }
}
