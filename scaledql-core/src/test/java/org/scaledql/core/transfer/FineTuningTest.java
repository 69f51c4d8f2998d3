package org.scaledql.core.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.scaledql.api.env.EnvironmentConfig;
import org.scaledql.api.learn.LossConfig;
import org.scaledql.api.nn.FeatureReduction;
import org.scaledql.api.nn.HeadConfig;
import org.scaledql.api.nn.ResNetConfig;
import org.scaledql.api.nn.Support;
import org.scaledql.api.train.NetworkSpec;
import org.scaledql.api.train.OptimizerConfig;
import org.scaledql.api.train.TrainConfig;
import org.scaledql.api.online.EpsilonSchedule;
import org.scaledql.api.online.OnlineConfig;
import org.scaledql.api.transfer.OnlineFineTuningConfig;
import org.scaledql.api.transfer.TransferConfig;
import org.scaledql.core.env.Games;
import org.scaledql.core.env.GridEnvironment;
import org.scaledql.core.online.OnlineQLearning;
import org.scaledql.core.data.store.DiskStoreWriter;
import org.scaledql.core.data.store.DiskTransitionStore;
import org.scaledql.core.data.store.TransitionStores;
import org.scaledql.core.env.DatasetGenerator;
import org.scaledql.core.io.Json;
import org.scaledql.core.nn.SameDiffQNetwork;
import org.scaledql.core.train.Trainer;

/** Offline fine-tuning end to end at a tiny size: pre-train on two games, fine-tune on a held-out one. */
class FineTuningTest {

    @TempDir
    static Path dir;

    static Pretrained pretrained;
    static Path heldOut;

    static TrainConfig tiny(long steps) {
        NetworkSpec net = new NetworkSpec(new ResNetConfig(18, 0.125, 4, ResNetConfig.Stem.SMALL),
                FeatureReduction.SPATIAL_EMBEDDING, new int[] {16}, true, new HeadConfig.C51(new Support(21, -5, 5)));
        return new TrainConfig(net, LossConfig.scaledQl(), OptimizerConfig.adam(1e-3, 3.125e-4), 8, steps, 5, 1, 1, 0.99,
                true, 5, steps, 5, 0, 1);
    }

    static void write(Path store, List<String> games, long n) throws Exception {
        try (DiskStoreWriter w = TransitionStores.writer(store)) {
            DatasetGenerator.generate(new DatasetGenerator.Config(games, n, EnvironmentConfig.defaults(), 3), w);
        }
    }

    @BeforeAll
    static void pretrain() throws Exception {
        write(dir.resolve("train-data"), List.of("catch", "breakout"), 300);
        heldOut = dir.resolve("frogger-data");
        write(heldOut, List.of("frogger"), 300);
        try (DiskTransitionStore store = TransitionStores.open(dir.resolve("train-data"))) {
            Trainer.builder(tiny(10), store, dir.resolve("pretrained")).progress(false).build().run();
        }
        pretrained = Pretrained.load(dir.resolve("pretrained"));
    }

    Map<String, INDArray> fineTune(TransferConfig transfer, String name) throws Exception {
        try (DiskTransitionStore store = TransitionStores.open(heldOut)) {
            TrainConfig config = FineTuning.configFor(pretrained, tiny(8).withSeed(11));
            return FineTuning.offline(pretrained, transfer, config, store, List.of("frogger"), dir.resolve(name))
                    .progress(false).build().run().network().parameters();
        }
    }

