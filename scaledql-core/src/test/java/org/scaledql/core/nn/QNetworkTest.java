package org.scaledql.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.scaledql.api.nn.FeatureReduction;
import org.scaledql.api.nn.HeadConfig;
import org.scaledql.api.nn.ImpalaConfig;
import org.scaledql.api.nn.NatureCnnConfig;
import org.scaledql.api.nn.NetworkConfig;
import org.scaledql.api.nn.ResNetConfig;
import org.scaledql.api.nn.Support;
import org.scaledql.core.runtime.Quiet;

/** Behaviour of the built network: shapes, C51 expectation, normalization, copies, saving, gradient flow. */
class QNetworkTest {

    static final int[] OBS = {3, 10, 10};

    static NetworkConfig small(HeadConfig head, int games) {
        return NetworkConfig.builder(OBS, games, 4).encoder(new ResNetConfig(18, 0.125, 4, ResNetConfig.Stem.SMALL))
                .torso(16).head(head).build();
    }

    static INDArray obs(long seed, int b) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.FLOAT, b, OBS[0], OBS[1], OBS[2]);
    }

    @Test
    void c51OutputsAndQValuesAreTheExpectationOverTheSupport() {
        Support support = new Support(11, -3, 5);
        SameDiffQNetwork net = SameDiffQNetwork.create(small(new HeadConfig.C51(support), 3), 1);
        INDArray o = obs(1, 5);
        INDArray tasks = Nd4j.createFromArray(0, 1, 2, 2, 0);
        INDArray logits = net.headOutputs(o, tasks);
        assertThat(logits.shape()).containsExactly(5, 4, 11);
        INDArray probs = Transforms.softmax(logits.reshape(20, 11)).reshape(5, 4, 11);
        INDArray z = Nd4j.createFromArray(support.atoms()).castTo(DataType.FLOAT);
        INDArray expected = probs.mul(z.reshape(1, 1, 11)).sum(2);
        INDArray q = net.qValues(o, tasks);
        assertThat(q.shape()).containsExactly(5, 4);
        for (int i = 0; i < 20; i++) {
            assertThat(q.getDouble(i)).isCloseTo(expected.getDouble(i), within(1e-5));
        }
    }

    @Test
    void eachSampleUsesItsOwnGamesHead() {
        SameDiffQNetwork net = SameDiffQNetwork.create(small(HeadConfig.scalar(), 3), 2);
        INDArray o = obs(2, 1);
        INDArray features = net.features(o);
        INDArray w = net.parameters().get("heads/w");
        INDArray b = net.parameters().get("heads/b");
        for (int g = 0; g < 3; g++) {
            INDArray expected = features.mmul(w).add(b.reshape(1, -1)).get(
                    org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(g * 4, g * 4 + 4));
            INDArray q = net.qValues(o, Nd4j.createFromArray(g));
            for (int a = 0; a < 4; a++) {
                assertThat(q.getDouble(0, a)).as("game %s action %s", g, a).isCloseTo(expected.getDouble(0, a), within(1e-5));
            }
        }
    }

    @Test
    void featureNormalizationGivesUnitNormFeaturesAndIsSwitchable() {
        SameDiffQNetwork on = SameDiffQNetwork.create(small(HeadConfig.c51(), 1), 3);
        INDArray norms = on.features(obs(3, 4)).norm2(1);
        for (int i = 0; i < 4; i++) {
            assertThat(norms.getDouble(i)).isCloseTo(1.0, within(1e-4));
        }
        NetworkConfig c = small(HeadConfig.c51(), 1);
        NetworkConfig offConfig = new NetworkConfig(c.observationShape(), 1, 4, c.encoder(), c.reduction(),
                c.torsoWidths(), false, c.head());
        INDArray offNorms = SameDiffQNetwork.create(offConfig, 3).features(obs(3, 4)).norm2(1);
        assertThat(offNorms.getDouble(0)).isNotCloseTo(1.0, within(1e-3));
    }

    @Test
    void spatialEmbeddingAndFlattenGiveTheDocumentedWidths() {
        NetworkConfig flat = NetworkConfig.builder(OBS, 1, 4).encoder(ImpalaConfig.defaults()).torso()
                .reduction(FeatureReduction.FLATTEN).featureNormalization(false).build();
        assertThat(flat.reducedFeatures()).isEqualTo(32 * 2 * 2);
        assertThat(SameDiffQNetwork.create(flat, 1).features(obs(4, 2)).shape()).containsExactly(2, 128);
        NetworkConfig emb = NetworkConfig.builder(OBS, 1, 4).encoder(ImpalaConfig.defaults()).torso().build();
        SameDiffQNetwork net = SameDiffQNetwork.create(emb, 1);
        assertThat(net.features(obs(4, 2)).shape()).containsExactly(2, 32);
        assertThat(net.parameters().get("reduction/spatialEmbedding").shape()).containsExactly(32, 2, 2);
    }

    /** IMPALA with group norm: a norm after each convolution, the original's parameters otherwise, same shapes. */
    @Test
    void impalaWithGroupNormAddsANormAfterEveryConvolution() {
        NetworkConfig plain = NetworkConfig.builder(OBS, 2, 4).encoder(ImpalaConfig.defaults()).torso().build();
        NetworkConfig gn = NetworkConfig.builder(OBS, 2, 4).encoder(ImpalaConfig.defaults().withGroupNorm(4)).torso().build();
        var p = SameDiffQNetwork.create(plain, 1).parameters().keySet();
        var q = SameDiffQNetwork.create(gn, 1).parameters();
        List<String> norms = q.keySet().stream().filter(k -> k.contains("/norm")).toList();
        assertThat(q.keySet()).containsAll(p);
        assertThat(norms).hasSize(2 * (3 + 3 * 2 * 2)); // gamma and beta per conv: 3 sections, 2 blocks of 2
        assertThat(q.get("encoder/section1/block0/norm2/gamma").shape()).containsExactly(32);
        assertThat(SameDiffQNetwork.create(gn, 1).qValues(obs(4, 2), Nd4j.createFromArray(0, 1)).shape())
                .containsExactly(2, 4);
        assertThat(ImpalaConfig.defaults().withGroupNorm(4).displayName()).isEqualTo("impala-gn");
        assertThatThrownBy(() -> ImpalaConfig.defaults().withGroupNorm(5)).hasMessageContaining("multiples of groupNormGroups=5");
    }

    @Test
    void encodersWorkAtAtariAndTestbedSizes() {
        int[] atari = {4, 84, 84};
        assertThat(new NatureCnnConfig(1).outputShape(atari)).containsExactly(64, 7, 7);
        assertThat(ImpalaConfig.defaults().outputShape(atari)).containsExactly(32, 11, 11);
        assertThat(ResNetConfig.depth(50).outputShape(atari)).containsExactly(2048, 3, 3);
        assertThat(ResNetConfig.depth(18).outputShape(new int[] {4, 10, 10})).containsExactly(512, 1, 1);
        assertThat(ResNetConfig.depth(18).withStem(ResNetConfig.Stem.SMALL).outputShape(new int[] {4, 10, 10}))
                .containsExactly(512, 2, 2);
        NetworkConfig c = NetworkConfig.builder(atari, 2, 18).encoder(new ResNetConfig(34, 0.125, 8, ResNetConfig.Stem.IMAGENET))
                .torso(32).build();
        SameDiffQNetwork net = SameDiffQNetwork.create(c, 5);
        Nd4j.getRandom().setSeed(5);
        INDArray q = net.qValues(Nd4j.rand(DataType.FLOAT, 2, 4, 84, 84), Nd4j.createFromArray(0, 1));
        assertThat(q.shape()).containsExactly(2, 18);
    }

    @Test
    void copyIsIndependentAndCopyParamsFromSyncs() {
        SameDiffQNetwork a = SameDiffQNetwork.create(small(HeadConfig.c51(), 2), 6);
        SameDiffQNetwork b = a.copy();
        INDArray o = obs(6, 3);
        INDArray t = Nd4j.createFromArray(0, 1, 0);
        assertThat(b.qValues(o, t)).isEqualTo(a.qValues(o, t));
        a.parameters().get("heads/w").muli(2.0); // (a constant bias shift would not change C51 Q-values)
        assertThat(b.qValues(o, t)).isNotEqualTo(a.qValues(o, t));
        b.copyParamsFrom(a);
        assertThat(b.qValues(o, t)).isEqualTo(a.qValues(o, t));
        SameDiffQNetwork other = SameDiffQNetwork.create(small(HeadConfig.scalar(), 2), 6);
        assertThatThrownBy(() -> other.copyParamsFrom(a)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("same config");
    }

    @Test
    void sameSeedSameParametersAndSaveLoadRoundTrips(@TempDir Path dir) throws Exception {
        SameDiffQNetwork a = SameDiffQNetwork.create(small(HeadConfig.c51(), 2), 8);
        SameDiffQNetwork again = SameDiffQNetwork.create(small(HeadConfig.c51(), 2), 8);
        SameDiffQNetwork other = SameDiffQNetwork.create(small(HeadConfig.c51(), 2), 9);
        assertThat(again.parameters()).isEqualTo(a.parameters());
        assertThat(other.parameters().get("heads/w")).isNotEqualTo(a.parameters().get("heads/w"));
        Path file = dir.resolve("net.sqlarr");
        a.save(file);
        SameDiffQNetwork loaded = SameDiffQNetwork.load(file);
        assertThat(loaded.config()).isEqualTo(a.config());
        assertThat(loaded.parameters()).isEqualTo(a.parameters());
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("net.sqlarr");
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(file, bytes);
        assertThatThrownBy(() -> SameDiffQNetwork.load(file)).hasMessageContaining("checksum mismatch")
                .hasMessageContaining(file.toString());
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 3));
        assertThatThrownBy(() -> SameDiffQNetwork.load(file)).hasMessageContaining("truncated");
    }

    @Test
    void parameterBreakdownSumsToTheTotal() {
        SameDiffQNetwork net = SameDiffQNetwork.create(small(HeadConfig.c51(), 3), 1);
        Map<String, Long> parts = net.parameterBreakdown();
        assertThat(parts.keySet()).containsExactly("encoder", "reduction", "torso", "heads");
        assertThat(parts.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(net.parameterCount());
        assertThat(parts.get("heads")).isEqualTo((16L + 1) * 3 * 4 * 51);
    }

    /** Gradients of mean Q over a batch: which parameters receive a non-zero gradient. */
    private static Map<String, INDArray> gradients(SameDiffQNetwork net, INDArray tasks) {
        SameDiff sd = net.sameDiff();
        SDVariable loss = sd.getVariable("flowLoss");
        if (loss == null) {
            loss = net.main().qValues().mul(net.main().qValues()).mean().rename("flowLoss");
        }
        Quiet.createGradFunction(sd, "flowLoss");
        return sd.calculateGradients(net.inputs(obs(9, (int) tasks.length()), tasks), net.parameters().keySet());
    }

    @Test
    void everyParameterGetsAGradientWhenAllGamesArePresent() {
        for (HeadConfig head : new HeadConfig[] {HeadConfig.c51(), HeadConfig.scalar()}) {
            SameDiffQNetwork net = SameDiffQNetwork.create(small(head, 3), 10);
            Map<String, INDArray> g = gradients(net, Nd4j.createFromArray(0, 1, 2, 1));
            List<String> zero = new ArrayList<>();
            for (String p : net.parameters().keySet()) {
                if (g.get(p) == null || g.get(p).amaxNumber().doubleValue() == 0) {
                    zero.add(p);
                }
            }
            assertThat(zero).as("parameters with no gradient (%s head)", head).isEmpty();
        }
    }

    @Test
    void aGamesHeadGetsNoGradientFromABatchWithoutThatGame() {
        SameDiffQNetwork net = SameDiffQNetwork.create(small(HeadConfig.c51(), 3), 11);
        INDArray gw = gradients(net, Nd4j.createFromArray(0, 2, 0)).get("heads/w"); // no game 1
        int perGame = 4 * 51;
        INDArray game1 = gw.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(perGame, 2 * perGame));
        INDArray game0 = gw.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, perGame));
        assertThat(game1.amaxNumber().doubleValue()).isEqualTo(0.0);
        assertThat(game0.amaxNumber().doubleValue()).isGreaterThan(0.0);
    }
}
