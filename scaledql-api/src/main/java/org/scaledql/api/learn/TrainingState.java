package org.scaledql.api.learn;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Everything a training step needs to continue bit-for-bit: online and target parameters, optimizer
 * moments, and the step count. (The learner draws no random numbers; samplers and environments keep their own
 * RNG state.) A checkpoint is this value on disk.
 *
 * @param step      steps taken so far
 * @param online    online parameters by name (copies)
 * @param target    target parameters by name (copies)
 * @param optimizer optimizer state by parameter name (copies; e.g. Adam's first and second moments)
 */
public record TrainingState(long step, Map<String, INDArray> online, Map<String, INDArray> target,
        Map<String, INDArray> optimizer) {

    /**
     * Copies the maps (not the arrays).
     *
     * @param step      steps taken so far
     * @param online    online parameters by name (copies)
     * @param target    target parameters by name (copies)
     * @param optimizer optimizer state by parameter name (copies; e.g. Adam's first and second moments)
     */
    public TrainingState {
        online = Map.copyOf(online);
        target = Map.copyOf(target);
        optimizer = Map.copyOf(optimizer);
    }
}
