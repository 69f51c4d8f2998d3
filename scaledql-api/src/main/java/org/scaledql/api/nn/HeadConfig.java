package org.scaledql.api.nn;

import java.util.Objects;

/**
 * What each game's head outputs. A head is one linear projection per game from the shared features; the
 * network applies, for every sample, the head of that sample's game ({@code taskId}).
 */
public sealed interface HeadConfig permits HeadConfig.C51, HeadConfig.Scalar {

    /** {@return number of outputs per action: {@code numAtoms} for C51, 1 for scalar} */
    int outputsPerAction();

    /**
     * A categorical (C51) head: logits {@code [B, A, N]} over a fixed support; Q-values are the expectation of
     * the support under the softmax over atoms (Bellemare et al. 2017). The paper's choice.
     *
     * @param support the atoms
     */
    record C51(Support support) implements HeadConfig {
        /**
         * Validates the support.
         *
         * @param support the atoms
         */
        public C51 {
            Objects.requireNonNull(support, "support");
        }

        @Override
        public int outputsPerAction() {
            return support.numAtoms();
        }
    }

    /** A scalar head: Q-values {@code [B, A]} directly, for the MSE ablation and behavioral cloning. */
    record Scalar() implements HeadConfig {
        @Override
        public int outputsPerAction() {
            return 1;
        }
    }

    /** {@return a C51 head on the default support (51 atoms on [-10, 10])} */
    static HeadConfig c51() {
        return new C51(Support.defaults());
    }

    /** {@return a scalar head} */
    static HeadConfig scalar() {
        return new Scalar();
    }
}
