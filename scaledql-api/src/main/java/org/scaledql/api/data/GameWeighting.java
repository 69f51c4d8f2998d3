package org.scaledql.api.data;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Objects;

/**
 * How a sampler spreads a batch over games.
 *
 * @param kind    the rule
 * @param weights for {@link Kind#EXPLICIT}: one non-negative weight per game, in the sampler's game order
 *                (they need not sum to 1); empty otherwise
 */
public record GameWeighting(Kind kind, List<Double> weights) {

    /** The weighting rules. */
    public enum Kind {
        /** Every valid transition of every game equally likely: games weigh as much as their data. */
        UNIFORM,
        /** Each game equally likely, then a uniform valid transition within it. */
        GAME_BALANCED,
        /** Game {@code g} with probability proportional to {@code weights[g]}. */
        EXPLICIT
    }

    /**
     * Validates that weights come exactly with {@link Kind#EXPLICIT} and are finite, non-negative, not all 0.
     *
     * @param kind    the rule
     * @param weights for {@link Kind#EXPLICIT}: one non-negative weight per game, in the sampler's game order (they
     *                need not sum to 1); empty otherwise
     */
    public GameWeighting {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(weights, "weights");
        weights = ImmutableList.copyOf(weights);
        if (kind == Kind.EXPLICIT) {
            checkArgument(!weights.isEmpty(), "EXPLICIT game weighting needs one weight per game; got none");
            checkArgument(weights.stream().allMatch(w -> Double.isFinite(w) && w >= 0),
                    "game weights must be finite and >= 0; got %s", weights);
            checkArgument(weights.stream().mapToDouble(Double::doubleValue).sum() > 0,
                    "game weights must not all be 0; got %s", weights);
        } else {
            checkArgument(weights.isEmpty(), "%s game weighting takes no weights; got %s (use EXPLICIT)", kind, weights);
        }
    }

    /**
     * Uniform over all valid transitions.
     *
     * @return the weighting
     */
    public static GameWeighting uniform() {
        return new GameWeighting(Kind.UNIFORM, List.of());
    }

    /** {@return each game equally likely} */
    public static GameWeighting gameBalanced() {
        return new GameWeighting(Kind.GAME_BALANCED, List.of());
    }

    /**
     * Game {@code g} with probability proportional to {@code weights[g]}.
     *
     * @param weights for {@link Kind#EXPLICIT}: one non-negative weight per game, in the sampler's game order (they
     *                need not sum to 1); empty otherwise
     * @return the weighting
     */
    public static GameWeighting explicit(double... weights) {
        return new GameWeighting(Kind.EXPLICIT, java.util.Arrays.stream(weights).boxed().toList());
    }
}
