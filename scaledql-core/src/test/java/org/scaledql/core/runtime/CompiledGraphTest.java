package org.scaledql.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
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
import org.scaledql.core.nn.SameDiffQNetwork;

/**
 * {@link CompiledGraph} must compute what SameDiff computes: it runs the same kernels on the same inputs, except
 * that a broadcasting {@code multiply_bp} runs as {@link BroadcastMultiplyGradient} (the same products, summed in
 * another order) and reshapes are views. Outputs and gradients are compared (ND4J's equality, 1e-5) on fresh random
 * inputs, over every encoder family and both head types, for two different batches in a row (the second run
 * reuses the first one's arrays).
 */
class CompiledGraphTest {

    static Stream<Arguments> networks() {
        return Stream.of(
                Arguments.of("nature c51", new NatureCnnConfig(1), new int[] {1, 36, 36}, HeadConfig.c51(),
                        FeatureReduction.SPATIAL_EMBEDDING),
                Arguments.of("impala scalar flatten", new ImpalaConfig(new int[] {2, 3}, 1, 1), new int[] {2, 6, 6},
                        HeadConfig.scalar(), FeatureReduction.FLATTEN),
                Arguments.of("resnet18 c51", new ResNetConfig(18, 0.125, 4, ResNetConfig.Stem.SMALL),
                        new int[] {10, 10, 10}, HeadConfig.c51(), FeatureReduction.SPATIAL_EMBEDDING),
                // stage 4 has 256 channels: ConvInputGradient's shape rule (on processors with AVX-512)
                Arguments.of("resnet18 wide c51", new ResNetConfig(18, 0.5, 8, ResNetConfig.Stem.SMALL),
                        new int[] {2, 4, 4}, HeadConfig.c51(), FeatureReduction.SPATIAL_EMBEDDING),
                Arguments.of("resnet50 scalar", new ResNetConfig(50, 1.0 / 32, 2, ResNetConfig.Stem.IMAGENET),
                        new int[] {2, 8, 8}, HeadConfig.scalar(), FeatureReduction.SPATIAL_EMBEDDING));
    }

    /** A network with a loss depending on every output: a random weighting of the Q-values and features. */
    record Fixture(SameDiffQNetwork net, List<String> outputs, List<String> params, Map<String, String> gradNames) {

        static Fixture of(EncoderConfig encoder, int[] obs, HeadConfig head, FeatureReduction reduction) {
            NetworkConfig config = NetworkConfig.builder(obs, 3, 4).encoder(encoder).reduction(reduction).torso(8)
                    .head(head).build();
            SameDiffQNetwork net = SameDiffQNetwork.create(config, 11);
            SameDiff sd = net.sameDiff();
            Nd4j.getRandom().setSeed(5);
            SDVariable wq = sd.constant("wq", Nd4j.randn(DataType.FLOAT, 1, 4));
            SDVariable loss = net.main().qValues().mul(wq).sum().add(net.main().features().mul(net.main().features())
                    .sum()).rename("loss");
            Quiet.createGradFunction(sd, loss.name());
            List<String> params = new ArrayList<>(net.parameters().keySet());
            Map<String, String> grads = new LinkedHashMap<>();
            for (String p : params) {
                grads.put(p, sd.getVariable(p).getGradient().name());
            }
            return new Fixture(net, List.of("loss", SameDiffQNetwork.Q_VALUES), params, grads);
        }

        Map<String, INDArray> placeholders(long seed, int batch) {
            int[] s = net.config().observationShape();
            Nd4j.getRandom().setSeed(seed);
            INDArray obs = Nd4j.rand(DataType.FLOAT, batch, s[0], s[1], s[2]);
            INDArray tasks = Nd4j.createFromArray(new int[batch]);
            for (int i = 0; i < batch; i++) {
                tasks.putScalar(i, (i + seed) % 3);
            }
            return net.inputs(obs, tasks);
        }

