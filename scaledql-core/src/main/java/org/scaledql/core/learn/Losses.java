package org.scaledql.core.learn;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The loss terms as graph builders over head outputs, shared by {@link ScaledQlTrainStep} and the golden
 * tests. Every function returns a scalar: the mean over the batch, before any weight.
 */
public final class Losses {

    private Losses() {
    }

    /**
     * Q of the data action, {@code sum_a Q(s, a) onehot(a_data)}.
     *
     * @param q            {@code [B, A]}
     * @param actionOneHot {@code [B, A]}
     * @return {@code [B]}
     */
    public static SDVariable dataActionQ(SDVariable q, SDVariable actionOneHot) {
        return q.mul(actionOneHot).sum(1);
    }

    /**
     * C51 cross-entropy TD loss: {@code mean_b(-sum_j m_j log p_j(s, a_data))} against the projected target
     * {@code m} (Bellemare et al. 2017, Eq. 7's KL up to a constant).
     *
     * @param logProbs     {@code [B, A, N]} log-softmax of the logits over atoms
     * @param actionOneHot {@code [B, A]}
     * @param targetProbs  {@code [B, N]} projected target distributions (off the gradient tape)
     * @param numActions   {@code A}
     * @return the scalar loss
     */
    public static SDVariable categoricalTd(SDVariable logProbs, SDVariable actionOneHot, SDVariable targetProbs,
            int numActions) {
        SDVariable logpData = logProbs.mul(actionOneHot.reshape(-1, numActions, 1)).sum(1);
        return targetProbs.mul(logpData).sum(1).neg().mean();
    }

    /**
     * Scalar TD loss: {@code mean_b(0.5 (Q(s, a_data) - y)^2)}, or Huber with threshold {@code huberDelta}
     * ({@code 0.5 x^2} for {@code |x| <= delta}, {@code delta (|x| - delta / 2)} beyond) when it is finite.
     *
     * @param sd         the graph
     * @param qData      {@code [B]}
     * @param y          {@code [B]} targets (off the gradient tape)
     * @param huberDelta the Huber threshold, or {@code Double.POSITIVE_INFINITY} for plain MSE
     * @return the scalar loss
     */
    public static SDVariable scalarTd(SameDiff sd, SDVariable qData, SDVariable y, double huberDelta) {
        SDVariable diff = qData.sub(y);
        if (Double.isInfinite(huberDelta)) {
            return diff.mul(diff).mul(0.5).mean();
        }
        SDVariable abs = sd.math().abs(diff);
        SDVariable quad = sd.math().min(abs, sd.constant(Nd4j.scalar(qData.dataType(), huberDelta)));
        return quad.mul(quad).mul(0.5).add(abs.sub(quad).mul(huberDelta)).mean();
    }

    /**
     * CQL regularizer without its weight (Kumar et al. 2020; Scaled QL Eq. 1):
     * {@code mean_b(logsumexp_a Q(s, a) - Q(s, a_data))}. Non-negative, and unchanged when a constant is added
     * to all Q-values. The log-sum-exp is composed from max, exp, sum and log, since SameDiff M2.1's
     * {@code logSumExp} has a broken gradient.
     *
     * @param sd    the graph
     * @param q     {@code [B, A]}
     * @param qData {@code [B]}
     * @return the scalar regularizer
     */
    public static SDVariable cql(SameDiff sd, SDVariable q, SDVariable qData) {
        SDVariable max = q.max(true, 1);
        SDVariable lse = sd.math().log(sd.math().exp(q.sub(max)).sum(1)).add(max.reshape(-1));
        return lse.sub(qData).mean();
    }

    /**
     * DR3 regularizer without its weight (Kumar et al. 2021): {@code mean_b |phi(s) . phi(s')|} on the
     * penultimate features.
     *
     * @param sd           the graph
     * @param features     {@code [B, D]}
     * @param nextFeatures {@code [B, D]}
     * @return the scalar regularizer
     */
    public static SDVariable dr3(SameDiff sd, SDVariable features, SDVariable nextFeatures) {
        return sd.math().abs(features.mul(nextFeatures).sum(1)).mean();
    }

    /**
     * Behavioral cloning without its weight: {@code mean_b(-log softmax_a(Q(s, .))[a_data])}, treating the
     * same network's Q-values as policy logits.
     *
     * @param sd           the graph
     * @param q            {@code [B, A]}
     * @param actionOneHot {@code [B, A]}
     * @return the scalar loss
     */
    public static SDVariable behavioralCloning(SameDiff sd, SDVariable q, SDVariable actionOneHot) {
        return sd.nn().logSoftmax(q).mul(actionOneHot).sum(1).neg().mean();
    }
}
