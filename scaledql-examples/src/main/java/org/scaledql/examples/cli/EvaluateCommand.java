package org.scaledql.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.scaledql.api.data.GameOrigin;
import org.scaledql.api.dt.ReturnConditioning;
import org.scaledql.api.env.EnvironmentConfig;
import org.scaledql.api.env.ObservationFormat;
import org.scaledql.api.eval.EvaluationConfig;
import org.scaledql.api.eval.EvaluationListener;
import org.scaledql.api.eval.EvaluationReport;
import org.scaledql.api.eval.GameEvaluation;
import org.scaledql.api.metrics.BootstrapConfig;
import org.scaledql.core.dt.DecisionTransformer;
import org.scaledql.core.dt.DecisionTransformerPolicy;
import org.scaledql.core.dt.DecisionTransformerTrainer;
import org.scaledql.core.env.Games;
import org.scaledql.core.eval.TestbedEvaluationPlan;
import org.scaledql.core.eval.TestbedEvaluator;
import org.scaledql.core.nn.SameDiffQNetwork;
import org.scaledql.core.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./scaledql evaluate}: plays a saved network's epsilon-greedy policy on testbed games and reports raw
 * and normalized scores with the normalized IQM and its bootstrap interval (docs/evaluation.md).
 *
 * <p>A run directory with {@code origins.json} is evaluated where its data came from: the games' testbed mode,
 * difficulty and observation format ({@link TestbedEvaluationPlan}). A run on data with no recorded environment
 * (imported from DQN-Replay) is refused with the reason, unless {@code --format} names the format explicitly.
 */
@Command(name = "evaluate", description = {
    "Evaluate a saved network on testbed games: M episodes per game, epsilon-greedy (0.001), sticky actions.",
    "PATH is a network file (SameDiffQNetwork.save) or a run directory holding network.sqlarr; if the",
    "directory has games.json (game names in taskId order), --games selects among them (default: all).",
    "A run directory is evaluated in the mode and observation format its training data was logged in.",
    "A Decision Transformer run (a directory with dt.sqlarr, or that file) is played the same way by its",
    "return-conditioned policy (docs/dt.md)."})
public class EvaluateCommand implements Callable<Integer> {

    /** The network file a run directory holds. */
    static final String NETWORK_FILE = "network.sqlarr";
    /** The file of a run directory naming its games in taskId order. */
    static final String GAMES_FILE = "games.json";

    @Spec
    CommandSpec spec;

    @Option(names = "--checkpoint", required = true, paramLabel = "PATH",
            description = "Network file, or run directory with " + NETWORK_FILE + " [and " + GAMES_FILE + "], or a "
                    + "Decision Transformer run directory (with dt.sqlarr) or its dt.sqlarr.")
    Path checkpoint;

    @Option(names = "--games", split = ",", paramLabel = "G1,G2,...",
            description = "Games to evaluate; without games.json their order gives the taskIds.")
    List<String> games;

