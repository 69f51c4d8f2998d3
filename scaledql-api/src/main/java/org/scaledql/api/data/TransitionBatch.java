package org.scaledql.api.data;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One minibatch of (possibly n-step) transitions, in the shapes the training step takes.
 *
 * <p>The bootstrap target of sample {@code i} is {@code rewards[i] + discounts[i] * Z(nextObservations[i])}:
 * {@code rewards} already holds the discounted n-step return {@code sum_{k<n} gamma^k r_{t+k}} (truncated
 * at a terminal), and {@code discounts} holds {@code gamma^n} or 0 when the episode ended within the n
 * steps. One per-sample number thus covers terminals, n-step returns and per-sample discounts.
 *
 * @param observations     {@code [B, C, H, W]} float observations at time t, already scaled as the
 *                         network expects (e.g. Atari pixels divided by 255)
 * @param actions          {@code [B]} int32 actions taken at time t, in {@code [0, numActions)}
 * @param rewards          {@code [B]} float n-step discounted returns
 * @param discounts        {@code [B]} float bootstrap discounts, in {@code [0, 1]}
 * @param nextObservations {@code [B, C, H, W]} float observations at time t + n
 * @param taskIds          {@code [B]} int32 game index of each sample, in {@code [0, numGames)}
 */
public record TransitionBatch(
        INDArray observations,
        INDArray actions,
        INDArray rewards,
        INDArray discounts,
        INDArray nextObservations,
        INDArray taskIds) {

    /** Validates ranks, shapes and integer dtypes; values are not scanned (that would cost a pass). */
    public TransitionBatch {
        Objects.requireNonNull(observations, "observations");
        Objects.requireNonNull(actions, "actions");
        Objects.requireNonNull(rewards, "rewards");
        Objects.requireNonNull(discounts, "discounts");
        Objects.requireNonNull(nextObservations, "nextObservations");
        Objects.requireNonNull(taskIds, "taskIds");
        checkArgument(observations.rank() == 4,
                "observations must be [B, C, H, W]; got shape %s", Arrays.toString(observations.shape()));
        checkArgument(Arrays.equals(observations.shape(), nextObservations.shape()),
                "nextObservations must have the shape of observations %s; got %s",
                Arrays.toString(observations.shape()), Arrays.toString(nextObservations.shape()));
        long b = observations.size(0);
        checkVector("actions", actions, b);
        checkVector("rewards", rewards, b);
        checkVector("discounts", discounts, b);
        checkVector("taskIds", taskIds, b);
        checkArgument(actions.dataType().isIntType(), "actions must be an integer array; got %s", actions.dataType());
        checkArgument(taskIds.dataType().isIntType(), "taskIds must be an integer array; got %s", taskIds.dataType());
        checkArgument(rewards.dataType().isFPType() && discounts.dataType().isFPType(),
                "rewards and discounts must be floating point; got %s and %s", rewards.dataType(), discounts.dataType());
    }

    private static void checkVector(String name, INDArray a, long batchSize) {
        checkArgument(a.rank() == 1 && a.length() == batchSize,
                "%s must be a vector of length B=%s; got shape %s", name, batchSize, Arrays.toString(a.shape()));
    }

    /** Number of samples {@code B}. */
    public int size() {
        return (int) observations.size(0);
    }

    /** The float type of the observations (the network's compute type). */
    public DataType dataType() {
        return observations.dataType();
    }
}
