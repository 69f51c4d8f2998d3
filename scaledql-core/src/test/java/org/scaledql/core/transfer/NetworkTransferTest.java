package org.scaledql.core.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.scaledql.api.nn.FeatureReduction;
import org.scaledql.api.nn.HeadConfig;
import org.scaledql.api.nn.NetworkConfig;
import org.scaledql.api.nn.ResNetConfig;
import org.scaledql.api.nn.Support;
import org.scaledql.api.transfer.TransferConfig;
import org.scaledql.core.io.AtomicFiles;
import org.scaledql.core.nn.SameDiffQNetwork;

class NetworkTransferTest {

    static NetworkConfig config(int games, int actions) {
        return NetworkConfig.builder(new int[] {2, 10, 10}, games, actions)
                .encoder(new ResNetConfig(18, 0.125, 4, ResNetConfig.Stem.SMALL)).torso(16)
                .head(new HeadConfig.C51(new Support(11, -5, 5))).build();
    }

    /** A pre-trained network: random values that no seed would give, so copies are recognisable. */
    static SameDiffQNetwork pretrained(NetworkConfig c, long seed) {
        SameDiffQNetwork net = SameDiffQNetwork.create(c, seed);
        for (INDArray p : net.parameters().values()) {
            p.addi(0.5);
        }
        return net;
    }

    /**
     * Seeded property over game and action counts: with the spatial embedding and torso copied, exactly the heads
     * are re-initialised (to the values a fresh network of the new config and seed has) and every other parameter is
     * bit-identical to the pre-trained one.
     */
    @Test
    void aNetworkWithOtherGamesOrActionsGetsFreshHeadsAndTheExactEncoder() {
        long seed = 20240517L;
        SplittableRandom rng = new SplittableRandom(seed);
        SameDiffQNetwork source = pretrained(config(6, 6), 1);
        for (int trial = 0; trial < 3; trial++) {
            int games = 1 + rng.nextInt(4);
            int actions = 2 + rng.nextInt(6);
            long netSeed = rng.nextLong();
            String input = "seed=" + seed + " trial=" + trial + " games=" + games + " actions=" + actions;
            NetworkTransfer.Result r = NetworkTransfer.apply(source, config(games, actions),
                    TransferConfig.paper().withCopySpatialEmbedding(true).withCopyTorso(true), netSeed);
            assertThat(r.initialized()).as(input).isNotEmpty().allMatch(n -> n.startsWith("heads/"));
            assertThat(r.copied()).as(input).noneMatch(n -> n.startsWith("heads/"));
            Map<String, INDArray> fresh = SameDiffQNetwork.create(config(games, actions), netSeed).parameters();
            Map<String, INDArray> got = r.network().parameters();
            assertThat(got.keySet()).as(input).containsExactlyInAnyOrderElementsOf(
                    java.util.stream.Stream.concat(r.copied().stream(), r.initialized().stream()).toList());
            for (String p : r.copied()) {
                assertThat(got.get(p)).as("%s: copied %s", input, p).isEqualTo(source.parameters().get(p));
            }
            for (String p : r.initialized()) {
                assertThat(got.get(p)).as("%s: fresh %s", input, p).isEqualTo(fresh.get(p));
            }
        }
    }

    @Test
    void thePaperProtocolCopiesOnlyTheEncoder() {
        SameDiffQNetwork source = pretrained(config(3, 4), 2);
        Map<String, INDArray> sourceBefore = source.copy().parameters();
        NetworkTransfer.Result r = NetworkTransfer.apply(source, config(1, 4), TransferConfig.paper(), 9);
        assertThat(r.copied()).isNotEmpty().allMatch(n -> n.startsWith("encoder/"));
        assertThat(r.initialized()).anyMatch(n -> n.startsWith("reduction/")).anyMatch(n -> n.startsWith("torso/"))
                .anyMatch(n -> n.startsWith("heads/")).noneMatch(n -> n.startsWith("encoder/"));
        assertThat(r.network().parameters().get("torso/dense0/w"))
                .isEqualTo(SameDiffQNetwork.create(config(1, 4), 9).parameters().get("torso/dense0/w"));
        assertThat(r.network().parameters().get(r.copied().get(0))).isEqualTo(source.parameters().get(r.copied().get(0)));
        assertThat(source.parameters()).as("the source is not changed").isEqualTo(sourceBefore);
        assertThat(NetworkTransfer.frozen(TransferConfig.paper().withFreezeEncoder(true)).test(r.copied().get(0))).isTrue();
        assertThat(NetworkTransfer.frozen(TransferConfig.paper()).test(r.copied().get(0))).isFalse();
    }

