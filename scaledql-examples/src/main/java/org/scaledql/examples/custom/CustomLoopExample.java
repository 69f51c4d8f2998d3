package org.scaledql.examples.custom;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scaledql.api.data.GameWeighting;
import org.scaledql.api.data.ObservationFormat;
import org.scaledql.api.data.Sampler;
import org.scaledql.api.data.SamplerConfig;
import org.scaledql.api.data.TransitionBatch;
import org.scaledql.api.data.TransitionStore;
import org.scaledql.api.learn.Gradients;
import org.scaledql.api.learn.LossTerm;
import org.scaledql.api.learn.StepResult;
import org.scaledql.api.nn.NetworkConfig;
import org.scaledql.api.train.TrainConfig;
import org.scaledql.core.data.sampling.Samplers;
import org.scaledql.core.learn.BootstrapTargets;
import org.scaledql.core.learn.ScaledQlTrainStep;
import org.scaledql.core.nn.SameDiffQNetwork;
import org.scaledql.core.train.Trainer;

/**
 * A training loop of your own around the library's pieces (docs/custom-experiments.md): the Scaled QL step with
 * an extra loss term, gradients computed and applied as two calls (room for your own logic between them), the
 * step's TD targets recomputed with {@link BootstrapTargets} for a diagnostic, and target syncs by hand.
 */
public final class CustomLoopExample {

    private CustomLoopExample() {
    }

    /**
     * Trains the {@code small} preset's network on {@code games} of {@code store} for {@code steps} steps.
     *
     * @return the last step's metrics plus {@code diag/target_mean}, the mean scalar bootstrap target of the last
     *         batch
     */
    public static Map<String, Double> run(TransitionStore store, List<String> games, int steps, long seed)
            throws IOException {
        TrainConfig config = TrainConfig.small().withSeed(seed);
        NetworkConfig netConfig = Trainer.networkConfig(config, store, games);
        SameDiffQNetwork online = SameDiffQNetwork.create(netConfig, seed);

        // 1. An extra term: an L2 penalty on the data actions' Q-values, in the step's own graph.
        LossTerm qPenalty = LossTerm.of("q_l2", c -> c.dataActionQ().mul(c.dataActionQ()).mean());
        ScaledQlTrainStep step = ScaledQlTrainStep.builder(online).loss(config.loss())
                .optimizer(config.optimizer(), steps).targetUpdatePeriod(0) // 0: this loop syncs by hand
                .addLossTerm(qPenalty, 1e-3).build();

        // 2. The step's targets, as a component: here only to log their mean.
        BootstrapTargets targets = new BootstrapTargets(config.loss(), netConfig.head());

        SamplerConfig sampling = new SamplerConfig(config.batchSize(), config.frameStack(), config.nStep(),
                config.discount(), GameWeighting.gameBalanced(), seed, 2, ObservationFormat.FLOAT);
        Map<String, Double> last = new LinkedHashMap<>();
        try (Sampler sampler = Samplers.fromStore(store, games, sampling)) {
            for (int s = 1; s <= steps; s++) {
                TransitionBatch batch = sampler.next();
                Gradients g = step.computeGradients(batch);
                // ... inspect, rescale or log the gradients here ...
                StepResult r = step.applyGradients(g);
                if (s % config.targetUpdatePeriod() == 0) {
                    step.syncTarget();
                }
                if (s == steps) {
                    last.putAll(r.metrics());
                    float[] y = targets.scalar(step.target(), step.online(), batch);
                    double mean = 0;
                    for (float v : y) {
                        mean += v / y.length;
                    }
                    last.put("diag/target_mean", mean);
                }
            }
        }
        return last;
    }
}
