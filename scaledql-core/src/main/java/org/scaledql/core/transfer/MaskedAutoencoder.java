package org.scaledql.core.transfer;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.scaledql.api.data.GameWeighting;
import org.scaledql.api.data.ObservationFormat;
import org.scaledql.api.data.Sampler;
import org.scaledql.api.data.SamplerConfig;
import org.scaledql.api.data.TransitionStore;
import org.scaledql.api.nn.NetworkConfig;
import org.scaledql.api.transfer.MaeConfig;
import org.scaledql.core.data.sampling.Samplers;
import org.scaledql.core.learn.AdamGraphStep;
import org.scaledql.core.nn.SameDiffQNetwork;

/**
 * Masked-autoencoder pre-training ({@link MaeConfig}): trains a fresh Q-network's feature path (encoder, reduction,
 * torso, feature normalization) to reconstruct observations from which most patches were hidden, through a linear
 * decoder from the features to every pixel. The heads keep their initial values: the result is a network whose
 * encoder a {@link NetworkTransfer} carries into a new network, exactly as a Scaled QL network's, so MAE and Scaled
 * QL pre-training are compared under the same fine-tuning protocol (the paper's Fig. 7 baseline).
 *
 * <p>He et al. (2021) pair a ViT encoder that sees only the visible patches with a transformer decoder; a
 * convolutional encoder sees the whole frame, so the hidden patches are zeroed instead (as in convolutional
 * masked-image-modelling work), and the decoder is linear, the lightest one, so that the representation must carry
 * the reconstruction. The loss is the mean squared error over the hidden pixels only, as in He et al.
 *
 * <pre>{@code
 * NetworkConfig config = Trainer.networkConfig(TrainConfig.demo(), store, games);
 * MaskedAutoencoder.Result r = MaskedAutoencoder.pretrain(config, MaeConfig.testbed(5_000, 0), store, games, null);
 * r.network().save(Path.of("mae/network.sqlarr"));
 * }</pre>
 */
public final class MaskedAutoencoder {

    /** Name of the loss variable in the pre-training graph. */
    static final String LOSS = "mae/loss";
    private static final String TARGET = "mae/target";
    private static final String WEIGHT = "mae/weight";

    private MaskedAutoencoder() {
    }

    /** Hears every pre-training step. */
    @FunctionalInterface
    public interface Listener {
        /**
         * Called after each step.
         *
         * @param step the steps done, from 1
         * @param loss that step's loss (before its update)
         */
        void stepped(long step, double loss);
    }

    /**
     * What pre-training produced.
     *
     * @param network   the network with the pre-trained feature path; its heads are at their initial values
     * @param firstLoss the first step's loss
     * @param lastLoss  the last step's loss
     * @param trained   the parameters that were trained (the feature path's), in network order
     */
    public record Result(SameDiffQNetwork network, double firstLoss, double lastLoss, List<String> trained) {
        /**
         * Copies.
         *
         * @param network   the network with the pre-trained feature path
         * @param firstLoss the first step's loss
         * @param lastLoss  the last step's loss
         * @param trained   the parameters that were trained
         */
        public Result {
            Objects.requireNonNull(network, "network");
            trained = List.copyOf(trained);
        }
    }

