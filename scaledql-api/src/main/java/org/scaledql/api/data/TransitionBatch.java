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
 * <p><b>Observations.</b> They come either as floating point values already scaled for the network
 * ({@code observationScale} 1), or as the raw uint8 frame values ({@link DataType#UBYTE}) with the factor
 * that turns them into network inputs (1/255 for Atari pixels, 1 for the testbed's binary channels). Raw
 * batches are 4x smaller, which is what lets a sampler fill them at Atari rates; the consumer scales them with
 * {@link #observationsAs(DataType)} inside the training step, as Dopamine does. The network input is
 * {@code observations * observationScale}, computed in float32 for uint8 observations ({@code (float) v * scale},
 * exactly the values a float batch of the same data holds) and in the observations' own type for floating point
 * ones, then cast to the requested type.
 *
 * @param observations     {@code [B, C, H, W]} observations at time t: uint8 ({@link DataType#UBYTE}) frame
 *                         values, or floating point values
 * @param actions          {@code [B]} int32 actions taken at time t, in {@code [0, numActions)}
 * @param rewards          {@code [B]} float n-step discounted returns
 * @param discounts        {@code [B]} float bootstrap discounts, in {@code [0, 1]}
 * @param nextObservations {@code [B, C, H, W]} observations at time t + n, of the type of {@code observations}
 * @param taskIds          {@code [B]} int32 game index of each sample, in {@code [0, numGames)}
 * @param observationScale factor that turns {@code observations} and {@code nextObservations} into network
 *                         inputs: finite and positive; 1 means "already scaled" (the usual value for float
 *                         observations), 1/255 for raw Atari pixels
 */
public record TransitionBatch(
        INDArray observations,
        INDArray actions,
        INDArray rewards,
        INDArray discounts,
        INDArray nextObservations,
        INDArray taskIds,
        float observationScale) {

    /**
     * Validates ranks, shapes, dtypes and the scale; values are not scanned (that would cost a pass).
     *
     * @param observations     {@code [B, C, H, W]} observations at time t: uint8 ({@link DataType#UBYTE}) frame
     *                         values, or floating point values
     * @param actions          {@code [B]} int32 actions taken at time t, in {@code [0, numActions)}
     * @param rewards          {@code [B]} float n-step discounted returns
     * @param discounts        {@code [B]} float bootstrap discounts, in {@code [0, 1]}
     * @param nextObservations {@code [B, C, H, W]} observations at time t + n, of the type of {@code observations}
     * @param taskIds          {@code [B]} int32 game index of each sample, in {@code [0, numGames)}
     * @param observationScale factor that turns {@code observations} and {@code nextObservations} into network
     *                         inputs: finite and positive; 1 means "already scaled" (the usual value for float
     *                         observations), 1/255 for raw Atari pixels
     * @throws IllegalArgumentException naming the field, the value seen and what was expected
     */
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
        checkArgument(isUint8(observations.dataType()) || observations.dataType().isFPType(),
                "observations must be uint8 (DataType.UBYTE, raw frame values) or floating point; got %s",
                observations.dataType());
        checkArgument(nextObservations.dataType() == observations.dataType(),
                "nextObservations must have the data type of observations (%s); got %s",
                observations.dataType(), nextObservations.dataType());
        checkArgument(Float.isFinite(observationScale) && observationScale > 0,
                "observationScale must be finite and > 0 (1 for already scaled observations, 1/255 for raw Atari"
                        + " pixels); got %s", observationScale);
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

    /**
     * A batch of floating point observations that are already scaled for the network ({@code observationScale}
     * 1), as the training step's callers built them before raw uint8 batches existed.
     *
     * @param observations     {@code [B, C, H, W]} observations at time t: uint8 ({@link DataType#UBYTE}) frame
     *                         values, or floating point values
     * @param actions          {@code [B]} int32 actions taken at time t, in {@code [0, numActions)}
     * @param rewards          {@code [B]} float n-step discounted returns
     * @param discounts        {@code [B]} float bootstrap discounts, in {@code [0, 1]}
     * @param nextObservations {@code [B, C, H, W]} observations at time t + n, of the type of {@code observations}
     * @param taskIds          {@code [B]} int32 game index of each sample, in {@code [0, numGames)}
     * @throws IllegalArgumentException as the canonical constructor does
     */
    public TransitionBatch(INDArray observations, INDArray actions, INDArray rewards, INDArray discounts,
                           INDArray nextObservations, INDArray taskIds) {
        this(observations, actions, rewards, discounts, nextObservations, taskIds, 1f);
    }

    private static void checkVector(String name, INDArray a, long batchSize) {
        checkArgument(a.rank() == 1 && a.length() == batchSize,
                "%s must be a vector of length B=%s; got shape %s", name, batchSize, Arrays.toString(a.shape()));
    }

    private static boolean isUint8(DataType t) {
        return t == DataType.UBYTE || t == DataType.UINT8;
    }

    /** {@return number of samples {@code B}} */
    public int size() {
        return (int) observations.size(0);
    }

    /**
     * {@return the element type of the stored observations: {@link DataType#UBYTE} for raw frame values, otherwise
     * the floating point type they were given in} The network's input type is the network's, not this.
     */
    public DataType dataType() {
        return observations.dataType();
    }

    /** {@return whether the observations are raw uint8 frame values (to be scaled by {@link #observationScale()})} */
    public boolean rawObservations() {
        return isUint8(observations.dataType());
    }

    /**
     * The observations as network inputs of type {@code type}: {@code observations * observationScale} (see the
     * class comment for the precision). Returns {@link #observations()} itself when it already has type
     * {@code type} and the scale is 1 (do not modify it), otherwise a new array.
     *
     * @param type a floating point type, usually the network's
     * @return {@code [B, C, H, W]} array of type {@code type}
     * @throws IllegalArgumentException if {@code type} is not floating point
     */
    public INDArray observationsAs(DataType type) {
        return scaled(observations, observationScale, type);
    }

    /**
     * The next observations as network inputs of type {@code type}; see {@link #observationsAs(DataType)}.
     *
     * @param type a floating point type, usually the network's
     * @return {@code [B, C, H, W]} array of type {@code type}
     * @throws IllegalArgumentException if {@code type} is not floating point
     */
    public INDArray nextObservationsAs(DataType type) {
        return scaled(nextObservations, observationScale, type);
    }

    /**
     * {@return an equal batch whose observations are network inputs of type {@code type} (scale 1): the arrays are
     * those of {@link #observationsAs(DataType)} and {@link #nextObservationsAs(DataType)}; the other fields are
     * shared} Returns this batch when nothing needs converting.
     *
     * @param type a floating point type, usually the network's
     * @throws IllegalArgumentException if {@code type} is not floating point
     */
    public TransitionBatch scaledTo(DataType type) {
        if (observations.dataType() == type && observationScale == 1f) {
            return this;
        }
        return new TransitionBatch(observationsAs(type), actions, rewards, discounts, nextObservationsAs(type),
                taskIds, 1f);
    }

    private static INDArray scaled(INDArray x, float scale, DataType type) {
        Objects.requireNonNull(type, "type");
        checkArgument(type.isFPType(), "observations can be converted only to a floating point type; got %s", type);
        if (x.dataType() == type && scale == 1f) {
            return x;
        }
        INDArray v;
        if (isUint8(x.dataType())) {
            v = x.castTo(DataType.FLOAT); // exact: every uint8 value is a float
        } else {
            v = scale == 1f ? x : x.dup();
        }
        if (scale != 1f) {
            v.muli(scale);
        }
        return v.castTo(type);
    }
}
