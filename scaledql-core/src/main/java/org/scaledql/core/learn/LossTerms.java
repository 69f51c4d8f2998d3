package org.scaledql.core.learn;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.nd4j.autodiff.samediff.SDVariable;
import org.scaledql.api.learn.LossConfig;
import org.scaledql.api.learn.LossContext;
import org.scaledql.api.learn.LossTerm;

/**
 * The built-in terms of the Scaled QL objective as {@link LossTerm}s, and the weighted list a {@link LossConfig}
 * stands for (paper Eq. 1: {@code TD + alpha CQL}, plus the optional DR3 and BC terms).
 * {@link ScaledQlTrainStep} builds the config's list first, then the user's terms, through the same
 * {@link LossContext}; the built-in terms read only what the context offers every term.
 *
 * <p>Every term is multiplied by its weight; the TD term's is 1 (it enters the objective unweighted). Each term
 * is a mean over the batch ({@link Losses}).
 */
public final class LossTerms {

    /** Name of the TD term (metric {@code loss/td}). */
    public static final String TD = "td";
    /** Name of the CQL term (metric {@code loss/cql}). */
    public static final String CQL = "cql";
    /** Name of the DR3 term (metric {@code loss/dr3}). */
    public static final String DR3 = "dr3";
    /** Name of the behavioral-cloning term (metric {@code loss/bc}). */
    public static final String BC = "bc";

    private LossTerms() {
    }

    /**
     * A term and its weight in the objective.
     *
     * @param term   the term
     * @param weight its weight (1 for the TD term, which enters unweighted)
     */
    public record Weighted(LossTerm term, double weight) {

        /**
         * Checks that the term is given.
         *
         * @param term   the term
         * @param weight its weight
         */
        public Weighted {
            Objects.requireNonNull(term, "term");
        }
    }

    /**
     * {@return the terms {@code loss} stands for, in the order the step adds them: TD (unless {@code NONE}), then
     * CQL, DR3 and BC where their weights are positive}
     *
     * @param loss the objective
     */
    public static List<Weighted> of(LossConfig loss) {
        List<Weighted> terms = new ArrayList<>();
        switch (loss.td()) {
            case CATEGORICAL -> terms.add(new Weighted(categoricalTd(), 1.0));
            case HL_GAUSS -> terms.add(new Weighted(hlGaussTd(), 1.0));
            case MSE -> terms.add(new Weighted(scalarTd(Double.POSITIVE_INFINITY), 1.0));
            case HUBER -> terms.add(new Weighted(scalarTd(loss.huberDelta()), 1.0));
            case NONE -> {
            }
        }
        if (loss.cqlAlpha() > 0) {
            terms.add(new Weighted(cql(), loss.cqlAlpha()));
        }
        if (loss.dr3Coefficient() > 0) {
            terms.add(new Weighted(dr3(), loss.dr3Coefficient()));
        }
        if (loss.bcWeight() > 0) {
            terms.add(new Weighted(behavioralCloning(), loss.bcWeight()));
        }
        return terms;
    }

    /**
     * {@return C51's cross-entropy TD term against {@link LossContext#categoricalTargets()}
     * ({@link Losses#categoricalTd})} It needs C51 heads.
     */
    public static LossTerm categoricalTd() {
        return term(TD, "categorical", c -> Losses.categoricalTd(c.logProbs(), c.actionOneHot(),
                c.categoricalTargets(), c.numActions()));
    }

    /**
     * {@return the HL-Gauss TD term: the cross-entropy of {@link Losses#categoricalTd} against
     * {@link LossContext#hlGaussTargets()}} It needs C51 heads.
     */
    public static LossTerm hlGaussTd() {
        return term(TD, "HL-Gauss", c -> Losses.categoricalTd(c.logProbs(), c.actionOneHot(), c.hlGaussTargets(),
                c.numActions()));
    }

    /**
     * {@return the scalar TD term against {@link LossContext#scalarTargets()}: MSE, or Huber with threshold
     * {@code huberDelta} ({@link Losses#scalarTd})}
     *
     * @param huberDelta the Huber threshold, or {@code Double.POSITIVE_INFINITY} for MSE
     */
    public static LossTerm scalarTd(double huberDelta) {
        String kind = huberDelta == Double.POSITIVE_INFINITY ? "MSE" : "Huber(" + huberDelta + ")";
        return term(TD, kind, c -> Losses.scalarTd(c.sameDiff(), c.dataActionQ(), c.scalarTargets(), huberDelta));
    }

    /** {@return the CQL regularizer ({@link Losses#cql})} */
    public static LossTerm cql() {
        return term(CQL, "CQL", c -> Losses.cql(c.sameDiff(), c.qValues(), c.dataActionQ()));
    }

    /** {@return the DR3 regularizer on the features of s and s' ({@link Losses#dr3})} */
    public static LossTerm dr3() {
        return term(DR3, "DR3", c -> Losses.dr3(c.sameDiff(), c.features(), c.nextFeatures()));
    }

    /** {@return behavioral cloning of the data actions from the Q-values as logits ({@link Losses#behavioralCloning})} */
    public static LossTerm behavioralCloning() {
        return term(BC, "BC", c -> Losses.behavioralCloning(c.sameDiff(), c.qValues(), c.actionOneHot()));
    }

    private static LossTerm term(String name, String description, Function<LossContext, SDVariable> builder) {
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
                return "LossTerm[" + name + ": " + description + "]";
            }
        };
    }
}
