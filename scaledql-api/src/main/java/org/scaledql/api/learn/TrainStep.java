package org.scaledql.api.learn;

import org.scaledql.api.data.TransitionBatch;
import org.scaledql.api.nn.QNetwork;

/**
 * One gradient step of the learner, built once and then fed batches. The TD target is computed off the
 * gradient tape from the target network and fed in; target synchronisation is explicit
 * ({@link #syncTarget()}) or periodic ({@code targetUpdatePeriod}).
 *
 * <p>Batches may hold raw uint8 observations: implementations scale them to the network's inputs as
 * {@link TransitionBatch#observationsAs} defines, so a raw batch trains exactly like its float equivalent.
 */
public interface TrainStep {

    /**
     * Computes gradients, applies them, syncs the target when its period is due, and returns the metrics.
     *
     * @param batch the minibatch
     * @return the step's metrics
     */
    StepResult step(TransitionBatch batch);

    /**
     * First half: the gradients of the total loss on {@code batch} and the forward-pass metrics. Changes no
     * parameter and no optimizer state.
     *
     * @param batch the minibatch
     * @return the gradients and the forward-pass metrics
     * @throws IllegalStateException if a loss term is not finite and the policy is {@link NonFinitePolicy#FAIL}
     */
    Gradients computeGradients(TransitionBatch batch);

    /**
     * Second half: clips (if configured) and applies gradients with the optimizer, advances the step count,
     * and syncs the target network when its period is due.
     *
     * @param gradients the result of {@link #computeGradients} on this step
     * @return the step result, with {@code grad/global_norm} added
     * @throws IllegalStateException if the gradients' norm is not finite and the policy is {@link NonFinitePolicy#FAIL}
     */
    StepResult applyGradients(Gradients gradients);

    /** {@return the network being trained} */
    QNetwork online();

    /** {@return the target network} */
    QNetwork target();

    /** Copies the online parameters into the target network. */
    void syncTarget();

    /** {@return steps taken so far} */
    long stepCount();

    /** {@return a snapshot of all training state (copies)} */
    TrainingState state();

    /**
     * Restores a snapshot taken by {@link #state()} of a step built from the same configuration.
     *
     * @param state a snapshot from {@link #state()}
     * @throws IllegalArgumentException if names or shapes do not match
     */
    void restore(TrainingState state);
}
