package org.scaledql.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.api.java.JavaSparkContext;
import org.scaledql.api.eval.EpisodeResult;
import org.scaledql.api.eval.EvaluationConfig;
import org.scaledql.api.eval.EvaluationReport;
import org.scaledql.api.metrics.ScoreMatrix;
import org.scaledql.core.eval.TestbedEvaluator;
import org.scaledql.core.io.Json;
import org.scaledql.core.nn.SameDiffQNetwork;

/**
 * Greedy testbed rollouts of a network as Spark tasks, one per game: each task loads the network file and plays
 * the game's episodes with {@link TestbedEvaluator}; the driver builds the report with
 * {@link TestbedEvaluator#report}. Every episode has its own seeds (game, episode, evaluation seed), so the
 * report equals {@code TestbedEvaluator.evaluate} of all games in one JVM: same episodes, returns, normalized
 * scores and IQM interval. The network file must be readable by every executor at the same path, and executors
 * need an ND4J backend on their class path.
 */
public final class SparkEvaluate {

    private SparkEvaluate() {
    }

    /** One episode as the executor returns it ({@link EpisodeResult} is not serializable). */
    private record Episode(String game, int taskId, int episode, double episodeReturn, int steps, boolean truncated)
            implements Serializable {
        EpisodeResult result() {
            return new EpisodeResult(game, taskId, episode, episodeReturn, steps, truncated);
        }
    }

    /** One game's task. */
    private record Task(String game, int taskId) implements Serializable {
    }

    /**
     * Evaluates a saved network on testbed games.
     *
     * @param sc          the Spark context
     * @param networkFile the network file ({@code SameDiffQNetwork.save}), at the same path on every executor
     * @param taskIds     games in report order, each with the head it is played with
     * @param config      the evaluation settings (episodes, epsilon, environment, seed, bootstrap)
     * @return the report, equal to {@code new TestbedEvaluator(config).evaluate(network, taskIds)}
     * @throws IOException if the config cannot be sent to the executors or a task fails
     */
    public static EvaluationReport run(JavaSparkContext sc, Path networkFile, Map<String, Integer> taskIds,
                                       EvaluationConfig config) throws IOException {
        Objects.requireNonNull(sc, "sc");
        Objects.requireNonNull(config, "config");
        List<Task> tasks = new ArrayList<>();
        taskIds.forEach((g, id) -> tasks.add(new Task(g, id)));
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("evaluate needs at least one game; got an empty game->taskId map");
        }
        String file = networkFile.toAbsolutePath().toString();
        String json = Json.mapper().writeValueAsString(config);
        List<List<Episode>> perGame;
        try {
            perGame = sc.parallelize(tasks, tasks.size()).map(t -> play(file, json, t)).collect();
        } catch (Exception e) { // Spark throws its checked SparkException undeclared
            throw new IOException("the evaluation job failed: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        List<List<EpisodeResult>> episodes = new ArrayList<>();
        for (List<Episode> g : perGame) {
            episodes.add(g.stream().map(Episode::result).toList());
        }
        return new TestbedEvaluator(config).report(episodes);
    }

    /** One cell of a score matrix: network {@code n}, evaluation seed, game. */
    private record Cell(int network, String file, long seed, String game, int taskId) implements Serializable {
    }

    /**
     * A score matrix over networks x evaluation seeds (rows, network-major: network 0 with every seed, then
     * network 1, ...) and games (columns): each cell is the game's normalized mean return, exactly what
     * {@code new TestbedEvaluator(config.withSeed(seed)).evaluate(network, taskIds)} reports for it. One Spark task
     * per cell. {@code ./scaledql metrics --scores} reads it once written with {@code ScoreCsv.write}.
     *
     * @param sc           the Spark context
     * @param networkFiles network files (checkpoints), at the same paths on every executor
     * @param taskIds      games (columns, in this order) with their heads
     * @param config       the evaluation settings; its seed is replaced by each of {@code seeds}
     * @param seeds        evaluation seeds, at least one
     * @return the matrix, {@code networkFiles.size() * seeds.size()} rows
     * @throws IOException if the config cannot be sent to the executors or a task fails
     */
    public static ScoreMatrix scoreMatrix(JavaSparkContext sc, List<Path> networkFiles, Map<String, Integer> taskIds,
                                          EvaluationConfig config, List<Long> seeds) throws IOException {
        if (networkFiles.isEmpty() || seeds.isEmpty() || taskIds.isEmpty()) {
            throw new IllegalArgumentException("a score matrix needs at least one network, seed and game; got "
                    + networkFiles.size() + " networks, " + seeds.size() + " seeds, " + taskIds.size() + " games");
        }
        List<Cell> cells = new ArrayList<>();
        for (int n = 0; n < networkFiles.size(); n++) {
            for (long seed : seeds) {
                for (Map.Entry<String, Integer> g : taskIds.entrySet()) {
                    cells.add(new Cell(n, networkFiles.get(n).toAbsolutePath().toString(), seed, g.getKey(),
                            g.getValue()));
                }
            }
        }
        String json = Json.mapper().writeValueAsString(config);
        List<Double> values;
        try {
            values = sc.parallelize(cells, cells.size()).map(c -> {
                EvaluationConfig base = Json.mapper().readValue(json, EvaluationConfig.class);
                List<Episode> eps = play(c.file(), Json.mapper().writeValueAsString(base.withSeed(c.seed())),
                        new Task(c.game(), c.taskId()));
                return new TestbedEvaluator(base.withSeed(c.seed()))
                        .report(List.of(eps.stream().map(Episode::result).toList())).games().get(0).normalizedMean();
            }).collect();
        } catch (Exception e) { // Spark throws its checked SparkException undeclared
            throw new IOException("the evaluation job failed: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        int games = taskIds.size();
        double[][] rows = new double[cells.size() / games][games];
        for (int i = 0; i < cells.size(); i++) {
            rows[i / games][i % games] = values.get(i);
        }
        return new ScoreMatrix(new ArrayList<>(taskIds.keySet()), rows);
    }

    private static List<Episode> play(String file, String configJson, Task t) throws IOException {
        EvaluationConfig config = Json.mapper().readValue(configJson, EvaluationConfig.class);
        SameDiffQNetwork network = SameDiffQNetwork.load(Path.of(file));
        EvaluationReport r = new TestbedEvaluator(config).evaluate(network, Map.of(t.game(), t.taskId()),
                (e, finished, total) -> { });
        List<Episode> out = new ArrayList<>();
        for (EpisodeResult e : r.games().get(0).episodes()) {
            out.add(new Episode(e.game(), e.taskId(), e.episode(), e.episodeReturn(), e.steps(), e.truncated()));
        }
        return out;
    }
}
