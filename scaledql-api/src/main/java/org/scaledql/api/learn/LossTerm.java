package org.scaledql.api.learn;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * One term of a training objective, added to the step's own graph: the step adds {@code weight * build(context)}
 * to the total it differentiates and reports the weighted value as the metric {@code loss/NAME}, so an extra term
 * costs its own ops only, never a second forward or backward pass.
 *
 * <p>Add one to the Scaled QL step with {@code ScaledQlTrainStep.builder(net).addLossTerm(term, weight)}. A term
 * is a builder, called once per graph it is added to (the data-parallel step builds it once per replica), so it
 * should keep no state of its own. Example, an L2 penalty on the data actions' Q-values:
 *
 * <pre>{@code
 * LossTerm qPenalty = LossTerm.of("q_l2", c -> c.dataActionQ().mul(c.dataActionQ()).mean());
 * ScaledQlTrainStep step = ScaledQlTrainStep.builder(net).addLossTerm(qPenalty, 1e-3).build();
 * step.step(batch).metric("loss/q_l2");    // 1e-3 * mean(Q(s, a_data)^2)
 * }</pre>
 */
public interface LossTerm {

    /**
     * {@return the term's name: lower-case letters, digits and underscores; its metric is {@code loss/NAME}} A
     * user's term may not take a built-in term's name ({@code td}, {@code cql}, {@code dr3}, {@code bc},
     * {@code total}).
     */
    String name();

    /**
     * Builds the term's unweighted value, a scalar, from the step's graph.
     *
     * @param context the network's outputs for the batch and the batch's inputs, as graph variables
     * @return the unweighted term, a scalar
     */
    SDVariable build(LossContext context);

    /**
     * {@return a term from a name and a builder function}
     *
     * @param name    the term's name (see {@link #name()})
     * @param builder builds the term (see {@link #build})
     */
    static LossTerm of(String name, java.util.function.Function<LossContext, SDVariable> builder) {
        java.util.Objects.requireNonNull(name, "name");
        java.util.Objects.requireNonNull(builder, "builder");
        return new LossTerm() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public SDVariable build(LossContext context) {
                return builder.apply(context);
            }

            @Override
            public String toString() {
                return "LossTerm[" + name + "]";
            }
        };
    }
}