    @Option(names = "--episodes", defaultValue = "10", description = "Episodes per game (default: ${DEFAULT-VALUE}).")
    int episodes;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of environments, epsilon draws and bootstrap (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--epsilon", defaultValue = "0.001", description = "Random-action probability (default: ${DEFAULT-VALUE}, Dopamine's eval epsilon).")
    double epsilon;

    @Option(names = "--format",
            description = "Observation format the network was trained on: ${COMPLETION-CANDIDATES} (default: the one "
                    + "the run's data was logged in, from its origins.json; else COMMON).")
    ObservationFormat format;

    @Option(names = "--max-steps", defaultValue = "5000", description = "Episode step cap (default: ${DEFAULT-VALUE}).")
    int maxSteps;

    @Option(names = "--parallel", defaultValue = "256",
            description = "Episodes stepped together, the network's batch size (default: ${DEFAULT-VALUE}; results do not depend on it).")
    int parallel;

    @Option(names = "--reps", defaultValue = "50000", description = "Bootstrap resamples for the IQM interval (default: ${DEFAULT-VALUE}).")
    int reps;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    /** How a Decision Transformer's policy sets its return tokens (docs/dt.md). */
    enum Conditioning {
        /** Chen et al.'s target return. */
        target,
        /** Lee et al.'s expert-return prompting, with their released evaluation settings. */
        expert
    }

    @Option(names = "--return-conditioning", description = "Decision Transformer runs only: target (Chen et al. "
            + "2021: the data's largest return-to-go minus the return so far; the default) or expert (Lee et al. "
            + "2022: sampled from the model's return prediction, highest of 128 draws at temperature 0.75)")
    Conditioning conditioning;

    /** A command with picocli's defaults; picocli fills the options. */
    public EvaluateCommand() {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (isDecisionTransformer(checkpoint)) {
            if (!playsDecisionTransformers()) {
                throw new IllegalArgumentException(checkpoint + " is a Decision Transformer run; this command plays "
                        + "Q-networks only: evaluate it with ./scaledql evaluate");
            }
            return evaluateDecisionTransformer(out, err);
        }
        if (conditioning != null) {
            throw new IllegalArgumentException("--return-conditioning applies to Decision Transformer runs; "
                    + checkpoint + " is a Q-network's");
        }
        Path networkFile = networkFile(checkpoint);
        boolean runDir = Files.isDirectory(checkpoint);
        Optional<Map<String, GameOrigin>> origins = runDir ? Trainer.origins(checkpoint) : Optional.empty();
        Map<String, Integer> taskIds;
        SameDiffQNetwork network;
        EnvironmentConfig env;
        if (origins.isPresent() && format == null) {
            Path gamesFile = checkpoint.resolve(GAMES_FILE);
            List<String> trained = trainedGames(gamesFile);
            network = SameDiffQNetwork.load(networkFile);
            checkHeads(gamesFile, trained.size(), networkFile, network.config().numGames());
            TestbedEvaluationPlan plan = available(TestbedEvaluationPlan.of(trained, origins.get(), network.config(),
                    EnvironmentConfig.defaults().withMaxEpisodeSteps(maxSteps)));
            env = plan.environment();
            taskIds = plan.taskIds(games == null ? trained : games.stream().map(String::trim).toList());
        } else {
            taskIds = taskIds(checkpoint, games);
            network = SameDiffQNetwork.load(networkFile);
            Path gamesFile = runDir ? checkpoint.resolve(GAMES_FILE) : null;
            if (gamesFile != null && Files.exists(gamesFile)) {
                checkHeads(gamesFile, listedGames(gamesFile).size(), networkFile, network.config().numGames());
            }
            env = EnvironmentConfig.defaults().withFormat(format == null ? ObservationFormat.COMMON : format)
                    .withMaxEpisodeSteps(maxSteps);
        }
        int heads = network.config().numGames();
        EvaluationConfig config = new EvaluationConfig(episodes, epsilon, env, seed, parallel,
                BootstrapConfig.defaults(seed).withReps(reps));
        err.printf("scaledql: evaluating %s (%d heads) on %s, format %s, mode %d, %d episodes each, epsilon %s, seed "
                + "%d%n", networkFile, heads, taskIds, env.format(), env.mode(), episodes, epsilon, seed);
        SameDiffQNetwork net = network;
        Map<String, Integer> ids = taskIds;
        return play(out, err, ids.size(), progress -> evaluate(config, networkFile, net, ids, progress));
    }

    /** {@return the plan of a run's games, or the reason the checkpoint cannot be evaluated, as an error} */
    private TestbedEvaluationPlan available(TestbedEvaluationPlan plan) {
        if (!plan.available()) {
            throw new IllegalArgumentException(String.format("%s cannot be evaluated: %s. If its data did come "
                    + "from the testbed, name the format with --format", checkpoint, plan.reason()));
        }
        return plan;
    }

    /** Plays the episodes with progress on stderr, then prints the report. */
    private int play(PrintWriter out, PrintWriter err, int games, Play play) throws Exception {
        long t0 = System.nanoTime();
        long[] steps = {0};
        long[] lastLog = {t0};
        EvaluationListener progress = (e, finished, total) -> {
            steps[0] += e.steps();
            long now = System.nanoTime();
            if (now - lastLog[0] > 10_000_000_000L && finished < total) {
                lastLog[0] = now;
                err.printf("scaledql: %d/%d episodes, %,.0f steps/s%n", finished, total, steps[0] / ((now - t0) / 1e9));
                err.flush();
            }
        };
        EvaluationReport report = play.run(progress);
        double seconds = (System.nanoTime() - t0) / 1e9;
        err.printf("scaledql: %d episodes, %,d steps in %.1f s (%,.0f steps/s, batch <= %d)%n",
                episodes * games, steps[0], seconds, steps[0] / seconds, parallel);
        if (json) {
            out.println(new ObjectMapper().writeValueAsString(toJson(report)));
        } else {
            printTable(out, report);
        }
        out.flush();
        return 0;
    }

    /**
     * {@return whether this command plays Decision Transformer runs; {@code ./scaledql spark evaluate}, whose
     * {@link #evaluate} distributes Q-network episodes only, says no and refuses them by name}
     */
    protected boolean playsDecisionTransformers() {
        return true;
    }

    @FunctionalInterface
    private interface Play {
        EvaluationReport run(EvaluationListener progress) throws Exception;
    }

    /** Whether PATH is a Decision Transformer run directory or its model file. */
    static boolean isDecisionTransformer(Path path) {
        return Files.isDirectory(path) ? Files.isRegularFile(path.resolve(DecisionTransformerTrainer.MODEL_FILE))
                && !Files.exists(path.resolve(NETWORK_FILE))
                : path.getFileName() != null && path.getFileName().toString().equals(DecisionTransformerTrainer.MODEL_FILE);
    }

    /**
     * A Decision Transformer run: the same protocol, evaluator and report as a Q-network's, its episodes played by
     * {@link DecisionTransformerPolicy} (return-conditioned, greedy before epsilon).
     */
    private int evaluateDecisionTransformer(PrintWriter out, PrintWriter err) throws Exception {
        Path dir = Files.isDirectory(checkpoint) ? checkpoint : checkpoint.toAbsolutePath().getParent();
        Path modelFile = Files.isDirectory(checkpoint) ? checkpoint.resolve(DecisionTransformerTrainer.MODEL_FILE)
                : checkpoint;
        if (!Files.isRegularFile(modelFile)) {
            throw new IllegalArgumentException(String.format("--checkpoint %s: no such file", modelFile));
        }
        DecisionTransformer model = DecisionTransformer.load(modelFile);
        List<String> trained = model.games();
        List<String> selected = games == null ? trained : games.stream().map(String::trim).toList();
        Optional<Map<String, GameOrigin>> origins = Trainer.origins(dir);
        EnvironmentConfig env;
        Map<String, Integer> taskIds;
        if (origins.isPresent() && format == null) {
            TestbedEvaluationPlan plan = available(TestbedEvaluationPlan.of(trained, origins.get(), model.frameShape(),
                    model.numActions(), EnvironmentConfig.defaults().withMaxEpisodeSteps(maxSteps)));
            env = plan.environment();
            taskIds = plan.taskIds(selected);
        } else {
            env = EnvironmentConfig.defaults().withFormat(format == null ? ObservationFormat.COMMON : format)
                    .withMaxEpisodeSteps(maxSteps);
            taskIds = new LinkedHashMap<>();
            for (String g : selected) {
                int id = trained.indexOf(g);
                if (id < 0) {
                    throw new IllegalArgumentException(String.format("--games: '%s' is not one of the model's games "
                            + "%s (from %s)", g, trained, modelFile));
                }
                Games.info(g);
                if (taskIds.put(g, id) != null) {
                    throw new IllegalArgumentException("--games: '" + g + "' appears twice");
                }
            }
        }
        EvaluationConfig config = new EvaluationConfig(episodes, epsilon, env, seed, parallel,
                BootstrapConfig.defaults(seed).withReps(reps));
        ReturnConditioning returns = conditioning == Conditioning.expert ? ReturnConditioning.expert()
                : ReturnConditioning.target();
        err.printf("scaledql: evaluating Decision Transformer %s (%d games) on %s, format %s, mode %d, %d episodes "
                + "each, epsilon %s, seed %d, return conditioning %s%n", modelFile, trained.size(), taskIds,
                env.format(), env.mode(), episodes, epsilon, seed, returns);
        Map<String, Integer> ids = Map.copyOf(taskIds);
        List<String> order = List.copyOf(taskIds.keySet());
        return play(out, err, order.size(), progress -> new TestbedEvaluator(config).evaluatePolicy(order,
                DecisionTransformerPolicy.factory(model, ids, returns), progress));
    }

    /**
     * Plays the episodes and builds the report; {@code ./scaledql spark evaluate} overrides it to play each game
     * as a Spark task. Everything else (options, checkpoint resolution, output) is this command's.
     *
     * @param config      the evaluation settings
     * @param networkFile the network's file
     * @param network     the network, loaded from {@code networkFile}
     * @param taskIds     games in report order with their heads
     * @param progress    hears about finished episodes
     * @return the report
     * @throws Exception if the evaluation fails
     */
    protected EvaluationReport evaluate(EvaluationConfig config, Path networkFile, SameDiffQNetwork network,
                                        Map<String, Integer> taskIds, EvaluationListener progress) throws Exception {
        return new TestbedEvaluator(config).evaluate(network, taskIds, progress);
    }

    /** The JSON document: {@code {"games": [{name, taskId, episodes, meanReturn, normalized}], "iqm": {...}}}. */
    static Map<String, Object> toJson(EvaluationReport report) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (GameEvaluation g : report.games()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", g.game());
            row.put("taskId", g.taskId());
            row.put("episodes", g.episodes().size());
            row.put("meanReturn", g.meanReturn());
            row.put("normalized", g.normalizedMean());
            rows.add(row);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("games", rows);
        doc.put("iqm", report.iqm());
        return doc;
    }

    private static void printTable(PrintWriter out, EvaluationReport r) {
        out.printf("%-16s %6s %8s %12s %8s %10s %9s%n", "game", "taskId", "episodes", "meanReturn", "stdErr",
                "normalized", "truncated");
        for (GameEvaluation g : r.games()) {
            out.printf("%-16s %6d %8d %12.3f %8.3f %10.3f %9d%n", g.game(), g.taskId(), g.episodes().size(),
                    g.meanReturn(), g.stdError(), g.normalizedMean(), g.truncatedEpisodes());
        }
        out.printf("normalized IQM %.3f [%.3f, %.3f] (%s%% stratified bootstrap over episodes, %d reps; table %s)%n",
                r.iqm().point(), r.iqm().lower(), r.iqm().upper(), r.config().bootstrap().confidence() * 100,
                r.config().bootstrap().reps(), r.normalizationTable());
    }

    private static void checkHeads(Path gamesFile, int listed, Path networkFile, int heads) {
        if (listed != heads) {
            throw new IllegalArgumentException(String.format("%s lists %d games but %s has %d heads; the two must come "
                    + "from the same run", gamesFile, listed, networkFile, heads));
        }
    }

    /** Reads a run's games.json as the store named the games (any names), in taskId order. */
    static List<String> trainedGames(Path gamesFile) throws IOException {
        if (!Files.isRegularFile(gamesFile)) {
            throw new IllegalArgumentException(String.format("%s is missing; the run directory has %s but no list "
                    + "of its games", gamesFile, Trainer.ORIGINS_FILE));
        }
        JsonNode node;
        try {
            node = new ObjectMapper().readTree(Files.readString(gamesFile));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(String.format("%s: not valid JSON (%s); expected an array of game "
                    + "names in taskId order", gamesFile, e.getOriginalMessage()), e);
        }
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw new IllegalArgumentException(String.format("%s: expected a non-empty JSON array of game names in "
                    + "taskId order; got %s", gamesFile, node));
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode n = node.get(i);
            if (!n.isTextual() || names.contains(n.asText())) {
                throw new IllegalArgumentException(String.format("%s: element %d is %s; expected distinct game names",
                        gamesFile, i, n));
            }
            names.add(n.asText());
        }
        return names;
    }

    /** The network file named by PATH: the file itself, or DIR/network.sqlarr. */
    static Path networkFile(Path path) {
        if (Files.isDirectory(path)) {
            Path f = path.resolve(NETWORK_FILE);
            if (!Files.isRegularFile(f)) {
                throw new IllegalArgumentException(String.format("--checkpoint %s is a directory without %s; pass a "
                        + "run directory written by the trainer or a file written by SameDiffQNetwork.save", path,
                        NETWORK_FILE));
            }
            return f;
        }
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException(String.format("--checkpoint %s: no such file or directory", path));
        }
        return path;
    }

