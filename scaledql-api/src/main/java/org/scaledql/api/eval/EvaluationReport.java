package org.scaledql.api.eval;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.scaledql.api.metrics.Interval;
import org.scaledql.api.metrics.ScoreMatrix;

/**
 * What an {@link Evaluator} measured: per game the raw return of every episode and the normalized mean,
 * and the aggregate normalized IQM with its stratified-bootstrap interval over episodes.
 *
 * @param games              one entry per evaluated game, in the order asked for
 * @param iqm                the IQM of the {@code [episodes x games]} normalized returns, with the percentile
 *                           interval of a stratified bootstrap that resamples episodes within each game
 * @param normalizationTable the name of the table the scores were normalized with (e.g. {@code testbed})
 * @param config             the settings used
 */
public record EvaluationReport(List<GameEvaluation> games, Interval iqm, String normalizationTable,
        EvaluationConfig config) {

    /**
     * Validates the fields and copies the list.
     *
     * @param games              one entry per evaluated game, in the order asked for
     * @param iqm                the IQM of the {@code [episodes x games]} normalized returns, with the percentile
     *                           interval of a stratified bootstrap that resamples episodes within each game
     * @param normalizationTable the name of the table the scores were normalized with (e.g. {@code testbed})
     * @param config             the settings used
     */
    public EvaluationReport {
        checkArgument(games != null && !games.isEmpty(), "a report needs at least one game");
        Objects.requireNonNull(iqm, "iqm");
        Objects.requireNonNull(normalizationTable, "normalizationTable");
        Objects.requireNonNull(config, "config");
        games = ImmutableList.copyOf(games);
    }

    /**
     * {@return the normalized returns as a score matrix: one column per game, one row per episode index (episodes are
     * the "runs" of the bootstrap)}
     */
    public ScoreMatrix normalizedScores() {
        Map<String, double[]> columns = new LinkedHashMap<>();
        for (GameEvaluation g : games) {
            columns.put(g.game(), g.normalizedReturns());
        }
        return ScoreMatrix.ofColumns(columns);
    }

    /**
     * {@return the per-game normalized means as one row: the row this evaluation contributes to a {@code [seeds x
     * games]} matrix when several training seeds are compared}
     */
    public ScoreMatrix normalizedMeans() {
        double[] row = games.stream().mapToDouble(GameEvaluation::normalizedMean).toArray();
        return new ScoreMatrix(games.stream().map(GameEvaluation::game).toList(), new double[][] {row});
    }

    /**
     * {@return the evaluation of one game}
     *
     * @param name the game's name
     * @throws IllegalArgumentException if the game was not evaluated
     */
    public GameEvaluation game(String name) {
        return games.stream().filter(g -> g.game().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException(String.format("game '%s' was not evaluated; the report has %s", name,
                        games.stream().map(GameEvaluation::game).toList())));
    }
}
