package org.scaledql.cuda.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.scaledql.api.nn.HeadConfig;
import org.scaledql.api.nn.ImpalaConfig;
import org.scaledql.api.nn.NetworkConfig;
import org.scaledql.api.nn.Support;
import org.scaledql.core.nn.SameDiffQNetwork;

class CrossEntropyProbeTest {

    static SameDiffQNetwork net(HeadConfig head) {
        return SameDiffQNetwork.create(NetworkConfig.builder(new int[] {2, 8, 8}, 2, 3).encoder(ImpalaConfig.width(1))
                .torso(8).head(head).build(), 3);
    }

    @Test
    void lossIsTheCrossEntropyOfTheHeadOutputsAndAdamLowersIt() {
        SameDiffQNetwork net = net(new HeadConfig.C51(new Support(5, -1, 1)));
        CrossEntropyProbe probe = new CrossEntropyProbe(net);
        Nd4j.getRandom().setSeed(4);
        INDArray obs = Nd4j.rand(DataType.FLOAT, 4, 2, 8, 8);
        INDArray tasks = Nd4j.createFromArray(0, 1, 1, 0);
        INDArray target = Transforms.softmax(Nd4j.randn(DataType.FLOAT, 12, 5)).reshape(4, 3, 5);
        Map<String, INDArray> in = probe.inputs(obs, tasks, target);
        INDArray logits = net.headOutputs(obs, tasks).reshape(12, 5);
        INDArray logProbs = Transforms.log(Transforms.softmax(logits)).reshape(4, 3, 5);
        double expected = -target.mul(logProbs).sumNumber().doubleValue() / 4;
        double before = probe.loss(in);
        assertThat(before).isCloseTo(expected, within(1e-5));
        Map<String, GradientUpdater<?>> adam = probe.adam(1e-2);
        for (int i = 0; i < 5; i++) {
            probe.adamStep(probe.gradients(in), adam, i);
        }
        assertThat(probe.loss(in)).isLessThan(before);
    }

    @Test
    void needsAC51Head() {
        assertThatThrownBy(() -> new CrossEntropyProbe(net(HeadConfig.scalar()))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("C51 head");
    }

    @Test
    void benchmarkOptionsAreValidatedAndQuantilesInterpolate() {
        assertThatThrownBy(() -> StepBenchmark.parse(new String[] {"--batch", "0"})).hasMessageContaining("batch=0");
        assertThatThrownBy(() -> StepBenchmark.parse(new String[] {"--bacth", "3"})).hasMessageContaining("unknown option --bacth");
        assertThatThrownBy(() -> StepBenchmark.encoder("resnet99", 1, new int[] {4, 84, 84})).hasMessageContaining("depth");
        assertThatThrownBy(() -> StepBenchmark.encoder("vit", 1, new int[] {4, 84, 84})).hasMessageContaining("unknown encoder 'vit'");
        StepBenchmark.Settings s = StepBenchmark.parse(new String[] {"--encoders=resnet101", "--steps", "7"});
        assertThat(s.encoders()).containsExactly("resnet101");
        assertThat(s.batch()).isEqualTo(256);
        assertThat(s.games()).isEqualTo(40);
        assertThat(StepBenchmark.quantile(new double[] {4, 1, 3, 2}, 0.5)).isEqualTo(2.5);
        assertThat(StepBenchmark.quantile(new double[] {1, 2, 3, 4, 5}, 0.9)).isCloseTo(4.6, within(1e-12));
    }
}
