package org.scaledql.core.eval;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.scaledql.api.env.BehaviorPolicy;
import org.scaledql.api.env.EnvironmentSpec;
import org.scaledql.api.env.StepOutcome;
import org.scaledql.api.eval.EpisodeResult;
import org.scaledql.api.eval.EvaluationConfig;
import org.scaledql.api.eval.EvaluationListener;
import org.scaledql.api.eval.EvaluationReport;
import org.scaledql.api.eval.Evaluator;
import org.scaledql.api.eval.GameEvaluation;
import org.scaledql.api.metrics.Interval;
import org.scaledql.api.metrics.NormalizationTable;
import org.scaledql.api.metrics.ScoreMatrix;
import org.scaledql.api.nn.QNetwork;
import org.scaledql.core.env.Games;
import org.scaledql.core.env.GridEnvironment;
import org.scaledql.core.env.TestbedTableProvider;
import org.scaledql.core.metrics.Aggregates;
import org.scaledql.core.metrics.StratifiedBootstrap;

/**
 * The {@link Evaluator} of the testbed games.
 *
 * <p><b>Protocol.</b> Every game is played for {@code M = config.episodes()} episodes. Episode {@code e} of
 * game {@code g} runs in its own fresh environment ({@code Games.create(g, config.environment(), s)} with
 * {@code s = EvaluationSeeds.environment(seed, g, e)}), with its own epsilon generator
 * ({@link EvaluationSeeds#epsilon}): at every step it draws {@code u} uniform in [0, 1) and a uniform action,
 * both always, and plays the random action when {@code u < epsilon}, otherwise the policy's. The environment
 * applies sticky actions and truncates at its step cap; a truncated episode counts with the return it had.
 *
 * <p><b>Batching.</b> Up to {@code config.maxParallelEpisodes()} episodes, of all games together, are stepped
 * in lock-step; for a network, each step is ONE {@link QNetwork#qValues} call on the {@code [n, C, H, W]}
 * observations of the {@code n} running episodes with their taskIds; the greedy action is the lowest index
 * among the largest Q-values. A finished episode's slot is refilled with the next pending episode. Since
 * every episode has its own seeds, results do not depend on the batch width.
 *
 * <p><b>Aggregate.</b> The normalized returns form an {@code [M x games]} {@link ScoreMatrix} whose runs are
 * episodes; the IQM pools all {@code M x games} scores and its interval comes from a stratified bootstrap
 * that resamples episodes within each game ({@link StratifiedBootstrap}, settings {@code config.bootstrap()}).
 * It measures evaluation noise of this one policy, not training-seed variance (see docs/evaluation.md).
 */
public final class TestbedEvaluator implements Evaluator {

    private final EvaluationConfig config;
    private final NormalizationTable table;

    /**
     * An evaluator normalizing with the testbed's table ({@link TestbedTableProvider#table()}).
     *
     * @param config the evaluation settings
     */
    public TestbedEvaluator(EvaluationConfig config) {
        this(config, TestbedTableProvider.table());
    }

    /**
     * An evaluator normalizing with the given table.
     *
     * @param config the evaluation settings
     * @param table must contain every game that will be evaluated
     */
    public TestbedEvaluator(EvaluationConfig config, NormalizationTable table) {
        this.config = Objects.requireNonNull(config, "config");
        this.table = Objects.requireNonNull(table, "table");
    }

    /** {@return the settings} */
    public EvaluationConfig config() {
        return config;
    }

    @Override
    public EvaluationReport evaluate(QNetwork network, Map<String, Integer> taskIds, EvaluationListener listener) {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(taskIds, "taskIds");
        checkArgument(!taskIds.isEmpty(), "evaluate needs at least one game; got an empty game->taskId map");
        int numGames = network.config().numGames();
        int[] netShape = network.config().observationShape();
        List<String> games = new ArrayList<>(taskIds.keySet());
        int[] ids = new int[games.size()];
        for (int i = 0; i < ids.length; i++) {
            String game = games.get(i);
            Integer id = Objects.requireNonNull(taskIds.get(game), () -> "taskId of game " + game);
            checkArgument(id >= 0 && id < numGames,
                    "game '%s' has taskId %s but the network has %s heads (taskIds 0..%s); map each game to the "
                            + "index it had in the training game list", game, id, numGames, numGames - 1);
            ids[i] = id;
            EnvironmentSpec spec = probe(game);
            checkArgument(Arrays.equals(netShape, spec.observationShape()),
                    "the network was built for observations %s but game '%s' in format %s (mode %s) gives %s; "
                            + "evaluate with the EnvironmentConfig (observation format) the network was trained on",
                    Arrays.toString(netShape), game, spec.format(), spec.mode(),
                    Arrays.toString(spec.observationShape()));
            checkArgument(network.config().numActions() == spec.numActions(),
                    "the network has %s actions but game '%s' has %s; the testbed's networks need %s",
                    network.config().numActions(), game, spec.numActions(), spec.numActions());
        }
        return run(games, ids, new NetworkActions(network), null, listener);
    }

