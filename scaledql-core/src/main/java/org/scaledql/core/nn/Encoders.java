package org.scaledql.core.nn;

import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.scaledql.api.nn.EncoderConfig;
import org.scaledql.api.nn.ImpalaConfig;
import org.scaledql.api.nn.NatureCnnConfig;
import org.scaledql.api.nn.ResNetConfig;
import org.scaledql.core.nn.Blocks.Conv;
import org.scaledql.core.nn.Blocks.GroupNorm;

/** Creates the built-in encoder modules from their configs; {@link Blocks} holds the pieces they are made of. */
public final class Encoders {

    private Encoders() {
    }

    /**
     * Creates the encoder described by {@code config}, registering its weights under {@code prefix}.
     *
     * @param config     the encoder config
     * @param params     creates the weights
     * @param prefix     the weights' name prefix
     * @param inputShape {@code [C, H, W]} of the input
     * @return the encoder
     */
    public static Encoder create(EncoderConfig config, ParameterFactory params, String prefix, int[] inputShape) {
        int[] out = config.outputShape(inputShape); // validates the input size
        if (config instanceof NatureCnnConfig c) {
            return new NatureCnn(c, params, prefix, inputShape, out);
        } else if (config instanceof ImpalaConfig c) {
            return new ImpalaCnn(c, params, prefix, inputShape, out);
        } else if (config instanceof ResNetConfig c) {
            return new GroupNormResNet(c, params, prefix, inputShape, out);
        }
        throw new IllegalArgumentException("unknown encoder config " + config);
    }

    /**
     * {@return a factory that creates the built-in encoder described by {@code config} (with {@link #create})}
     *
     * @param config the encoder config
     * @throws NullPointerException if {@code config} is null
     */
    public static EncoderFactory factory(EncoderConfig config) {
        Objects.requireNonNull(config, "config");
        return (params, prefix, inputShape) -> create(config, params, prefix, inputShape);
    }

    /** Nature DQN CNN (Mnih et al. 2015). */
    static final class NatureCnn implements Encoder {
        private final SameDiff sd;
        private final Conv[] convs;
        private final int[] out;

        NatureCnn(NatureCnnConfig c, ParameterFactory p, String prefix, int[] in, int[] out) {
            this.sd = p.sameDiff();
            this.out = out;
            int m = c.widthMultiplier();
            convs = new Conv[] {
                Conv.create(p, prefix + "/conv1", 8, in[0], 32 * m, 4, false, true),
                Conv.create(p, prefix + "/conv2", 4, 32 * m, 64 * m, 2, false, true),
                Conv.create(p, prefix + "/conv3", 3, 64 * m, 64 * m, 1, false, true),
            };
        }

        @Override
        public SDVariable apply(SDVariable x) {
            for (Conv conv : convs) {
                x = sd.nn().relu(conv.apply(sd, x), 0);
            }
            return x;
        }

        @Override
        public int[] outputShape() {
            return out.clone();
        }
    }

    /** IMPALA CNN (Espeholt et al. 2018), optionally with group norm after every convolution. */
    static final class ImpalaCnn implements Encoder {
        private final SameDiff sd;
        private final Conv[] sectionConvs;
        private final GroupNorm[] sectionNorms; // null entries without group norm
        private final Conv[][][] blocks; // [section][block][2]
        private final GroupNorm[][][] blockNorms; // [section][block][2], null entries without group norm
        private final int[] out;

        ImpalaCnn(ImpalaConfig c, ParameterFactory p, String prefix, int[] in, int[] out) {
            this.sd = p.sameDiff();
            this.out = out;
            int sections = c.channels().length;
            int groups = c.groupNormGroups();
            sectionConvs = new Conv[sections];
            sectionNorms = new GroupNorm[sections];
            blocks = new Conv[sections][c.blocksPerSection()][];
            blockNorms = new GroupNorm[sections][c.blocksPerSection()][];
            int cin = in[0];
            int h = in[1];
            int w = in[2];
            for (int s = 0; s < sections; s++) {
                int ch = c.sectionChannels(s);
                String sp = prefix + "/section" + s;
                sectionConvs[s] = Conv.create(p, sp + "/conv", 3, cin, ch, 1, true, true);
                sectionNorms[s] = groups > 0 ? GroupNorm.create(p, sp + "/norm", groups, ch, h, w) : null;
                h = EncoderConfig.convOut(h, 3, 2, true);
                w = EncoderConfig.convOut(w, 3, 2, true);
                for (int b = 0; b < c.blocksPerSection(); b++) {
                    String bp = sp + "/block" + b;
                    blocks[s][b] = new Conv[] {
                        Conv.create(p, bp + "/conv1", 3, ch, ch, 1, true, true),
                        Conv.create(p, bp + "/conv2", 3, ch, ch, 1, true, true),
                    };
                    blockNorms[s][b] = groups > 0 ? new GroupNorm[] {
                        GroupNorm.create(p, bp + "/norm1", groups, ch, h, w),
                        GroupNorm.create(p, bp + "/norm2", groups, ch, h, w),
                    } : new GroupNorm[2];
                }
                cin = ch;
            }
        }

        private SDVariable norm(GroupNorm n, SDVariable x) {
            return n == null ? x : n.apply(sd, x);
        }