        List<String> allOutputs() {
            List<String> all = new ArrayList<>(outputs);
            all.addAll(gradNames.values());
            return all;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void outputsAndGradientsEqualSameDiffs(String name, EncoderConfig encoder, int[] obs, HeadConfig head,
            FeatureReduction reduction) {
        Fixture f = Fixture.of(encoder, obs, head, reduction);
        SameDiff sd = f.net().sameDiff();
        CompiledGraph g = CompiledGraph.compile(sd.getFunction("grad"), f.placeholders(1, 5), f.allOutputs());
        assertSame(f, sd.calculateGradientsAndOutputs(f.placeholders(1, 5), f.outputs(), f.params()), g.results());
        for (long seed : new long[] {2, 3}) {
            Map<String, INDArray> ph = f.placeholders(seed, 5);
            OutAndGrad expected = sd.calculateGradientsAndOutputs(ph, f.outputs(), f.params());
            assertSame(f, expected, g.run(ph));
        }
    }

    private static void assertSame(Fixture f, OutAndGrad expected, Map<String, INDArray> actual) {
        for (String o : f.outputs()) {
            assertThat(actual.get(o)).as(o).isEqualTo(expected.getOutputs().get(o));
        }
        for (String p : f.params()) {
            assertThat(actual.get(f.gradNames().get(p))).as("gradient of " + p).isEqualTo(expected.getGradients().get(p));
        }
    }

    @Test
    void seesParameterUpdatesInPlaceOrByReplacement() {
        Fixture f = Fixture.of(new ResNetConfig(18, 0.125, 4, ResNetConfig.Stem.SMALL), new int[] {3, 8, 8},
                HeadConfig.c51(), FeatureReduction.SPATIAL_EMBEDDING);
        SameDiff sd = f.net().sameDiff();
        Map<String, INDArray> ph = f.placeholders(1, 4);
        List<String> q = List.of(SameDiffQNetwork.Q_VALUES);
        GraphRunner runner = new GraphRunner(() -> sd, sd::output);
        runner.run(ph, q);
        INDArray before = runner.run(ph, q).get(SameDiffQNetwork.Q_VALUES).dup(); // compiled from the 2nd call on
        f.net().parameters().get("torso/dense0/b").addi(0.5);
        INDArray inPlace = runner.run(ph, q).get(SameDiffQNetwork.Q_VALUES).dup();
        assertThat(inPlace).isNotEqualTo(before).isEqualTo(sd.output(ph, q).get(SameDiffQNetwork.Q_VALUES));
        // SameDiff may keep its array object and copy the values, or take the new object (then the graph is stale
        // and the runner recompiles): either way the next run must see the new values.
        sd.associateArrayWithVariable(f.net().parameters().get("torso/dense0/b").add(1.0), sd.getVariable("torso/dense0/b"));
        INDArray replaced = runner.run(ph, q).get(SameDiffQNetwork.Q_VALUES).dup();
        assertThat(replaced).isNotEqualTo(inPlace).isEqualTo(sd.output(ph, q).get(SameDiffQNetwork.Q_VALUES));
    }

    @Test
    void refusesPlaceholdersOfAnotherShape() {
        Fixture f = Fixture.of(new ResNetConfig(18, 0.125, 4, ResNetConfig.Stem.SMALL), new int[] {3, 8, 8},
                HeadConfig.c51(), FeatureReduction.SPATIAL_EMBEDDING);
        CompiledGraph g = CompiledGraph.compile(f.net().sameDiff(), f.placeholders(1, 4), List.of(SameDiffQNetwork.Q_VALUES));
        assertThat(g.accepts(f.placeholders(1, 4))).isTrue();
        assertThat(g.accepts(f.placeholders(1, 3))).isFalse();
        assertThatThrownBy(() -> g.run(f.placeholders(1, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageMatching("placeholder \\w+ has shape \\[3.*; this graph was compiled for \\[4.*");
    }

    @Test
    void networkOutputsBelongToTheCallerAcrossCompiledCalls() {
        Fixture f = Fixture.of(new ResNetConfig(18, 0.125, 4, ResNetConfig.Stem.SMALL), new int[] {3, 8, 8},
                HeadConfig.c51(), FeatureReduction.SPATIAL_EMBEDDING);
        SameDiffQNetwork net = f.net();
        List<INDArray> results = new ArrayList<>();
        List<INDArray> expected = new ArrayList<>();
        for (long seed = 1; seed <= 4; seed++) { // calls 2-4 run compiled
            Map<String, INDArray> ph = f.placeholders(seed, 4);
            expected.add(net.sameDiff().output(ph, SameDiffQNetwork.Q_VALUES).get(SameDiffQNetwork.Q_VALUES).dup());
            results.add(net.qValues(ph.get(SameDiffQNetwork.OBSERVATIONS), ph.get(SameDiffQNetwork.TASK_IDS)));
        }
        assertThat(results).isEqualTo(expected);
    }

    @Test
    void reshapesOfContiguousArraysAreViewsNotSteps() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 6);
        x.mul(2).reshape(-1, 2, 3).sum(2).rename("y"); // multiply, reshape, sum
        Nd4j.getRandom().setSeed(3);
        CompiledGraph g = CompiledGraph.compile(sd, Map.of("x", Nd4j.rand(DataType.FLOAT, 4, 6)), List.of("y"));
        assertThat(g.opCount()).as("ops executed per run").isEqualTo(2);
        for (int i = 0; i < 3; i++) {
            Map<String, INDArray> ph = Map.of("x", Nd4j.rand(DataType.FLOAT, 4, 6));
            assertThat(g.run(ph).get("y")).isEqualTo(sd.output(ph, "y").get("y"));
        }
    }

    @Test
    void runsTheFasterGradientKernelsInANetworksBackwardPass() {
        Fixture f = Fixture.of(new ResNetConfig(18, 0.125, 4, ResNetConfig.Stem.SMALL), new int[] {3, 8, 8},
                HeadConfig.c51(), FeatureReduction.SPATIAL_EMBEDDING);
        CompiledGraph g = CompiledGraph.compile(f.net().sameDiff().getFunction("grad"), f.placeholders(1, 4),
                f.allOutputs());
        // group norm's scale and the spatial embedding (broadcast multiply), the stem (nobody reads its input gradient)
        assertThat(g.profile(f.placeholders(2, 4))).containsKeys("multiply_bp (BroadcastMultiplyGradient)",
                "conv2d_bp (ConvWeightGradient)",
                "conv2d_bp");
    }

    /** On processors with AVX-512, the 256-channel 3x3 convolutions' backward runs as {@link ConvInputGradient}. */
    @Test
    void runsWideThreeByThreeBackwardPassesAsTransposedConvolutionsOnAvx512() {
        org.junit.jupiter.api.Assumptions.assumeTrue(ConvInputGradient.hasAvx512Core(java.nio.file.Path.of("/proc/cpuinfo")),
                "oneDNN's Winograd kernels (and so this rule) need AVX-512");
        Fixture f = Fixture.of(new ResNetConfig(18, 0.5, 8, ResNetConfig.Stem.SMALL), new int[] {2, 4, 4},
                HeadConfig.c51(), FeatureReduction.SPATIAL_EMBEDDING);
        CompiledGraph g = CompiledGraph.compile(f.net().sameDiff().getFunction("grad"), f.placeholders(1, 4),
                f.allOutputs());
        Map<String, Double> byShape = g.profile(f.placeholders(2, 4), true);
        assertThat(byShape.keySet().stream().filter(k -> k.startsWith("conv2d_bp (ConvInputGradient)")))
                .as("conv2d_bp rows of %s", byShape.keySet())
                .allMatch(k -> k.contains("[3, 3, 256, 256]")).hasSize(1); // one shape, three convolutions
    }
}
