package org.scaledql.core.metrics;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.scaledql.api.metrics.NormalizationTable;
import org.scaledql.api.metrics.NormalizationTableProvider;
import org.scaledql.api.metrics.ReferenceScores;

/**
 * The registry of named normalization tables, and the built-in Atari-57 table.
 *
 * <p>{@link #byName(String)} looks first at the built-in tables ({@code atari57}), then at every
 * {@link NormalizationTableProvider} on the classpath ({@link ServiceLoader}). A module (e.g. the testbed)
 * contributes its table by implementing the provider and listing it in
 * {@code META-INF/services/org.scaledql.api.metrics.NormalizationTableProvider}; nothing here needs editing.
 */
public final class NormalizationTables {

    /** Name of the Atari-57 human/random table. */
    public static final String ATARI57 = "atari57";

    private static final String ATARI57_RESOURCE = "atari57-reference-scores.tsv";
    private static final Map<String, Supplier<NormalizationTable>> BUILT_IN = Map.of(ATARI57, NormalizationTables::atari57);

    private NormalizationTables() {
    }

    /**
     * {@return the Atari-57 table: random and human scores (undiscounted episode returns; episodes start after 1-30
     * uniform no-ops; 108,000-frame cap)} Source: github.com/google-deepmind/dqn_zoo, {@code dqn_zoo/atari_data.py}
     * (commit 359945dcb6f6a04f16e380b210c4f22b57681905); Dopamine's {@code normalization_utils.py} has the same
     * numbers except {@code video_pinball} random (0.0 there). Game names are snake_case ({@code ms_pacman}); lookups
     * ignore case and punctuation. Games outside the 57 (Carnival, Pooyan, ...) are not in it: normalizing them is an
     * error unless a fallback is given.
     */
    public static NormalizationTable atari57() {
        return Atari57.TABLE;
    }

    /**
     * {@return the table registered under {@code name} (exact, case-sensitive)}
     *
     * @param name the table's name
     * @throws IllegalArgumentException naming the unknown table and listing the known ones
     */
    public static NormalizationTable byName(String name) {
        Objects.requireNonNull(name, "name");
        Supplier<NormalizationTable> builtIn = BUILT_IN.get(name);
        if (builtIn != null) {
            return builtIn.get();
        }
        for (NormalizationTableProvider p : ServiceLoader.load(NormalizationTableProvider.class)) {
            for (NormalizationTable t : p.tables()) {
                if (t.name().equals(name)) {
                    return t;
                }
            }
        }
        throw new IllegalArgumentException(String.format(
                "unknown normalization table '%s'; known tables: %s", name, names()));
    }

    /**
     * Names of every table {@link #byName(String)} can return, sorted.
     *
     * @return the names
     */
    public static SortedSet<String> names() {
        TreeSet<String> names = new TreeSet<>(BUILT_IN.keySet());
        for (NormalizationTableProvider p : ServiceLoader.load(NormalizationTableProvider.class)) {
            p.tables().forEach(t -> names.add(t.name()));
        }
        return names;
    }

    /**
     * Parses a reference-score table: {@code #} comment lines, then a header {@code game<TAB>random<TAB>reference}
     * (the third column's header is free, e.g. {@code human}), then one game per line.
     *
     * @param name   the table's name
     * @param in     the table text
     * @param source names the input in error messages
     * @return the table
     * @throws IOException if reading or writing fails
     */
    public static NormalizationTable parseTsv(String name, InputStream in, String source) throws IOException {
        Map<String, ReferenceScores> games = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int lineNo = 0;
            boolean header = true;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                checkArgument(f.length == 3, "%s line %s: expected 3 tab-separated fields (game, random, reference); got %s: '%s'",
                        source, lineNo, f.length, line);
                if (header) {
                    checkArgument(f[0].trim().equals("game") && f[1].trim().equals("random"),
                            "%s line %s: expected the header 'game<TAB>random<TAB><reference>'; got '%s'", source, lineNo, line);
                    header = false;
                    continue;
                }
                double random = parse(f[1], source, lineNo, "random");
                double reference = parse(f[2], source, lineNo, "reference");
                checkArgument(games.put(f[0].trim(), new ReferenceScores(random, reference)) == null,
                        "%s line %s: game '%s' appears twice", source, lineNo, f[0].trim());
            }
        }
        return new NormalizationTable(name, games);
    }

    private static double parse(String field, String source, int lineNo, String column) {
        try {
            return Double.parseDouble(field.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(String.format(
                    "%s line %s, column %s: expected a number; got '%s'", source, lineNo, column, field), e);
        }
    }

    /** Loads the Atari-57 resource once, on first use. */
    private static final class Atari57 {
        static final NormalizationTable TABLE = load();

        private static NormalizationTable load() {
            try (InputStream in = NormalizationTables.class.getResourceAsStream(ATARI57_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + ATARI57_RESOURCE + " missing from the scaledql-core jar");
                }
                return parseTsv(ATARI57, in, ATARI57_RESOURCE);
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + ATARI57_RESOURCE, e);
            }
        }
    }
}
