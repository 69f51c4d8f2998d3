package org.scaledql.core.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.scaledql.api.env.EnvironmentConfig;
import org.scaledql.api.learn.LossConfig;
import org.scaledql.api.nn.FeatureReduction;
import org.scaledql.api.nn.HeadConfig;
import org.scaledql.api.nn.ResNetConfig;
import org.scaledql.api.nn.Support;
import org.scaledql.api.train.NetworkSpec;
import org.scaledql.api.train.OptimizerConfig;
import org.scaledql.api.train.TrainConfig;
import org.scaledql.core.data.store.DiskStoreWriter;
import org.scaledql.core.data.store.TransitionStores;
import org.scaledql.core.env.DatasetGenerator;

/** A tiny on-disk testbed dataset and a tiny training config, shared by the trainer tests. */
final class TrainerFixtures {

    static final List<String> GAMES = List.of("catch", "breakout");

    private TrainerFixtures() {
    }

    static void writeStore(Path dir) throws IOException {
        try (DiskStoreWriter w = TransitionStores.writer(dir)) {
            DatasetGenerator.generate(new DatasetGenerator.Config(GAMES, 400, EnvironmentConfig.defaults(), 3), w);
        }
    }

    static TrainConfig config(long steps, long checkpointEvery) {
        NetworkSpec net = new NetworkSpec(new ResNetConfig(18, 0.125, 4, ResNetConfig.Stem.SMALL),
                FeatureReduction.SPATIAL_EMBEDDING, new int[] {16}, true, new HeadConfig.C51(new Support(21, -5, 5)));
        return new TrainConfig(net, LossConfig.scaledQl(), OptimizerConfig.adam(1e-3, 3.125e-4), 8, steps, 7, 1, 1, 0.99,
                true, 5, checkpointEvery, 5, 0, 1);
    }
}