    /**
     * Pre-trains a fresh network of {@code config} (seeded by {@code mae.seed()}) on uniformly sampled observations
     * of {@code games} in {@code store}.
     *
     * @param config   the network (as {@code Trainer.networkConfig} makes it for these games)
     * @param mae      the pre-training settings
     * @param store    the data; only its observations are read
     * @param games    the games to sample
     * @param listener hears every step, or null
     * @return the pre-trained network and its losses
     * @throws IllegalArgumentException if the patch is larger than the frame
     */
    public static Result pretrain(NetworkConfig config, MaeConfig mae, TransitionStore store, List<String> games,
            Listener listener) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(mae, "mae");
        int[] shape = config.observationShape();
        checkArgument(mae.patchSize() <= Math.min(shape[1], shape[2]), "MAE patchSize %s is larger than the %sx%s "
                + "frame", mae.patchSize(), shape[1], shape[2]);
        SameDiffQNetwork work = SameDiffQNetwork.create(config, mae.seed());
        Graph g = new Graph(work, mae);
        // The frame stack is the network's channels over a frame's (the testbed: 1; Atari: 4).
        SamplerConfig sc = new SamplerConfig(mae.batchSize(), config.observationShape()[0] / channelsPerFrame(store,
                games, config), 1, 0.99, GameWeighting.uniform(), mae.seed(), 2, ObservationFormat.FLOAT);
        SplittableRandom masks = new SplittableRandom(mae.seed() ^ 0x6d61655f6d61736bL);
        double first = Double.NaN;
        double last = Double.NaN;
        try (Sampler sampler = Samplers.fromStore(store, games, sc)) {
            for (long step = 1; step <= mae.steps(); step++) {
                INDArray obs = sampler.next().observationsAs(work.dataType());
                last = g.step(obs, masks);
                if (step == 1) {
                    first = last;
                }
                if (listener != null) {
                    listener.stepped(step, last);
                }
            }
        }
        SameDiffQNetwork out = SameDiffQNetwork.create(config, mae.seed());
        out.copyParamsFrom(work);
        return new Result(out, first, last, g.trained);
    }

    private static int channelsPerFrame(TransitionStore store, List<String> games, NetworkConfig config) {
        checkArgument(!games.isEmpty(), "MAE pre-training needs at least one game");
        int c = store.games().stream().filter(m -> m.name().equals(games.get(0))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("game " + games.get(0) + " is not in the store"))
                .frameShapeArray()[0];
        checkArgument(config.observationShape()[0] % c == 0, "the network takes %s channels; the store's frames have %s",
                config.observationShape()[0], c);
        return c;
    }

    /**
     * Hides patches: a copy of {@code obs} {@code [B, C, H, W]} with {@code round(maskRatio * patches)} (at least
     * one) randomly chosen {@code p x p} patches of each observation zeroed in every channel, and the loss weights
     * {@code [B, C*H*W]}: {@code 1 / (hidden values in the batch)} on hidden pixels, 0 elsewhere (they sum to 1).
     *
     * @return {masked observations, weights}
     */
    static INDArray[] mask(INDArray obs, double maskRatio, int p, SplittableRandom random) {
        long[] s = obs.shape();
        int b = (int) s[0];
        int c = (int) s[1];
        int h = (int) s[2];
        int w = (int) s[3];
        int ph = (h + p - 1) / p;
        int pw = (w + p - 1) / p;
        int patches = ph * pw;
        int hidden = Math.max(1, (int) Math.round(maskRatio * patches));
        float[] x = obs.dup('c').data().asFloat();
        float[] weight = new float[x.length];
        int[] order = new int[patches];
        long hiddenValues = 0;
        for (int i = 0; i < b; i++) {
            for (int k = 0; k < patches; k++) {
                order[k] = k;
            }
            for (int k = 0; k < hidden; k++) { // partial Fisher-Yates: the first `hidden` entries are the sample
                int j = k + random.nextInt(patches - k);
                int t = order[k];
                order[k] = order[j];
                order[j] = t;
            }
            for (int k = 0; k < hidden; k++) {
                int r0 = (order[k] / pw) * p;
                int c0 = (order[k] % pw) * p;
                for (int ch = 0; ch < c; ch++) {
                    for (int r = r0; r < Math.min(h, r0 + p); r++) {
                        for (int col = c0; col < Math.min(w, c0 + p); col++) {
                            int at = ((i * c + ch) * h + r) * w + col;
                            x[at] = 0f;
                            weight[at] = 1f;
                            hiddenValues++;
                        }
                    }
                }
            }
        }
        float inv = (float) (1.0 / hiddenValues);
        for (int k = 0; k < weight.length; k++) {
            weight[k] *= inv;
        }
        DataType dt = obs.dataType();
        return new INDArray[] {Nd4j.createFromArray(x).reshape(s).castTo(dt),
                Nd4j.createFromArray(weight).reshape(b, (long) c * h * w).castTo(dt)};
    }

    /** The pre-training graph in the work network's own graph and its optimizer. */
    private static final class Graph {
        private final SameDiffQNetwork net;
        private final MaeConfig mae;
        private final AdamGraphStep optimizer;
        private final List<String> trained = new ArrayList<>(); // network parameters with a gradient

        Graph(SameDiffQNetwork net, MaeConfig mae) {
            this.net = net;
            this.mae = mae;
            SameDiff sd = net.sameDiff();
            DataType dt = net.dataType();
            int[] s = net.config().observationShape();
            long pixels = (long) s[0] * s[1] * s[2];
            SDVariable features = net.main().features();
            long f = net.features(Nd4j.zeros(dt, 1, s[0], s[1], s[2])).size(1);
            // Decoder: Glorot-uniform weights from the config's seed, zero bias.
            SplittableRandom init = new SplittableRandom(mae.seed() ^ 0x6465636f646572L);
            double limit = Math.sqrt(6.0 / (f + pixels));
            float[] w = new float[(int) (f * pixels)];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) ((init.nextDouble() * 2 - 1) * limit);
            }
            SDVariable dw = sd.var("mae/decoder/w", Nd4j.createFromArray(w).reshape(f, pixels).castTo(dt));
            SDVariable db = sd.var("mae/decoder/b", Nd4j.zeros(dt, 1, pixels));
            SDVariable target = sd.placeHolder(TARGET, dt, -1, pixels);
            SDVariable weight = sd.placeHolder(WEIGHT, dt, -1, pixels);
            SDVariable diff = features.mmul(dw).add(db).sub(target);
            diff.mul(diff).mul(weight).sum().rename(LOSS);
            Map<String, INDArray> params = new LinkedHashMap<>(net.parameters());
            params.put(dw.name(), dw.getArr());
            params.put(db.name(), db.getArr());
            // The heads do not enter the loss: they have no gradient and keep their initial values.
            optimizer = new AdamGraphStep(sd, LOSS, params, false, List.of(), mae.learningRate(), "MAE");
            for (String p : optimizer.trained()) {
                if (net.parameters().containsKey(p)) {
                    trained.add(p);
                }
            }
        }

        /** One step on a batch of observations; returns the loss before the update. */
        double step(INDArray obs, SplittableRandom masks) {
            INDArray[] m = mask(obs, mae.maskRatio(), mae.patchSize(), masks);
            long b = obs.size(0);
            Map<String, INDArray> ph = net.inputs(m[0], Nd4j.zeros(DataType.INT, b));
            ph.put(TARGET, obs.reshape(b, -1));
            ph.put(WEIGHT, m[1]);
            return optimizer.step(ph).get(LOSS).getDouble(0);
        }
    }
}
