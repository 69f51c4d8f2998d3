package org.scaledql.api.learn;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;
import java.util.Objects;

/**
 * The training objective, a weighted sum of named terms (Scaled QL Eq. 1 plus the options the paper ablates):
 *
 * <pre>
 * loss/total = loss/td + alpha * mean_b(logsumexp_a Q(s,a) - Q(s,a_data))      (loss/cql)
 *            + dr3Coefficient * mean_b |phi(s) . phi(s')|                          (loss/dr3)
 *            + bcWeight * mean_b(-log softmax_a(Q(s,.))[a_data])                  (loss/bc)
 * </pre>
 *
 * Q is each sample's own game head; for C51 heads Q is the expectation over the support.
 *
 * @param td             the TD term; {@link TdKind#NONE} for pure behavioral cloning
 * @param huberDelta     the Huber threshold for {@link TdKind#HUBER} (default 1, as in DQN)
 * @param doubleDqn      select the bootstrap action with the online network (van Hasselt et al. 2016);
 *                       default false (the target network's own argmax, as in C51)
 * @param cqlAlpha       CQL weight alpha (default 0.05, the paper's value, Section 3); 0 disables CQL
 * @param dr3Coefficient DR3 weight on penultimate-feature dot products (Kumar et al. 2021; default 0, off;
 *                       the authors' DR3 config uses 0.1)
 * @param bcWeight       behavioral-cloning weight (default 0; 1 with td NONE gives the paper's BC baseline)
 * @param rewardScales   per-game factors applied to the (n-step) rewards of the TD targets, scalar and
 *                       categorical (the MSE ablation's reward standardisation; for C51, how much of the
 *                       support the returns use); empty means 1 for every game
 */
