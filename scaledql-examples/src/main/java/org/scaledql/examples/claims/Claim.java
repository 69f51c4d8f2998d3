package org.scaledql.examples.claims;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;

/**
 * One of the paper's claims as the matrix tests it: the arms it compares and the orderings it predicts.
 *
 * @param id          the claim's letter in the issue ({@code a} to {@code j})
 * @param statement   the claim in one sentence
 * @param source      where the paper (or other work) makes it
 * @param arms        the arms shown for it (ids from {@link Claims#arms})
 * @param comparisons the orderings it predicts; the verdict needs every one
 * @param note        what the verdict does not test, or empty
 */
public record Claim(String id, String statement, String source, List<String> arms, List<Comparison> comparisons,
        String note) {

    /**
     * One predicted ordering: {@code better} scores above {@code worse}.
     *
     * @param better the arm predicted to score higher
     * @param worse  the arm predicted to score lower
     */
    public record Comparison(String better, String worse) {
    }

    /** Validates and copies. */
    public Claim {
        arms = List.copyOf(arms);
        comparisons = List.copyOf(comparisons);
        checkArgument(!comparisons.isEmpty(), "claim %s needs at least one comparison", id);
        for (Comparison c : comparisons) {
            checkArgument(arms.contains(c.better()) && arms.contains(c.worse()),
                    "claim %s compares %s with %s, which are not both among its arms %s", id, c.better(), c.worse(), arms);
        }
    }
}