    @Test
    void fineTunedAndFrozenRunsStartFromThePretrainedEncoder() throws Exception {
        Map<String, INDArray> source = pretrained.network().parameters();
        assertThat(pretrained.games()).containsExactly("catch", "breakout");
        assertThat(pretrained.trainConfig()).contains(tiny(10));

        Map<String, INDArray> frozen = fineTune(TransferConfig.paper().withFreezeEncoder(true), "frozen");
        Map<String, INDArray> tuned = fineTune(TransferConfig.paper(), "tuned");
        List<String> encoder = source.keySet().stream().filter(n -> n.startsWith("encoder/")).toList();
        assertThat(encoder).isNotEmpty();
        for (String p : encoder) {
            assertThat(frozen.get(p)).as("frozen %s", p).isEqualTo(source.get(p));
        }
        assertThat(encoder).as("a fine-tuned encoder moves").anyMatch(p -> !tuned.get(p).equals(source.get(p)));
        assertThat(2 * frozen.get("heads/w").shape()[1]).as("one head for the one new game, two before")
                .isEqualTo(source.get("heads/w").shape()[1]);
        assertThat(frozen.get("torso/dense0/w")).isNotEqualTo(source.get("torso/dense0/w"));

        FineTuning.Record rec = Json.mapper().readValue(dir.resolve("frozen/transfer.json").toFile(), FineTuning.Record.class);
        assertThat(rec.games()).containsExactly("frogger");
        assertThat(rec.sourceGames()).containsExactly("catch", "breakout");
        assertThat(rec.transfer().freezeEncoder()).isTrue();
        assertThat(rec.frozen()).containsExactlyElementsOf(encoder);
        assertThat(rec.copied()).containsExactlyElementsOf(encoder);
        assertThat(Files.exists(dir.resolve("tuned/network.sqlarr"))).isTrue();
        assertThat(Json.mapper().readValue(dir.resolve("tuned/games.json").toFile(), List.class)).containsExactly("frogger");
    }

    @Test
    void onlineFineTuningOnAVariantKeepsAFrozenEncoderAndTrainsTheRest() throws Exception {
        EnvironmentConfig invisible = EnvironmentConfig.defaults().withVariant(1, 0); // breakout: bricks hidden
        GridEnvironment env = Games.create("breakout", invisible, 4);
        OnlineFineTuningConfig config = OnlineFineTuningConfig.testbed(200, 6)
                .withOnline(new OnlineConfig(120, 500, 20, 2, 8, 1, 0.99, new EpsilonSchedule(1.0, 0.1, 50, 20), 0.0, 6));
        Map<String, INDArray> source = pretrained.network().parameters();
        FineTuning.OnlineRun frozen = FineTuning.online(pretrained, TransferConfig.paper().withFreezeEncoder(true),
                config, env, 8, null);
        assertThat(frozen.result().gradientSteps()).as("steps 20, 22, ..., 120").isEqualTo(51);
        assertThat(frozen.network().config().numGames()).isEqualTo(1);
        Map<String, INDArray> after = frozen.network().parameters();
        source.keySet().stream().filter(n -> n.startsWith("encoder/"))
                .forEach(p -> assertThat(after.get(p)).as("frozen %s", p).isEqualTo(source.get(p)));
        SameDiffQNetwork fresh = SameDiffQNetwork.create(FineTuning.singleGameConfig(pretrained, env), 8);
        assertThat(after.get("torso/dense0/w")).as("the torso starts fresh and trains")
                .isNotEqualTo(fresh.parameters().get("torso/dense0/w"));

        FineTuning.OnlineRun tuned = FineTuning.online(pretrained, TransferConfig.paper(), config,
                Games.create("breakout", invisible, 4), 8, null);
        assertThat(source.keySet().stream().filter(n -> n.startsWith("encoder/")))
                .anyMatch(p -> !tuned.network().parameters().get(p).equals(source.get(p)));
        FineTuning.OnlineRun scratch = FineTuning.online(fresh, n -> false, config, Games.create("breakout", invisible, 4),
                null);
        assertThat(scratch.result().gradientSteps()).as("steps 20, 22, ..., 120").isEqualTo(51);
        double[] returns = OnlineQLearning.evaluate(tuned.network(), Games.create("breakout", invisible, 9), 0, 2, 0.0, 1);
        assertThat(java.util.Arrays.stream(returns).allMatch(Double::isFinite)).isTrue();
    }
}