    /**
     * Game to taskId: from DIR/games.json when present ({@code --games} selects among them, default all), else
     * the order of {@code --games}.
     */
    static Map<String, Integer> taskIds(Path checkpoint, List<String> requested) throws IOException {
        List<String> selected = requested == null ? null : requested.stream().map(String::trim).toList();
        Path gamesFile = Files.isDirectory(checkpoint) ? checkpoint.resolve(GAMES_FILE) : null;
        Map<String, Integer> ids = new LinkedHashMap<>();
        if (gamesFile != null && Files.exists(gamesFile)) {
            List<String> listed = listedGames(gamesFile);
            for (String g : selected == null ? listed : selected) {
                int id = listed.indexOf(g);
                if (id < 0) {
                    throw new IllegalArgumentException(String.format("--games: '%s' is not one of the network's games "
                            + "%s (from %s)", g, listed, gamesFile));
                }
                if (ids.put(g, id) != null) {
                    throw new IllegalArgumentException("--games: '" + g + "' appears twice");
                }
            }
            return ids;
        }
        if (selected == null || selected.isEmpty()) {
            throw new IllegalArgumentException(String.format("--games is required: %s has no %s naming the network's "
                    + "games (their order in --games gives the taskIds)", checkpoint, GAMES_FILE));
        }
        for (String g : selected) {
            Games.info(g);
            if (ids.put(g, ids.size()) != null) {
                throw new IllegalArgumentException("--games: '" + g + "' appears twice");
            }
        }
        return ids;
    }

    /** Reads games.json: a JSON array of known, distinct game names. */
    static List<String> listedGames(Path gamesFile) throws IOException {
        JsonNode node;
        try {
            node = new ObjectMapper().readTree(Files.readString(gamesFile));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(String.format("%s: not valid JSON (%s); expected an array of game "
                    + "names in taskId order, e.g. [\"breakout\", \"pong\"]", gamesFile, e.getOriginalMessage()), e);
        }
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw new IllegalArgumentException(String.format("%s: expected a non-empty JSON array of game names in "
                    + "taskId order, e.g. [\"breakout\", \"pong\"]; got %s", gamesFile, node));
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode n = node.get(i);
            if (!n.isTextual() || !Games.names().contains(n.asText())) {
                throw new IllegalArgumentException(String.format("%s: element %d is %s; expected one of the testbed's "
                        + "games %s", gamesFile, i, n, Games.names()));
            }
            if (names.contains(n.asText())) {
                throw new IllegalArgumentException(String.format("%s: game '%s' appears twice (elements %d and %d)",
                        gamesFile, n.asText(), names.indexOf(n.asText()), i));
            }
            names.add(n.asText());
        }
        return names;
    }
}