    @Override
    public EvaluationReport evaluatePolicy(List<String> games, PolicyFactory policies, EvaluationListener listener) {
        Objects.requireNonNull(games, "games");
        Objects.requireNonNull(policies, "policies");
        checkArgument(!games.isEmpty(), "evaluatePolicy needs at least one game; got none");
        checkArgument(games.stream().distinct().count() == games.size(),
                "each game can be evaluated once; got duplicates in %s", games);
        int[] ids = new int[games.size()];
        for (int i = 0; i < ids.length; i++) {
            probe(games.get(i));
            ids[i] = i;
        }
        return run(List.copyOf(games), ids, new PolicyActions(policies), policies, listener);
    }

    /** Validates a game name and its variant; checks the table has it; returns its environment's spec. */
    private EnvironmentSpec probe(String game) {
        Objects.requireNonNull(game, "game");
        Games.info(game); // unknown game: a clear error listing the testbed
        table.reference(game); // a game the table lacks: a clear error naming it
        return Games.create(game, config.environment(), 0L).spec();
    }

    /** One running episode. */
    private static final class Slot {
        final int gameIndex;
        final int taskId;
        final int episode;
        final GridEnvironment env;
        final SplittableRandom epsilonRng;
        final BehaviorPolicy policy;

        Slot(int gameIndex, int taskId, int episode, GridEnvironment env, SplittableRandom epsilonRng,
                BehaviorPolicy policy) {
            this.gameIndex = gameIndex;
            this.taskId = taskId;
            this.episode = episode;
            this.env = env;
            this.epsilonRng = epsilonRng;
            this.policy = policy;
        }
    }

    /** Chooses the policy's (pre-epsilon) action of every running episode. */
    private interface ActionSource {
        void choose(List<Slot> running, int[] actions);
    }

    /** One batched forward per step. */
    private static final class NetworkActions implements ActionSource {
        private final QNetwork network;
        private float[] obs = new float[0];

        NetworkActions(QNetwork network) {
            this.network = network;
        }

        @Override
        public void choose(List<Slot> running, int[] actions) {
            int n = running.size();
            int[] shape = network.config().observationShape();
            int size = shape[0] * shape[1] * shape[2];
            if (obs.length != n * size) {
                obs = new float[n * size];
            }
            int[] tasks = new int[n];
            for (int i = 0; i < n; i++) {
                running.get(i).env.observe(obs, i * size);
                tasks[i] = running.get(i).taskId;
            }
            INDArray o = Nd4j.create(obs, new long[] {n, shape[0], shape[1], shape[2]}, 'c');
            INDArray q = network.qValues(o, Nd4j.createFromArray(tasks));
            float[][] qv = q.castTo(DataType.FLOAT).toFloatMatrix();
            checkArgument(qv.length == n, "qValues returned %s rows for a batch of %s", qv.length, n);
            for (int i = 0; i < n; i++) {
                float[] row = qv[i];
                int best = 0;
                for (int a = 0; a < row.length; a++) {
                    if (!Float.isFinite(row[a])) {
                        throw new IllegalStateException(String.format(
                                "the network produced a non-finite Q-value (%s) for action %s of game %s "
                                        + "(taskId %s); the parameters are probably corrupt", row[a], a,
                                running.get(i).env.spec().name(), running.get(i).taskId));
                    }
                    if (row[a] > row[best]) {
                        best = a;
                    }
                }
                actions[i] = best;
            }
        }
    }

    /** Each episode's behaviour policy, asked together through its factory ({@link PolicyFactory#actAll}). */
    private static final class PolicyActions implements ActionSource {
        private final PolicyFactory factory;

        PolicyActions(PolicyFactory factory) {
            this.factory = factory;
        }

        @Override
        public void choose(List<Slot> running, int[] actions) {
            List<BehaviorPolicy> policies = new ArrayList<>(running.size());
            List<GridEnvironment> envs = new ArrayList<>(running.size());
            for (Slot s : running) {
                policies.add(s.policy);
                envs.add(s.env);
            }
            factory.actAll(policies, envs, actions);
        }
    }