public record LossConfig(
        TdKind td,
        double huberDelta,
        boolean doubleDqn,
        double cqlAlpha,
        double dr3Coefficient,
        double bcWeight,
        double[] rewardScales) {

    /** The TD term's form. */
    public enum TdKind {
        /** C51 cross-entropy against the projected target distribution (Bellemare et al. 2017); needs a C51 head. */
        CATEGORICAL,
        /**
         * HL-Gauss cross-entropy (Farebrother et al. 2024): the scalar target {@code r + discount * Q_target(s', a*)}
         * spread as a normal with sigma 0.75 bin widths over bins centred on the C51 atoms; needs a C51 head.
         */
        HL_GAUSS,
        /** Half squared error on scalar Q-values; needs a scalar head. */
        MSE,
        /** Huber loss on scalar Q-values; needs a scalar head. */
        HUBER,
        /** No TD term (behavioral cloning). */
        NONE
    }

    /**
     * Validates weights and scales.
     *
     * @param td             the TD term; {@link TdKind#NONE} for pure behavioral cloning
     * @param huberDelta     the Huber threshold for {@link TdKind#HUBER} (default 1, as in DQN)
     * @param doubleDqn      select the bootstrap action with the online network (van Hasselt et al. 2016); default
     *                       false (the target network's own argmax, as in C51)
     * @param cqlAlpha       CQL weight alpha (default 0.05, the paper's value, Section 3); 0 disables CQL
     * @param dr3Coefficient DR3 weight on penultimate-feature dot products (Kumar et al. 2021; default 0, off; the
     *                       authors' DR3 config uses 0.1)
     * @param bcWeight       behavioral-cloning weight (default 0; 1 with td NONE gives the paper's BC baseline)
     * @param rewardScales   per-game factors applied to the (n-step) rewards of the TD targets, scalar and
     *                       categorical (the MSE ablation's reward standardisation; for C51, how much of the support
     *                       the returns use); empty means 1 for every game
     */
    public LossConfig {
        Objects.requireNonNull(td, "td");
        checkArgument(huberDelta > 0 && Double.isFinite(huberDelta), "huberDelta must be > 0; got %s", huberDelta);
        checkArgument(cqlAlpha >= 0 && Double.isFinite(cqlAlpha), "cqlAlpha must be >= 0; got cqlAlpha=%s", cqlAlpha);
        checkArgument(dr3Coefficient >= 0 && Double.isFinite(dr3Coefficient),
                "dr3Coefficient must be >= 0; got %s", dr3Coefficient);
        checkArgument(bcWeight >= 0 && Double.isFinite(bcWeight), "bcWeight must be >= 0; got %s", bcWeight);
        rewardScales = rewardScales == null ? new double[0] : rewardScales.clone();
        for (double s : rewardScales) {
            checkArgument(s > 0 && Double.isFinite(s), "rewardScales must be finite and > 0; got %s",
                    Arrays.toString(rewardScales));
        }
        checkArgument(td != TdKind.NONE || bcWeight > 0 || cqlAlpha > 0,
                "the objective is empty: td=NONE with bcWeight=0 and cqlAlpha=0");
    }

    /**
     * Scaled QL: categorical TD with CQL alpha = 0.05, no DR3, no BC (the paper's method).
     *
     * @return the paper's objective
     */
    public static LossConfig scaledQl() {
        return new LossConfig(TdKind.CATEGORICAL, 1.0, false, 0.05, 0.0, 0.0, new double[0]);
    }

    /** {@return the MSE ablation: scalar TD with CQL alpha = 0.05 (Scaled QL Table 1)} */
    public static LossConfig mse() {
        return new LossConfig(TdKind.MSE, 1.0, false, 0.05, 0.0, 0.0, new double[0]);
    }

    /**
     * Behavioral cloning: cross-entropy on the data action only (the paper's BC baseline).
     *
     * @return the behavioral cloning objective
     */
    public static LossConfig behavioralCloning() {
        return new LossConfig(TdKind.NONE, 1.0, false, 0.0, 0.0, 1.0, new double[0]);
    }

    /**
     * {@return this config with another CQL alpha}
     *
     * @param alpha the CQL weight, 0 for none
     */
    public LossConfig withCqlAlpha(double alpha) {
        return new LossConfig(td, huberDelta, doubleDqn, alpha, dr3Coefficient, bcWeight, rewardScales);
    }

    /**
     * {@return this config with another DR3 coefficient}
     *
     * @param coefficient the DR3 weight, 0 for none
     */
    public LossConfig withDr3(double coefficient) {
        return new LossConfig(td, huberDelta, doubleDqn, cqlAlpha, coefficient, bcWeight, rewardScales);
    }

    /**
     * {@return this config with double-DQN action selection on or off}
     *
     * @param on whether the online network chooses the bootstrap action
     */
    public LossConfig withDoubleDqn(boolean on) {
        return new LossConfig(td, huberDelta, on, cqlAlpha, dr3Coefficient, bcWeight, rewardScales);
    }

    /**
     * {@return this config with another TD form}
     *
     * @param kind the TD form
     */
    public LossConfig withTd(TdKind kind) {
        return new LossConfig(kind, huberDelta, doubleDqn, cqlAlpha, dr3Coefficient, bcWeight, rewardScales);
    }

    /**
     * {@return this config with per-game reward scales for scalar TD targets}
     *
     * @param scales one scale per game, finite and positive; none for 1 everywhere
     */
    public LossConfig withRewardScales(double... scales) {
        return new LossConfig(td, huberDelta, doubleDqn, cqlAlpha, dr3Coefficient, bcWeight, scales);
    }

    /**
     * {@return per-game factors applied to the (n-step) rewards of the TD targets, scalar and categorical (the MSE
     * ablation's reward standardisation; for C51, how much of the support the returns use); empty means 1 for every
     * game}
     */
    @Override
    public double[] rewardScales() {
        return rewardScales.clone();
    }

    /**
     * {@return the reward scale of game {@code taskId} (1 when none were given)}
     *
     * @param taskId the game index
     */
    public double rewardScale(int taskId) {
        return rewardScales.length == 0 ? 1.0 : rewardScales[taskId];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LossConfig c && td == c.td && huberDelta == c.huberDelta && doubleDqn == c.doubleDqn
                && cqlAlpha == c.cqlAlpha && dr3Coefficient == c.dr3Coefficient && bcWeight == c.bcWeight
                && Arrays.equals(rewardScales, c.rewardScales);
    }

    @Override
    public int hashCode() {
        return Objects.hash(td, huberDelta, doubleDqn, cqlAlpha, dr3Coefficient, bcWeight, Arrays.hashCode(rewardScales));
    }

    @Override
    public String toString() {
        return "LossConfig[td=" + td + ", huberDelta=" + huberDelta + ", doubleDqn=" + doubleDqn + ", cqlAlpha="
                + cqlAlpha + ", dr3Coefficient=" + dr3Coefficient + ", bcWeight=" + bcWeight + ", rewardScales="
                + Arrays.toString(rewardScales) + "]";
    }
}
