package org.scaledql.api.dt;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * How a Decision Transformer's policy sets the return token of each step it plays.
 *
 * <ul>
 *   <li>{@link TargetReturn} (Chen et al. 2021, "Decision Transformer"): the game's largest return-to-go in the
 *       training data, minus the return collected so far in the episode.</li>
 *   <li>{@link ExpertPrompt} (Lee et al. 2022, "Multi-Game Decision Transformers", and their released
 *       evaluation code): the return bin is sampled from the model's own prediction of it, tilted towards high
 *       returns: logits plus {@code optimalityWeight} times the bin's position in {@code [0, 1]} (log P(expert |
 *       return)), divided by {@code temperature}; of {@code samples} draws the highest bin is taken.</li>
 * </ul>
 */
public sealed interface ReturnConditioning permits ReturnConditioning.TargetReturn, ReturnConditioning.ExpertPrompt {

    /** Chen et al.'s target-return conditioning. */
    record TargetReturn() implements ReturnConditioning {
    }

    /**
     * Lee et al.'s expert-return prompting.
     *
     * @param optimalityWeight the weight {@code kappa} of log P(expert | return), proportional to the bin's position
     *                         in the return range; at least 0
     * @param samples          draws per step, of which the highest bin is taken; at least 1
     * @param temperature      the return distribution's temperature; positive
     */
    record ExpertPrompt(double optimalityWeight, int samples, double temperature) implements ReturnConditioning {

        /**
         * Validates the fields.
         *
         * @param optimalityWeight the weight of log P(expert | return)
         * @param samples          draws per step
         * @param temperature      the temperature
         */
        public ExpertPrompt {
            checkArgument(optimalityWeight >= 0 && Double.isFinite(optimalityWeight),
                    "optimalityWeight must be finite and >= 0; got %s", optimalityWeight);
            checkArgument(samples >= 1, "samples must be >= 1; got %s", samples);
            checkArgument(temperature > 0 && Double.isFinite(temperature), "temperature must be positive; got %s",
                    temperature);
        }
    }

    /** {@return Chen et al.'s target-return conditioning} */
    static ReturnConditioning target() {
        return new TargetReturn();
    }

    /**
     * {@return Lee et al.'s expert-return prompting with the settings of their released evaluation code:
     * optimality weight 0, 128 samples of which the highest is taken, temperature 0.75}
     */
    static ReturnConditioning expert() {
        return new ExpertPrompt(0, 128, 0.75);
    }
}
