package org.scaledql.examples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
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
import org.scaledql.core.io.Json;
import org.scaledql.core.nn.SameDiffQNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ./scaledql model}: builds a network from the options and prints its parameter breakdown and the
 * shape of one sample's output (measured by a forward pass, not computed on paper).
 */
@Command(name = "model", description = "Build a Q-network and print its parameter breakdown and output shapes.")
final class ModelCommand implements Callable<Integer> {

    enum EncoderKind { nature, impala, resnet }

    enum HeadKind { c51, scalar }

    @Spec
    CommandSpec spec;

    @Option(names = "--encoder", description = "nature, impala or resnet (default: ${DEFAULT-VALUE})", defaultValue = "resnet")
    EncoderKind encoder;

    @Option(names = "--depth", description = "ResNet depth: 18, 34, 50, 101, 152 (default: ${DEFAULT-VALUE})", defaultValue = "34")
    int depth;

    @Option(names = "--width", description = "Width multiplier (default: ${DEFAULT-VALUE}; integer for nature/impala)", defaultValue = "1")
    double width;

    @Option(names = "--groups", description = "ResNet group-norm groups (default: ${DEFAULT-VALUE})", defaultValue = "8")
    int groups;

    @Option(names = "--games", description = "Number of games, one head each (default: ${DEFAULT-VALUE})", defaultValue = "40")
    int games;

    @Option(names = "--actions", description = "Actions per game (default: ${DEFAULT-VALUE}, Atari's full set)", defaultValue = "18")
    int actions;

    @Option(names = "--atoms", description = "C51 atoms (default: ${DEFAULT-VALUE})", defaultValue = "51")
    int atoms;

    @Option(names = "--head", description = "c51 or scalar (default: ${DEFAULT-VALUE})", defaultValue = "c51")
    HeadKind head;

    @Option(names = "--observation", split = ",", description = "C,H,W of one stacked observation (default: 4,84,84)",
            defaultValue = "4,84,84")
    int[] observation;

    @Option(names = "--torso", split = ",", description = "Dense widths after the encoder (default: ${DEFAULT-VALUE})",
            defaultValue = "512")
    int[] torso;

    @Option(names = "--no-spatial-embedding", description = "Flatten the feature map instead of the learned spatial embedding")
    boolean noSpatialEmbedding;

    @Option(names = "--no-feature-normalization", description = "Disable L2 feature normalization")
    boolean noFeatureNormalization;

    @Option(names = "--json", description = "Print one JSON object (keys: parameters, breakdown, outputShape, ...)")
    boolean json;

    @Override
    public Integer call() throws Exception {
        NetworkConfig config = NetworkConfig.builder(observation, games, actions)
                .encoder(encoderConfig())
                .reduction(noSpatialEmbedding ? FeatureReduction.FLATTEN : FeatureReduction.SPATIAL_EMBEDDING)
                .torso(torso)
                .featureNormalization(!noFeatureNormalization)
                .head(head == HeadKind.c51 ? new HeadConfig.C51(new Support(atoms, -10, 10)) : HeadConfig.scalar())
                .build();
        SameDiffQNetwork net = SameDiffQNetwork.create(config, 0);
        INDArray obs = Nd4j.zeros(DataType.FLOAT, 1, observation[0], observation[1], observation[2]);
        long[] out = net.headOutputs(obs, Nd4j.createFromArray(0)).shape();
        long[] features = net.features(obs).shape();
        Map<String, Long> breakdown = net.parameterBreakdown();
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            ObjectNode root = Json.mapper().createObjectNode();
            root.put("encoder", config.encoder().displayName());
            root.put("parameters", net.parameterCount());
            ObjectNode parts = root.putObject("breakdown");
            breakdown.forEach(parts::put);
            shape(root.putArray("outputShape"), out);
            shape(root.putArray("encoderOutputShape"), config.encoderOutputShape());
            shape(root.putArray("featureShape"), features);
            root.set("config", Json.mapper().valueToTree(config));
            w.println(Json.mapper().writeValueAsString(root));
        } else {
            w.printf("%s: %,d parameters%n", config.encoder().displayName(), net.parameterCount());
            breakdown.forEach((k, v) -> w.printf("  %-10s %,15d%n", k, v));
            w.printf("encoder output  %s%n", java.util.Arrays.toString(config.encoderOutputShape()));
            w.printf("features        %s%n", java.util.Arrays.toString(features));
            w.printf("head outputs    %s  (batch of 1; %s)%n", java.util.Arrays.toString(out),
                    head == HeadKind.c51 ? "[B, actions, atoms]" : "[B, actions]");
        }
        w.flush();
        return 0;
    }

    private EncoderConfig encoderConfig() {
        return switch (encoder) {
            case nature -> new NatureCnnConfig(intWidth());
            case impala -> ImpalaConfig.width(intWidth());
            case resnet -> new ResNetConfig(depth, width, groups,
                    observation[1] < 32 ? ResNetConfig.Stem.SMALL : ResNetConfig.Stem.IMAGENET);
        };
    }

    private int intWidth() {
        if (width != Math.rint(width) || width < 1) {
            throw new IllegalArgumentException("--width must be a whole number >= 1 for " + encoder + "; got " + width);
        }
        return (int) width;
    }

    private static void shape(ArrayNode a, long[] s) {
        for (long d : s) {
            a.add(d);
        }
    }

    private static void shape(ArrayNode a, int[] s) {
        for (int d : s) {
            a.add(d);
        }
    }
}