        @Override
        public SDVariable apply(SDVariable x) {
            for (int s = 0; s < sectionConvs.length; s++) {
                x = Layers.maxPool(sd, norm(sectionNorms[s], sectionConvs[s].apply(sd, x)), 3, 2);
                for (int b = 0; b < blocks[s].length; b++) {
                    SDVariable y = norm(blockNorms[s][b][0], blocks[s][b][0].apply(sd, sd.nn().relu(x, 0)));
                    y = norm(blockNorms[s][b][1], blocks[s][b][1].apply(sd, sd.nn().relu(y, 0)));
                    x = x.add(y);
                }
            }
            return sd.nn().relu(x, 0);
        }

        @Override
        public int[] outputShape() {
            return out.clone();
        }
    }

    /** ResNet with group normalization (He et al. 2016; Wu and He 2018). */
    static final class GroupNormResNet implements Encoder {
        private final SameDiff sd;
        private final ResNetConfig config;
        private final Conv stemConv;
        private final GroupNorm stemNorm;
        private final Block[][] stages;
        private final int[] out;

        /** One residual block: its convolutions and norms, plus the projection shortcut if shapes change. */
        private record Block(Conv[] convs, GroupNorm[] norms, Conv shortcut, GroupNorm shortcutNorm) {
        }

        GroupNormResNet(ResNetConfig c, ParameterFactory p, String prefix, int[] in, int[] out) {
            this.sd = p.sameDiff();
            this.config = c;
            this.out = out;
            int g = c.groupNormGroups();
            int h = in[1];
            int w = in[2];
            boolean imagenet = c.stem() == ResNetConfig.Stem.IMAGENET;
            int stemK = imagenet ? 7 : 3;
            int stemStride = imagenet ? 2 : 1;
            stemConv = Conv.create(p, prefix + "/stem/conv", stemK, in[0], c.stemChannels(), stemStride, true, false);
            h = EncoderConfig.convOut(h, stemK, stemStride, true);
            w = EncoderConfig.convOut(w, stemK, stemStride, true);
            stemNorm = GroupNorm.create(p, prefix + "/stem/gn", g, c.stemChannels(), h, w);
            if (imagenet) {
                h = EncoderConfig.convOut(h, 3, 2, true);
                w = EncoderConfig.convOut(w, 3, 2, true);
            }
            int cin = c.stemChannels();
            int[] blocksPerStage = c.blocksPerStage();
            stages = new Block[4][];
            for (int s = 0; s < 4; s++) {
                stages[s] = new Block[blocksPerStage[s]];
                int mid = c.stageChannels(s);
                int cout = c.stageOutputChannels(s);
                for (int b = 0; b < blocksPerStage[s]; b++) {
                    int stride = (b == 0 && s > 0) ? 2 : 1;
                    int ho = EncoderConfig.convOut(h, 3, stride, true);
                    int wo = EncoderConfig.convOut(w, 3, stride, true);
                    String bp = prefix + "/stage" + (s + 1) + "/block" + b;
                    Conv[] convs;
                    GroupNorm[] norms;
                    if (c.bottleneck()) {
                        convs = new Conv[] {
                            Conv.create(p, bp + "/conv1", 1, cin, mid, 1, true, false),
                            Conv.create(p, bp + "/conv2", 3, mid, mid, stride, true, false),
                            Conv.create(p, bp + "/conv3", 1, mid, cout, 1, true, false),
                        };
                        norms = new GroupNorm[] {
                            GroupNorm.create(p, bp + "/gn1", g, mid, h, w),
                            GroupNorm.create(p, bp + "/gn2", g, mid, ho, wo),
                            GroupNorm.create(p, bp + "/gn3", g, cout, ho, wo),
                        };
                    } else {
                        convs = new Conv[] {
                            Conv.create(p, bp + "/conv1", 3, cin, cout, stride, true, false),
                            Conv.create(p, bp + "/conv2", 3, cout, cout, 1, true, false),
                        };
                        norms = new GroupNorm[] {
                            GroupNorm.create(p, bp + "/gn1", g, cout, ho, wo),
                            GroupNorm.create(p, bp + "/gn2", g, cout, ho, wo),
                        };
                    }
                    Conv shortcut = null;
                    GroupNorm shortcutNorm = null;
                    if (stride != 1 || cin != cout) {
                        shortcut = Conv.create(p, bp + "/shortcut/conv", 1, cin, cout, stride, true, false);
                        shortcutNorm = GroupNorm.create(p, bp + "/shortcut/gn", g, cout, ho, wo);
                    }
                    stages[s][b] = new Block(convs, norms, shortcut, shortcutNorm);
                    cin = cout;
                    h = ho;
                    w = wo;
                }
            }
        }

        @Override
        public SDVariable apply(SDVariable x) {
            x = sd.nn().relu(stemNorm.apply(sd, stemConv.apply(sd, x)), 0);
            if (config.stem() == ResNetConfig.Stem.IMAGENET) {
                x = Layers.maxPool(sd, x, 3, 2);
            }
            for (Block[] stage : stages) {
                for (Block b : stage) {
                    SDVariable y = x;
                    for (int i = 0; i < b.convs.length; i++) {
                        y = b.norms[i].apply(sd, b.convs[i].apply(sd, y));
                        if (i < b.convs.length - 1) {
                            y = sd.nn().relu(y, 0);
                        }
                    }
                    SDVariable skip = b.shortcut == null ? x : b.shortcutNorm.apply(sd, b.shortcut.apply(sd, x));
                    x = sd.nn().relu(y.add(skip), 0);
                }
            }
            return x;
        }

        @Override
        public int[] outputShape() {
            return out.clone();
        }
    }
}