    private EvaluationReport run(List<String> games, int[] taskIds, ActionSource source, PolicyFactory policies,
            EvaluationListener listener) {
        Objects.requireNonNull(listener, "listener");
        int m = config.episodes();
        int total = m * games.size();
        // Episode-major order: every game progresses from the start (the results do not depend on it).
        Deque<int[]> pending = new ArrayDeque<>(total);
        for (int e = 0; e < m; e++) {
            for (int g = 0; g < games.size(); g++) {
                pending.add(new int[] {g, e});
            }
        }
        EpisodeResult[][] results = new EpisodeResult[games.size()][m];
        List<Slot> running = new ArrayList<>();
        int[] finished = {0};
        while (running.size() < config.maxParallelEpisodes() && !pending.isEmpty()) {
            start(pending.poll(), games, taskIds, policies, running, results, listener, finished, total);
        }
        int[] actions = new int[running.size()];
        while (!running.isEmpty()) {
            if (actions.length != running.size()) {
                actions = new int[running.size()];
            }
            source.choose(running, actions);
            List<Slot> next = new ArrayList<>(running.size());
            for (int i = 0; i < running.size(); i++) {
                Slot s = running.get(i);
                // Both draws every step, so the stream does not depend on which branch is taken.
                double u = s.epsilonRng.nextDouble();
                int randomAction = s.epsilonRng.nextInt(s.env.spec().numActions());
                StepOutcome o = s.env.step(u < config.epsilon() ? randomAction : actions[i]);
                if (!o.done()) {
                    next.add(s);
                    continue;
                }
                finish(s, o.truncated(), games, results, listener, finished, total);
                // Refill the slot, skipping (recording) episodes that end on reset.
                while (!pending.isEmpty()) {
                    if (start(pending.poll(), games, taskIds, policies, next, results, listener, finished, total)) {
                        break;
                    }
                }
            }
            running = next;
        }
        List<List<EpisodeResult>> episodes = new ArrayList<>(games.size());
        for (int g = 0; g < games.size(); g++) {
            episodes.add(Arrays.asList(results[g]));
        }
        return report(episodes);
    }

    /**
     * The report of games whose episodes were played separately (for instance one game per machine): every
     * episode has its own seeds, so it equals the report of evaluating them together. Normalizes with this
     * evaluator's table and computes the IQM interval with its bootstrap settings.
     *
     * @param episodes per game, in the order the report lists them, its episodes in order (each list non-empty,
     *                 one game and one taskId per list)
     * @return the report
     */
    public EvaluationReport report(List<List<EpisodeResult>> episodes) {
        List<GameEvaluation> out = new ArrayList<>(episodes.size());
        Map<String, double[]> columns = new LinkedHashMap<>();
        for (List<EpisodeResult> list : episodes) {
            checkArgument(!list.isEmpty(), "every game needs at least one episode; got an empty list");
            String game = list.get(0).game();
            GameEvaluation ge = new GameEvaluation(game, list.get(0).taskId(), list, table.reference(game));
            out.add(ge);
            columns.put(ge.game(), ge.normalizedReturns());
        }
        Interval iqm = new StratifiedBootstrap(config.bootstrap()).interval(ScoreMatrix.ofColumns(columns),
                Aggregates.iqm());
        return new EvaluationReport(out, iqm, table.name(), config);
    }

    /** Starts an episode; returns false when it ended on reset (recorded as a 0-step episode). */
    private boolean start(int[] job, List<String> games, int[] taskIds, PolicyFactory policies, List<Slot> running,
            EpisodeResult[][] results, EvaluationListener listener, int[] finished, int total) {
        int g = job[0];
        int e = job[1];
        String game = games.get(g);
        long seed = config.seed();
        GridEnvironment env = Games.create(game, config.environment(), EvaluationSeeds.environment(seed, game, e));
        BehaviorPolicy policy = policies == null ? null
                : Objects.requireNonNull(policies.create(game, EvaluationSeeds.policy(seed, game, e)),
                        () -> "the policy factory returned null for game " + game);
        Slot s = new Slot(g, taskIds[g], e, env, new SplittableRandom(EvaluationSeeds.epsilon(seed, game, e)), policy);
        env.reset();
        if (env.isDone()) {
            finish(s, false, games, results, listener, finished, total);
            return false;
        }
        running.add(s);
        return true;
    }

    private static void finish(Slot s, boolean truncated, List<String> games, EpisodeResult[][] results,
            EvaluationListener listener, int[] finished, int total) {
        EpisodeResult r = new EpisodeResult(games.get(s.gameIndex), s.taskId, s.episode, s.env.episodeReturn(),
                s.env.episodeSteps(), truncated);
        results[s.gameIndex][s.episode] = r;
        finished[0]++;
        listener.episodeFinished(r, finished[0], total);
    }
}
