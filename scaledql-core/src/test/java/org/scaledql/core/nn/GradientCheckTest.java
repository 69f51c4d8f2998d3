package org.scaledql.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.scaledql.api.nn.EncoderConfig;
import org.scaledql.api.nn.FeatureReduction;
import org.scaledql.api.nn.HeadConfig;
import org.scaledql.api.nn.ImpalaConfig;
import org.scaledql.api.nn.NatureCnnConfig;
import org.scaledql.api.nn.NetworkConfig;
import org.scaledql.api.nn.ResNetConfig;
import org.scaledql.api.nn.Support;
import org.scaledql.core.testing.GradCheck;

/** Central-difference gradient checks, in double precision on tiny shapes, of every differentiable piece. */
class GradientCheckTest {

    private static final long SEED = 20261125L;

    private static INDArray random(long seed, long... shape) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(DataType.DOUBLE, shape);
    }

    /** loss = sum(out * R) for a fixed random R, so the check covers a random projection of the Jacobian. */
    private static String projectedLoss(SameDiff sd, SDVariable out, long... shape) {
        SDVariable r = sd.constant("projection", random(SEED + 99, shape));
        return out.mul(r).sum().rename("checkLoss").name();
    }

    private static void assertGradientsMatch(SameDiff sd, String loss, Map<String, INDArray> ph, List<String> params) {
        assertGradientsMatch(sd, loss, ph, params, 40);
    }

    private static void assertGradientsMatch(SameDiff sd, String loss, Map<String, INDArray> ph, List<String> params,
            int perParam) {
        List<GradCheck.Mismatch> bad = GradCheck.check(sd, loss, ph, params, perParam, SEED);
        assertThat(bad).as("analytic vs central-difference gradients").isEmpty();
    }

    @Test
    void groupNorm() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.var("x", random(1, 2, 4, 3, 3));
        SDVariable gamma = sd.var("gamma", random(2, 4));
        SDVariable beta = sd.var("beta", random(3, 4));
        SDVariable y = Layers.groupNorm(sd, x, gamma, beta, 2, 4, 3, 3);
        assertGradientsMatch(sd, projectedLoss(sd, y, 2, 4, 3, 3), Map.of(), List.of("x", "gamma", "beta"));
    }

    @Test
    void spatialEmbedding() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.var("x", random(4, 2, 3, 2, 2));
        SDVariable e = sd.var("e", random(5, 3, 2, 2));
        SDVariable y = Layers.spatialEmbedding(sd, x, e);
        assertGradientsMatch(sd, projectedLoss(sd, y, 2, 3), Map.of(), List.of("x", "e"));
    }

    @Test
    void featureNormalization() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.var("x", random(6, 3, 5));
        SDVariable y = Layers.l2Normalize(sd, x);
        assertGradientsMatch(sd, projectedLoss(sd, y, 3, 5), Map.of(), List.of("x"));
    }

    static Stream<Arguments> networks() {
        int[] small = {2, 6, 6};
        return Stream.of(
                Arguments.of("nature", new NatureCnnConfig(1), new int[] {1, 36, 36}, HeadConfig.c51()),
                Arguments.of("impala", new ImpalaConfig(new int[] {2, 3}, 1, 1), small, HeadConfig.scalar()),
                Arguments.of("impala with group norm", new ImpalaConfig(new int[] {2, 4}, 1, 1, 2), small,
                        new HeadConfig.C51(new Support(5, -2, 2))),
                Arguments.of("resnet18 basic blocks", new ResNetConfig(18, 1.0 / 16, 2, ResNetConfig.Stem.SMALL), small,
                        new HeadConfig.C51(new Support(5, -2, 2))),
                Arguments.of("resnet50 bottleneck blocks", new ResNetConfig(50, 1.0 / 32, 2, ResNetConfig.Stem.IMAGENET),
                        new int[] {2, 8, 8}, HeadConfig.scalar()));
    }

    /** Whole networks: encoder blocks, spatial embedding, torso, feature normalization and both head types. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void wholeNetwork(String name, EncoderConfig encoder, int[] obsShape, HeadConfig head) {
        NetworkConfig config = NetworkConfig.builder(obsShape, 2, 3).encoder(encoder).torso(6)
                .reduction(FeatureReduction.SPATIAL_EMBEDDING).featureNormalization(true).head(head).build();
        SameDiffQNetwork net = SameDiffQNetwork.create(config, 7, DataType.DOUBLE);
        SameDiff sd = net.sameDiff();
        int atoms = head.outputsPerAction();
        String loss = atoms == 1
                ? projectedLoss(sd, net.main().headOutputs(), 3, 3)
                : projectedLoss(sd, net.main().headOutputs(), 3, 3, atoms);
        Map<String, INDArray> ph = net.inputs(random(8, 3, obsShape[0], obsShape[1], obsShape[2]),
                Nd4j.createFromArray(0, 1, 1));
        // Every piece outside the residual stages, and the first block (with its shortcut) of the first two
        // stages: each block type and shortcut is covered without paying for every repeated block.
        List<String> checked = new ArrayList<>();
        for (String p : net.parameters().keySet()) {
            if (!p.contains("/stage") || p.contains("stage1/block0/") || p.contains("stage2/block0/")) {
                checked.add(p);
            }
        }
        assertGradientsMatch(sd, loss, ph, checked, 6);
    }
}
