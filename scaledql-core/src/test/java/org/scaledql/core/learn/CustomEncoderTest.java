package org.scaledql.core.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.scaledql.api.data.TransitionBatch;
import org.scaledql.api.learn.LossConfig;
import org.scaledql.api.nn.EncoderConfig;
import org.scaledql.api.nn.FeatureReduction;
import org.scaledql.api.nn.HeadConfig;
import org.scaledql.api.nn.ImpalaConfig;
import org.scaledql.api.nn.NetworkConfig;
import org.scaledql.core.nn.Blocks;
import org.scaledql.core.nn.Encoder;
import org.scaledql.core.nn.EncoderFactory;
import org.scaledql.core.nn.Encoders;
import org.scaledql.core.nn.Layers;
import org.scaledql.core.nn.SameDiffQNetwork;
import org.scaledql.core.testing.BitwiseArrays;

/** An encoder of the user's own inside the library's network, trained by its step, copied, saved and loaded. */
class CustomEncoderTest {

    /** The encoder of docs/custom-experiments.md: two 3x3 convolutions, each with group norm and ReLU. */
    static final EncoderFactory TWO_CONVS = (params, prefix, in) -> {
        int width = 16;
        Blocks.Conv conv1 = Blocks.Conv.create(params, prefix + "/conv1", 3, in[0], width, 1, true, true);
        Blocks.GroupNorm norm1 = Blocks.GroupNorm.create(params, prefix + "/norm1", 4, width, in[1], in[2]);
        Blocks.Conv conv2 = Blocks.Conv.create(params, prefix + "/conv2", 3, width, width, 1, true, true);
        Blocks.GroupNorm norm2 = Blocks.GroupNorm.create(params, prefix + "/norm2", 4, width, in[1], in[2]);
        SameDiff sd = params.sameDiff();
        return Encoder.of(x -> {
            SDVariable h = sd.nn().relu(norm1.apply(sd, conv1.apply(sd, x)), 0);
            return sd.nn().relu(norm2.apply(sd, conv2.apply(sd, h)), 0);
        }, width, in[1], in[2]);
    };

    /** The chain MDP's network; its built-in encoder is unused when a factory is given. */
    static NetworkConfig chainConfig() {
        return NetworkConfig.builder(new int[] {ChainMdp.STATES, 1, 1}, 1, 2)
                .encoder(new ImpalaConfig(new int[] {32}, 1, 0)).reduction(FeatureReduction.FLATTEN)
                .torso(32).featureNormalization(false).head(HeadConfig.scalar()).build();
    }

    @Test
    void aCustomEncoderTrainsWithTheLibrarysStepAndItsTargetIsACopy() {
        SameDiffQNetwork online = SameDiffQNetwork.create(chainConfig(), TWO_CONVS, 3);
        assertThat(online.parameterBreakdown().get("encoder")).as("the custom encoder's weights count as the encoder's")
                .isEqualTo((9L * ChainMdp.STATES * 16 + 16) + (9L * 16 * 16 + 16) + 4 * 16); // conv1, conv2, 2 norms
        ScaledQlTrainStep step = ScaledQlTrainStep.builder(online).loss(LossConfig.mse().withCqlAlpha(0))
                .updater(new Adam(3e-3)).targetUpdatePeriod(0).build();
        assertThat(step.target().customEncoder()).as("the target is built with the same factory").isPresent();
        assertThat(step.target().parameters().keySet()).containsExactlyElementsOf(online.parameters().keySet());

        TransitionBatch data = ChainMdp.dataset(new int[] {0, 1}, 4);
        List<Double> losses = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            losses.add(step.step(data).metric("loss/total"));
        }
        double first = losses.subList(0, 5).stream().mapToDouble(d -> d).average().orElseThrow();
        double last = losses.subList(45, 50).stream().mapToDouble(d -> d).average().orElseThrow();
        assertThat(last).as("mean loss of the last 5 of 50 steps vs the first 5 (%s)", losses).isLessThan(first * 0.5);

