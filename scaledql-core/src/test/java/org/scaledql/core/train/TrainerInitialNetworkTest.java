package org.scaledql.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.scaledql.api.train.TrainConfig;
import org.scaledql.core.data.store.DiskTransitionStore;
import org.scaledql.core.data.store.TransitionStores;
import org.scaledql.core.nn.Blocks;
import org.scaledql.core.nn.Encoder;
import org.scaledql.core.nn.EncoderFactory;
import org.scaledql.core.nn.SameDiffQNetwork;
import org.scaledql.core.testing.BitwiseArrays;

/** {@link Trainer.Builder#initialNetwork} (also with a custom encoder) and {@link Trainer.Builder#frozen}. */
class TrainerInitialNetworkTest {

    @TempDir
    static Path shared;

    static Path storeDir;

    @BeforeAll
    static void store() throws Exception {
        storeDir = shared.resolve("store");
        TrainerFixtures.writeStore(storeDir);
    }

    @Test
    void startsFromTheGivenParametersAndKeepsFrozenOnesBitIdentical(@TempDir Path dir) throws Exception {
        TrainConfig config = TrainerFixtures.config(12, 6);
        try (DiskTransitionStore store = TransitionStores.open(storeDir)) {
            Trainer.Result fresh = Trainer.builder(config, store, dir.resolve("fresh")).progress(false).build().run();
            Trainer plain = Trainer.builder(config, store, dir.resolve("same")).progress(false).build();
            SameDiffQNetwork sameSeed = SameDiffQNetwork.create(plain.networkConfig(), config.seed());
            Trainer.Result same = Trainer.builder(config, store, dir.resolve("same")).progress(false)
                    .initialNetwork(sameSeed).build().run();
            assertThat(same.network().parameters()).as("the config's own initialisation, given explicitly")
                    .isEqualTo(fresh.network().parameters());

            SameDiffQNetwork init = SameDiffQNetwork.create(plain.networkConfig(), 77);
            Map<String, INDArray> initParams = init.copy().parameters();
            Trainer.Result frozen = Trainer.builder(config, store, dir.resolve("frozen")).progress(false)
                    .initialNetwork(init).frozen(n -> n.startsWith("encoder/")).build().run();
            Map<String, INDArray> after = frozen.network().parameters();
            for (Map.Entry<String, INDArray> e : initParams.entrySet()) {
                if (e.getKey().startsWith("encoder/")) {
                    BitwiseArrays.assertSameBits(after.get(e.getKey()), e.getValue(), "frozen " + e.getKey());
                }
            }
            assertThat(after.get("torso/dense0/w")).isNotEqualTo(initParams.get("torso/dense0/w"));
            assertThat(init.parameters()).as("the given network itself is not trained").isEqualTo(initParams);
            SameDiffQNetwork saved = SameDiffQNetwork.load(dir.resolve("frozen/network.sqlarr"));
            assertThat(saved.parameters()).isEqualTo(after);
        }
    }

    @Test
    void trainsANetworkWithACustomEncoderAndSavesItForLoadWithTheFactory(@TempDir Path dir) throws Exception {
        EncoderFactory oneConv = (params, prefix, in) -> {
            Blocks.Conv conv = Blocks.Conv.create(params, prefix + "/conv", 3, in[0], 8, 2, true, true);
            return Encoder.of(x -> params.sameDiff().nn().relu(conv.apply(params.sameDiff(), x), 0),
                    8, (in[1] + 1) / 2, (in[2] + 1) / 2);
        };
        TrainConfig config = TrainerFixtures.config(6, 6);
        try (DiskTransitionStore store = TransitionStores.open(storeDir)) {
            Trainer plain = Trainer.builder(config, store, dir.resolve("custom")).progress(false).build();
            SameDiffQNetwork init = SameDiffQNetwork.create(plain.networkConfig(), oneConv, config.seed());
            Map<String, INDArray> initParams = init.copy().parameters();
            Trainer.Result r = Trainer.builder(config, store, dir.resolve("custom")).progress(false)
                    .initialNetwork(init).build().run();
            assertThat(r.network().customEncoder()).isPresent();
            assertThat(r.network().parameters().keySet()).containsExactlyElementsOf(initParams.keySet());
            assertThat(r.network().parameters().get("encoder/conv/w")).isNotEqualTo(initParams.get("encoder/conv/w"));
            Path file = dir.resolve("custom").resolve(Trainer.NETWORK_FILE);
            assertThatThrownBy(() -> SameDiffQNetwork.load(file)).hasMessageContaining("custom encoder");
            BitwiseArrays.assertSameBits(SameDiffQNetwork.load(file, oneConv).parameters(), r.network().parameters(),
                    "the saved network, loaded with its factory");
        }
    }

    @Test
    void refusesAnInitialNetworkOfAnotherShape(@TempDir Path dir) throws Exception {
        TrainConfig config = TrainerFixtures.config(5, 5);
        try (DiskTransitionStore store = TransitionStores.open(storeDir)) {
            var netConfig = Trainer.builder(config, store, dir).build().networkConfig();
            SameDiffQNetwork wrong = SameDiffQNetwork.create(netConfig.withGames(3), 1);
            assertThatThrownBy(() -> Trainer.builder(config, store, dir).initialNetwork(wrong).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initial network's config")
                    .hasMessageContaining("numGames=3");
        }
    }
}
