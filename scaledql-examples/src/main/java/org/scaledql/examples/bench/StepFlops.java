package org.scaledql.examples.bench;

import org.scaledql.api.nn.EncoderConfig;
import org.scaledql.api.nn.FeatureReduction;
import org.scaledql.api.nn.ImpalaConfig;
import org.scaledql.api.nn.NatureCnnConfig;
import org.scaledql.api.nn.NetworkConfig;
import org.scaledql.api.nn.ResNetConfig;

/**
 * Analytic FLOP count of one training step. Only multiply-adds of convolutions, dense layers (torso and all
 * games' heads) and the spatial embedding are counted, at 2 FLOPs each; normalisations, activations, pooling,
 * softmax and the optimizer are not (they are a few percent of the total for every row). One training step
 * is counted as 4 forward passes per sample: the target network's forward pass on the next observations, the
 * online forward pass, and a backward pass worth two forward passes (gradients with respect to the inputs
 * and to the weights of every layer).
 */
public final class StepFlops {

    /** Forward passes' worth of work in one training step (target + online forward + 2 for backward). */
    public static final int FORWARD_PASSES_PER_STEP = 4;

    private StepFlops() {
    }

    /** FLOPs of one training step on a batch of {@code batch} samples. */
    public static double trainingStep(NetworkConfig c, int batch) {
        return (double) FORWARD_PASSES_PER_STEP * batch * forward(c);
    }

    /** Multiply-add FLOPs of one forward pass of one sample. */
    public static double forward(NetworkConfig c) {
        int[] s = c.observationShape();
        double flops = encoder(c.encoder(), s);
        int[] map = c.encoderOutputShape();
        if (c.reduction() == FeatureReduction.SPATIAL_EMBEDDING) {
            flops += 2.0 * map[0] * map[1] * map[2];
        }
        int in = c.reducedFeatures();
        for (int w : c.torsoWidths()) {
            flops += 2.0 * in * w;
            in = w;
        }
        flops += 2.0 * c.featureSize() * c.numGames() * c.numActions() * c.head().outputsPerAction();
        return flops;
    }

    private static double conv(int inSize, int k, int stride, boolean same, int cin, int cout) {
        int out = EncoderConfig.convOut(inSize, k, stride, same);
        return 2.0 * out * out * cout * k * k * cin;
    }

    static double encoder(EncoderConfig e, int[] in) {
        int size = in[1];
        int cin = in[0];
        double f = 0;
        if (e instanceof NatureCnnConfig n) {
            int m = n.widthMultiplier();
            int[][] layers = {{8, 4, 32 * m}, {4, 2, 64 * m}, {3, 1, 64 * m}};
            for (int[] l : layers) {
                f += conv(size, l[0], l[1], false, cin, l[2]);
                size = EncoderConfig.convOut(size, l[0], l[1], false);
                cin = l[2];
            }
        } else if (e instanceof ImpalaConfig im) {
            for (int s = 0; s < im.channels().length; s++) {
                int ch = im.sectionChannels(s);
                f += conv(size, 3, 1, true, cin, ch);
                size = EncoderConfig.convOut(size, 3, 2, true);
                f += im.blocksPerSection() * 2 * conv(size, 3, 1, true, ch, ch);
                cin = ch;
            }
        } else if (e instanceof ResNetConfig r) {
            boolean imagenet = r.stem() == ResNetConfig.Stem.IMAGENET;
            int k = imagenet ? 7 : 3;
            int st = imagenet ? 2 : 1;
            f += conv(size, k, st, true, cin, r.stemChannels());
            size = EncoderConfig.convOut(size, k, st, true);
            if (imagenet) {
                size = EncoderConfig.convOut(size, 3, 2, true);
            }
            cin = r.stemChannels();
            int[] blocks = r.blocksPerStage();
            for (int s = 0; s < 4; s++) {
                int mid = r.stageChannels(s);
                int cout = r.stageOutputChannels(s);
                for (int b = 0; b < blocks[s]; b++) {
                    int stride = (b == 0 && s > 0) ? 2 : 1;
                    int out = EncoderConfig.convOut(size, 3, stride, true);
                    if (r.bottleneck()) {
                        f += conv(size, 1, 1, true, cin, mid) + conv(size, 3, stride, true, mid, mid)
                                + conv(out, 1, 1, true, mid, cout);
                    } else {
                        f += conv(size, 3, stride, true, cin, cout) + conv(out, 3, 1, true, cout, cout);
                    }
                    if (stride != 1 || cin != cout) {
                        f += conv(size, 1, stride, true, cin, cout);
                    }
                    cin = cout;
                    size = out;
                }
            }
        } else {
            throw new IllegalArgumentException("no FLOP count for encoder " + e);
        }
        return f;
    }
}