        assertThat(BitwiseArrays.sameBits(step.target().parameters(), online.parameters())).isFalse();
        step.syncTarget();
        BitwiseArrays.assertSameBits(step.target().parameters(), online.parameters(), "target after a sync");
        INDArray states = ChainMdp.allStates();
        INDArray tasks = Nd4j.zeros(DataType.INT, ChainMdp.STATES);
        BitwiseArrays.assertSameBits(step.target().qValues(states, tasks), online.qValues(states, tasks),
                "target Q-values after a sync");
    }

    /** IMPALA written by hand from the public blocks, with the built-in's weight names. */
    static EncoderFactory impalaFromBlocks(int[] channels, int blocksPerSection, int groups) {
        return (params, prefix, in) -> {
            SameDiff sd = params.sameDiff();
            List<Blocks.Conv> convs = new ArrayList<>();
            List<Blocks.GroupNorm> norms = new ArrayList<>();
            List<List<Blocks.ResidualBlock>> blocks = new ArrayList<>();
            int cin = in[0];
            int h = in[1];
            int w = in[2];
            for (int s = 0; s < channels.length; s++) {
                String sp = prefix + "/section" + s;
                convs.add(Blocks.Conv.create(params, sp + "/conv", 3, cin, channels[s], 1, true, true));
                norms.add(Blocks.GroupNorm.create(params, sp + "/norm", groups, channels[s], h, w));
                h = EncoderConfig.convOut(h, 3, 2, true);
                w = EncoderConfig.convOut(w, 3, 2, true);
                List<Blocks.ResidualBlock> section = new ArrayList<>();
                for (int b = 0; b < blocksPerSection; b++) {
                    section.add(Blocks.ResidualBlock.create(params, sp + "/block" + b, channels[s], groups, h, w));
                }
                blocks.add(section);
                cin = channels[s];
            }
            return Encoder.of(x -> {
                for (int s = 0; s < convs.size(); s++) {
                    x = Layers.maxPool(sd, norms.get(s).apply(sd, convs.get(s).apply(sd, x)), 3, 2);
                    for (Blocks.ResidualBlock b : blocks.get(s)) {
                        x = b.apply(sd, x);
                    }
                }
                return sd.nn().relu(x, 0);
            }, cin, h, w);
        };
    }

    @Test
    void impalaFromThePublicBlocksEqualsTheBuiltInBitForBitAndTrainsIdentically() {
        NetworkConfig config = NetworkConfig.builder(new int[] {2, 10, 10}, 3, 4)
                .encoder(new ImpalaConfig(new int[] {8, 16}, 1, 2, 4)).torso(16).build();
        SameDiffQNetwork builtIn = SameDiffQNetwork.create(config, 7);
        SameDiffQNetwork custom = SameDiffQNetwork.create(config, impalaFromBlocks(new int[] {8, 16}, 2, 4), 7);
        SameDiffQNetwork delegating = SameDiffQNetwork.create(config, Encoders.factory(config.encoder()), 7);
        assertThat(custom.parameters().keySet()).containsExactlyElementsOf(builtIn.parameters().keySet());
        assertThat(custom.encoderOutputShape()).containsExactly(builtIn.encoderOutputShape());
        BitwiseArrays.assertSameBits(custom.parameters(), builtIn.parameters(), "initial parameters");

        Nd4j.getRandom().setSeed(5);
        INDArray obs = Nd4j.rand(DataType.FLOAT, 6, 2, 10, 10);
        INDArray tasks = Nd4j.createFromArray(0, 1, 2, 0, 1, 2);
        for (SameDiffQNetwork other : List.of(custom, delegating)) {
            BitwiseArrays.assertSameBits(other.headOutputs(obs, tasks), builtIn.headOutputs(obs, tasks), "logits");
            BitwiseArrays.assertSameBits(other.qValues(obs, tasks), builtIn.qValues(obs, tasks), "Q-values");
            BitwiseArrays.assertSameBits(other.features(obs), builtIn.features(obs), "features");
        }

        // and they train identically: the hook changes nothing in the step's graph besides the encoder's origin
        ScaledQlTrainStep a = ScaledQlTrainStep.builder(builtIn).loss(LossConfig.scaledQl().withDr3(0.1))
                .updater(new Adam(1e-3)).targetUpdatePeriod(2).build();
        ScaledQlTrainStep b = ScaledQlTrainStep.builder(custom).loss(LossConfig.scaledQl().withDr3(0.1))
                .updater(new Adam(1e-3)).targetUpdatePeriod(2).build();
        for (int i = 0; i < 3; i++) {
            TransitionBatch batch = ScaledQlTrainStepTest.randomBatch(20 + i, 6, 3);
            assertThat(b.step(batch).metrics()).as("step %s metrics", i).isEqualTo(a.step(batch).metrics());
        }
        BitwiseArrays.assertSameBits(b.online().parameters(), a.online().parameters(), "trained parameters");
        BitwiseArrays.assertSameBits(b.target().parameters(), a.target().parameters(), "target parameters");
    }

    @Test
    void saveAndLoadRoundTripNeedsTheFactory(@TempDir Path dir) throws IOException {
        SameDiffQNetwork net = SameDiffQNetwork.create(chainConfig(), TWO_CONVS, 4);
        ScaledQlTrainStep step = ScaledQlTrainStep.builder(net).loss(LossConfig.mse()).updater(new Adam(1e-3))
                .targetUpdatePeriod(0).build();
        step.step(ChainMdp.dataset(new int[] {0, 1}, 2)); // parameters away from their initial values
        Path file = dir.resolve("net.sqla");
        net.save(file);

        assertThatThrownBy(() -> SameDiffQNetwork.load(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("custom encoder").hasMessageContaining("load(file, encoderFactory)");
        SameDiffQNetwork loaded = SameDiffQNetwork.load(file, TWO_CONVS);
        assertThat(loaded.customEncoder()).isPresent();
        assertThat(loaded.config()).isEqualTo(net.config());
        BitwiseArrays.assertSameBits(loaded.parameters(), net.parameters(), "loaded parameters");
        INDArray states = ChainMdp.allStates();
        INDArray tasks = Nd4j.zeros(DataType.INT, ChainMdp.STATES);
        BitwiseArrays.assertSameBits(loaded.qValues(states, tasks), net.qValues(states, tasks), "loaded Q-values");

        SameDiffQNetwork fresh = SameDiffQNetwork.create(chainConfig(), TWO_CONVS, 99);
        fresh.loadParameters(net.parameters(), "in memory");
        BitwiseArrays.assertSameBits(fresh.parameters(), net.parameters(), "parameters loaded into a fresh network");
    }

    @Test
    void mismatchesAreRefusedNamingTheRule() {
        SameDiffQNetwork custom = SameDiffQNetwork.create(chainConfig(), TWO_CONVS, 1);
        SameDiffQNetwork builtIn = SameDiffQNetwork.create(chainConfig(), 1);
        assertThatThrownBy(() -> builtIn.copyParamsFrom(custom)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("same EncoderFactory");
        EncoderFactory outside = (params, prefix, in) -> {
            Blocks.Conv conv = Blocks.Conv.create(params, "mine/conv", 1, in[0], 4, 1, true, true);
            return Encoder.of(x -> conv.apply(params.sameDiff(), x), 4, in[1], in[2]);
        };
        assertThatThrownBy(() -> SameDiffQNetwork.create(chainConfig(), outside, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mine/conv/w");
        assertThatThrownBy(() -> Encoder.of(x -> x, 4, 0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[4, 0, 1]");
    }
}