    @Test
    void incompatibleArchitecturesAreRefusedWithTheReason() {
        SameDiffQNetwork source = pretrained(config(3, 4), 3);
        NetworkConfig otherObs = NetworkConfig.builder(new int[] {3, 10, 10}, 1, 4)
                .encoder(new ResNetConfig(18, 0.125, 4, ResNetConfig.Stem.SMALL)).torso(16).build();
        assertThatThrownBy(() -> NetworkTransfer.apply(source, otherObs, TransferConfig.paper(), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 10, 10]")
                .hasMessageContaining("[3, 10, 10]");
        NetworkConfig otherEncoder = NetworkConfig.builder(new int[] {2, 10, 10}, 1, 4)
                .encoder(new ResNetConfig(18, 0.25, 4, ResNetConfig.Stem.SMALL)).torso(16).build();
        assertThatThrownBy(() -> NetworkTransfer.apply(source, otherEncoder, TransferConfig.paper(), 1))
                .hasMessageContaining("encoder");
        NetworkConfig otherTorso = NetworkConfig.builder(new int[] {2, 10, 10}, 1, 4)
                .encoder(new ResNetConfig(18, 0.125, 4, ResNetConfig.Stem.SMALL)).torso(32).build();
        assertThat(NetworkTransfer.apply(source, otherTorso, TransferConfig.paper(), 1).copied()).isNotEmpty();
        assertThatThrownBy(() -> NetworkTransfer.apply(source, otherTorso, TransferConfig.paper().withCopyTorso(true), 1))
                .hasMessageContaining("torso widths").hasMessageContaining("[16]").hasMessageContaining("[32]");
        NetworkConfig flatten = NetworkConfig.builder(new int[] {2, 10, 10}, 1, 4)
                .encoder(new ResNetConfig(18, 0.125, 4, ResNetConfig.Stem.SMALL)).torso(16)
                .reduction(FeatureReduction.FLATTEN).build();
        assertThatThrownBy(() -> NetworkTransfer.apply(source, flatten,
                TransferConfig.paper().withCopySpatialEmbedding(true), 1)).hasMessageContaining("reduction");
    }

    @Test
    void pretrainedReadsRunDirectoriesAndNetworkFiles(@TempDir Path dir) throws Exception {
        SameDiffQNetwork net = pretrained(config(2, 4), 4);
        Path run = dir.resolve("run");
        Files.createDirectories(run);
        assertThatThrownBy(() -> Pretrained.load(run)).hasMessageContaining("network.sqlarr").hasMessageContaining(run.toString());
        net.save(run.resolve("network.sqlarr"));
        AtomicFiles.writeString(run.resolve("games.json"), "[\"catch\",\"pong\"]");
        Pretrained p = Pretrained.load(run);
        assertThat(p.games()).containsExactly("catch", "pong");
        assertThat(p.trainConfig()).isEmpty();
        assertThat(p.network().parameters()).isEqualTo(net.parameters());
        assertThat(Pretrained.load(run.resolve("network.sqlarr")).games()).containsExactly("catch", "pong");
        AtomicFiles.writeString(run.resolve("games.json"), "[\"catch\"]");
        assertThatThrownBy(() -> Pretrained.load(run)).hasMessageContaining("games.json").hasMessageContaining("2 heads");
        AtomicFiles.writeString(run.resolve("games.json"), "{\"catch\": 1}");
        assertThatThrownBy(() -> Pretrained.load(run)).hasMessageContaining("games.json")
                .hasMessageContaining("JSON array");
        assertThatThrownBy(() -> Pretrained.load(dir.resolve("nope"))).hasMessageContaining("does not exist");
        assertThat(List.of(p.source())).containsExactly(run);
    }

    @Test
    void aNetworkWithACustomEncoderIsRefusedNamingTheRemedy() {
        SameDiffQNetwork custom = SameDiffQNetwork.create(config(2, 4),
                org.scaledql.core.nn.Encoders.factory(new ResNetConfig(18, 0.125, 4, ResNetConfig.Stem.SMALL)), 3);
        assertThatThrownBy(() -> NetworkTransfer.apply(custom, config(1, 4), TransferConfig.paper(), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("custom encoder")
                .hasMessageContaining("SameDiffQNetwork.create(target, encoderFactory, seed)");
    }
}
