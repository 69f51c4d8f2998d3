package org.scaledql.api.learn;

import java.util.function.Function;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.scaledql.api.data.TransitionBatch;

/**
 * What a {@link LossTerm} can build on: the online network's outputs for the batch (each sample through its own
 * game's head) and the batch's inputs, as variables of the step's graph. B is the batch size, A the number of
 * actions, N the number of C51 atoms, F the feature width.
 */
public interface LossContext {

    /** {@return the step's graph, for ops ({@code sameDiff().math()}, ...)} */
    SameDiff sameDiff();

    /**
     * Q-values {@code [B, A]} (for C51 heads the expectation over the support).
     *
     * @return the Q-values
     */
    SDVariable qValues();

    /**
     * Q of the data actions {@code [B]}.
     *
     * @return the data actions' Q-values
     */
    SDVariable dataActionQ();

    /** {@return the data actions, one-hot {@code [B, A]}, in the network's data type} */
    SDVariable actionOneHot();

    /** {@return the features the heads read {@code [B, F]} (after feature normalization, when the network has it)} */
    SDVariable features();

    /**
     * Log-probabilities over the support {@code [B, A, N]}.
     *
     * @return the log-probabilities (C51 heads only)
     * @throws IllegalStateException if the network's heads are scalar
     */
    SDVariable logProbs();

    /**
     * {@return the scalar bootstrap targets {@code [B]}: {@code scale_g r + discount * Q_target(s', a*)}, computed
     * off the gradient tape each step as for the MSE TD term ({@code a*} by the target's argmax, or the online
     * network's with double DQN; for C51 heads Q is the expectation)} Available whatever the step's own TD form.
     */
    SDVariable scalarTargets();

    /**
     * {@return C51's target distributions {@code [B, N]}: the bootstrap return distribution of the target network
     * projected onto the support (Bellemare et al. 2017, Algorithm 1), computed off the gradient tape each step,
     * with the action choice and reward scales of the step's loss configuration} The built-in categorical TD term
     * reads them.
     *
     * @throws IllegalStateException if the network's heads are scalar
     */
    SDVariable categoricalTargets();

    /**
     * {@return the HL-Gauss target distributions {@code [B, N]} (Farebrother et al. 2024): each scalar bootstrap
     * target ({@link #scalarTargets()}) spread over the support's bins by a Gaussian, computed off the gradient
     * tape each step} The built-in HL-Gauss TD term reads them.
     *
     * @throws IllegalStateException if the network's heads are scalar
     */
    SDVariable hlGaussTargets();

    /**
     * {@return the features the heads read for the next observations {@code [B, F]}: a second forward pass of the
     * online network (same parameters, on the gradient tape) on the batch's {@code nextObservations}} The
     * built-in DR3 term reads them.
     */
    SDVariable nextFeatures();

    /**
     * {@return a per-batch input of the graph: a placeholder the step fills each step with {@code feed} applied to
     * the batch (observations already scaled to network inputs)} Names must be unique in the graph.
     *
     * @param name  the placeholder's name
     * @param type  its data type
     * @param shape the placeholder's shape, -1 for the batch dimension
     * @param feed  computes its value from each batch
     */
    SDVariable input(String name, DataType type, long[] shape, Function<TransitionBatch, INDArray> feed);

    /**
     * A: actions per head.
     *
     * @return {@code A}
     */
    int numActions();

    /** {@return the number of games (heads)} */
    int numGames();
}
