package org.scaledql.api.metrics;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A named table of per-game {@link ReferenceScores} for score normalization
 * {@code (score - random) / (reference - random)}, e.g. the Atari-57 human/random table.
 *
 * <p><b>Game names</b> are matched ignoring case and every character that is not a letter or digit, so
 * {@code ms_pacman}, {@code MsPacman} and {@code ms-pacman} are the same game. Two entries that match
 * this way are rejected.
 *
 * <p><b>Unknown games</b> (e.g. Carnival or Pooyan, which have no human score in the Atari-57 table) are an
 * error naming the game, unless the caller passes an explicit fallback to
 * {@link #normalize(ScoreMatrix, ReferenceScores)} ({@link ReferenceScores#identity()} keeps their raw
 * scores). Nothing is silently dropped.
 *
 * @param name  the registry name, e.g. {@code atari57}
 * @param games game name to its anchors; at least one
 */
public record NormalizationTable(String name, Map<String, ReferenceScores> games) {

    /**
     * Validates the name and the entries; copies the map (keeping its order).
     *
     * @param name  the registry name, e.g. {@code atari57}
     * @param games game name to its anchors; at least one
     */
    public NormalizationTable {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(games, "games");
        checkArgument(!name.isBlank(), "a normalization table needs a non-blank name; got '%s'", name);
        checkArgument(!games.isEmpty(), "normalization table '%s' needs at least one game", name);
        Map<String, String> canonical = new HashMap<>();
        for (Map.Entry<String, ReferenceScores> e : games.entrySet()) {
            Objects.requireNonNull(e.getValue(), "reference scores of game " + e.getKey());
            String key = canonicalGameName(e.getKey());
            checkArgument(!key.isEmpty(), "table '%s': game name '%s' has no letter or digit", name, e.getKey());
            String before = canonical.put(key, e.getKey());
            checkArgument(before == null,
                    "table '%s': games '%s' and '%s' are the same name ignoring case and punctuation; keep one",
                    name, before, e.getKey());
        }
        games = ImmutableMap.copyOf(games);
    }

    /**
     * {@return a table from {@code {random, reference}} pairs, the form a testbed registers its own games in}
     *
     * @param name the registry name, e.g. {@code atari57}
     * @param anchors game name to a two-element array {@code {random, reference}}
     */
    public static NormalizationTable of(String name, Map<String, double[]> anchors) {
        Objects.requireNonNull(anchors, "anchors");
        Map<String, ReferenceScores> games = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : anchors.entrySet()) {
            double[] a = Objects.requireNonNull(e.getValue(), "anchors of game " + e.getKey());
            checkArgument(a.length == 2,
                    "table '%s', game '%s': anchors must be {random, reference}; got %s values",
                    name, e.getKey(), a.length);
            games.put(e.getKey(), new ReferenceScores(a[0], a[1]));
        }
        return new NormalizationTable(name, games);
    }

    /**
     * {@return the form game names are compared in: lower case, letters and digits only ({@code "Ms_Pacman"} becomes
     * {@code "mspacman"})}
     *
     * @param game a game's name
     */
    public static String canonicalGameName(String game) {
        return game.toLowerCase(Locale.ROOT).replaceAll("[^\\p{IsAlphabetic}\\p{IsDigit}]", "");
    }

    /**
     * {@return the anchors of a game, if the table has it (matching as described in the class comment)}
     *
     * @param game a game's name
     */
    public Optional<ReferenceScores> find(String game) {
        Objects.requireNonNull(game, "game");
        ReferenceScores exact = games.get(game);
        if (exact != null) {
            return Optional.of(exact);
        }
        String key = canonicalGameName(game);
        for (Map.Entry<String, ReferenceScores> e : games.entrySet()) {
            if (canonicalGameName(e.getKey()).equals(key)) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    /**
     * {@return whether the table has the game}
     *
     * @param game a game's name
     */
    public boolean contains(String game) {
        return find(game).isPresent();
    }

    /**
     * {@return the anchors of a game}
     *
     * @param game a game's name
     * @throws IllegalArgumentException naming the game and the table when it is absent
     */
    public ReferenceScores reference(String game) {
        return find(game).orElseThrow(() -> new IllegalArgumentException(String.format(
                "game '%s' is not in normalization table '%s' (names match ignoring case and punctuation); "
                        + "pass an explicit fallback for games without reference scores, or use a table that "
                        + "has it. Known games: %s", game, name, games.keySet())));
    }

    /**
     * {@return the normalized score of one game} Throws for an unknown game, naming it.
     *
     * @param game  the game's name
     * @param score the raw score
     */
    public double normalize(String game, double score) {
        return reference(game).normalize(score);
    }

    /**
     * Normalizes every column of a raw score matrix by its task's anchors.
     *
     * @param raw the raw scores
     * @return the normalized scores
     * @throws IllegalArgumentException naming the first task that is not in the table
     */
    public ScoreMatrix normalize(ScoreMatrix raw) {
        return normalize(raw, null);
    }

    /**
     * Normalizes every column of a raw score matrix; tasks not in the table use {@code fallback}.
     *
     * @param raw      the raw scores
     * @param fallback anchors for unknown games, or {@code null} to make an unknown game an error
     * @return the normalized scores
     */
    public ScoreMatrix normalize(ScoreMatrix raw, ReferenceScores fallback) {
        Objects.requireNonNull(raw, "raw");
        List<String> tasks = raw.taskNames();
        ReferenceScores[] anchors = new ReferenceScores[tasks.size()];
        for (int t = 0; t < anchors.length; t++) {
            anchors[t] = fallback == null ? reference(tasks.get(t)) : find(tasks.get(t)).orElse(fallback);
        }
        double[][] s = raw.scores();
        for (double[] row : s) {
            for (int t = 0; t < row.length; t++) {
                row[t] = anchors[t].normalize(row[t]);
            }
        }
        return new ScoreMatrix(tasks, s);
    }
}
