package org.scaledql.core.eval;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.scaledql.api.data.TransitionStore;
import org.scaledql.api.eval.EpisodeResult;
import org.scaledql.api.eval.EvaluationConfig;
import org.scaledql.api.eval.EvaluationReport;
import org.scaledql.api.eval.GameEvaluation;
import org.scaledql.api.metrics.Interval;
import org.scaledql.api.metrics.NormalizationTable;
import org.scaledql.api.metrics.ScoreMatrix;
import org.scaledql.core.data.store.StoreSummary;
import org.scaledql.core.env.TestbedTableProvider;
import org.scaledql.core.metrics.Aggregates;
import org.scaledql.core.metrics.StratifiedBootstrap;

/**
 * The score of a dataset's own trajectories, the paper's "behavior policy" (Fig. 2: "the score of the dataset
 * trajectories"), for data whose behaviour cannot be replayed: the logged replay of a learning agent
 * ({@code dqn-log}) changes policy as it goes.
 *
 * <p>Per game, {@code episodes} completed episodes (each ending in a terminal) are taken evenly spaced in the
 * order they were logged (indices {@code round(i (n - 1) / (episodes - 1))}), so the score covers the whole
 * log, early and late, as the mean over all its trajectories does; the report then has exactly the shape of an
 * {@link org.scaledql.api.eval.Evaluator} report of {@code episodes} episodes per game, and its IQM and
 * stratified-bootstrap interval are computed the same way. Episodes cut at the end of the log are not counted.
 */
public final class DatasetScores {

    private DatasetScores() {
    }

    /**
     * Scores the stored trajectories of {@code games}, normalized with the testbed table.
     *
     * @param store  the data
     * @param games  games of the store, in the report's order
     * @param config its episode count is the number of trajectories taken per game and its bootstrap settings
     *               give the interval; nothing else is used
     * @return one game entry per game and the IQM with its interval
     * @throws IllegalArgumentException if a game has fewer completed episodes than {@code config.episodes()}
     */
    public static EvaluationReport of(TransitionStore store, List<String> games, EvaluationConfig config) {
        return of(store, games, config, TestbedTableProvider.table());
    }

    /**
     * As {@link #of(TransitionStore, List, EvaluationConfig)}, normalized with {@code table}.
     *
     * @param store  the data
     * @param games  games of the store, in the report's order
     * @param config the trajectories per game and the bootstrap settings
     * @param table  must contain every game
     * @return one game entry per game and the IQM with its interval
     */
    public static EvaluationReport of(TransitionStore store, List<String> games, EvaluationConfig config,
            NormalizationTable table) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(table, "table");
        int m = config.episodes();
        List<GameEvaluation> out = new ArrayList<>(games.size());
        Map<String, double[]> columns = new LinkedHashMap<>();
        for (int g = 0; g < games.size(); g++) {
            String game = games.get(g);
            StoreSummary summary = StoreSummary.of(store.records(game), true);
            List<Double> returns = summary.episodeReturns();
            List<Long> lengths = summary.episodeLengths();
            int n = returns.size();
            checkArgument(n >= m, "game '%s' has %s completed episodes in the data; scoring its trajectories needs "
                    + "at least %s (the evaluation's episodes per game)", game, n, m);
            List<EpisodeResult> picked = new ArrayList<>(m);
            for (int i = 0; i < m; i++) {
                int k = m == 1 ? n - 1 : (int) Math.round((double) i * (n - 1) / (m - 1));
                picked.add(new EpisodeResult(game, g, i, returns.get(k), Math.toIntExact(lengths.get(k)), false));
            }
            GameEvaluation ge = new GameEvaluation(game, g, picked, table.reference(game));
            out.add(ge);
            columns.put(game, ge.normalizedReturns());
        }
        Interval iqm = new StratifiedBootstrap(config.bootstrap()).interval(ScoreMatrix.ofColumns(columns),
                Aggregates.iqm());
        return new EvaluationReport(out, iqm, table.name(), config);
    }
}
