package org.scaledql.core.nn;

import static com.google.common.base.Preconditions.checkArgument;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.scaledql.api.nn.FeatureReduction;
import org.scaledql.api.nn.HeadConfig;
import org.scaledql.api.nn.NetworkConfig;
import org.scaledql.api.nn.QNetwork;
import org.scaledql.core.io.ArrayCodec;
import org.scaledql.core.io.Json;
import org.scaledql.core.nn.ParameterFactory.Init;
import org.scaledql.core.runtime.GraphRunner;

/**
 * The multi-game Q-network as a SameDiff graph. The graph has two placeholders, {@value #OBSERVATIONS}
 * {@code [B, C, H, W]} and {@value #TASK_IDS} {@code [B]} (int32), and named outputs {@value #FEATURES},
 * {@value #HEAD_OUTPUTS} and {@value #Q_VALUES}. Learners add their loss ops to {@link #sameDiff()}, and may
 * apply the network again to other inputs with {@link #forward}.
 */
public final class SameDiffQNetwork implements QNetwork {

    /** Placeholder name of the observations. */
    public static final String OBSERVATIONS = "observations";
    /** Placeholder name of the per-sample game indices. */
    public static final String TASK_IDS = "taskIds";
    /** Output name of the penultimate features {@code [B, D]}. */
    public static final String FEATURES = "features";
    /** Output name of the head outputs ({@code [B, A, N]} logits or {@code [B, A]} Q-values). */
    public static final String HEAD_OUTPUTS = "headOutputs";
    /** Output name of the Q-values {@code [B, A]}. */
    public static final String Q_VALUES = "qValues";

    /** The ops of one application of the network to an input. */
    public record Forward(SDVariable features, SDVariable headOutputs, SDVariable logProbs, SDVariable qValues) {
    }

    private final NetworkConfig config;
    private final long seed;
    private final DataType dataType;
    private final SameDiff sd;
    private final ParameterFactory params;
    private final Encoder encoder;
    private final SDVariable spatialEmbedding;
    private final SDVariable[][] torso; // [layer] -> {w, b}
    private final MultiGameHead head;
    private final SDVariable support;
    private final SDVariable observations;
    private final SDVariable taskIds;
    private final SDVariable taskOneHot;
    private final Forward main;
    private final GraphRunner runner;

    private SameDiffQNetwork(NetworkConfig config, long seed, DataType dataType) {
        this.config = config;
        this.seed = seed;
        this.dataType = dataType;
        this.sd = SameDiff.create();
        this.params = new ParameterFactory(sd, dataType, seed);
        int[] obs = config.observationShape();
        observations = sd.placeHolder(OBSERVATIONS, dataType, -1, obs[0], obs[1], obs[2]);
        taskIds = sd.placeHolder(TASK_IDS, DataType.INT, -1);
        taskOneHot = sd.oneHot("taskOneHot", taskIds, config.numGames()).castTo(dataType);

        encoder = Encoders.create(config.encoder(), params, "encoder", obs);
        int[] map = encoder.outputShape();
        spatialEmbedding = config.reduction() == FeatureReduction.SPATIAL_EMBEDDING
                ? params.create("reduction/spatialEmbedding", Init.UNIFORM_FAN_IN, (long) map[1] * map[2],
                        map[0], map[1], map[2])
                : null;
        int[] widths = config.torsoWidths();
        torso = new SDVariable[widths.length][];
        int in = config.reducedFeatures();
        for (int i = 0; i < widths.length; i++) {
            torso[i] = new SDVariable[] {
                params.create("torso/dense" + i + "/w", Init.HE_NORMAL, in, in, widths[i]),
                params.create("torso/dense" + i + "/b", Init.ZEROS, 0, widths[i]),
            };
            in = widths[i];
        }
        head = new MultiGameHead(params, "heads", config.featureSize(), config.numGames(), config.numActions(),
                config.head());
        support = config.head() instanceof HeadConfig.C51 c51
                ? sd.constant("support", Nd4j.createFromArray(c51.support().atoms()).castTo(dataType))
                : null;

        Forward f = forward(observations, taskOneHot);
        f.features().rename(FEATURES);
        f.headOutputs().rename(HEAD_OUTPUTS);
        f.qValues().rename(Q_VALUES);
        main = f;
        runner = new GraphRunner(() -> sd, sd::output);
    }

    /**
     * Builds a network in single precision.
     *
     * @param config the network config
     * @param seed seeds every parameter's initial values
     * @return the network
     */
    public static SameDiffQNetwork create(NetworkConfig config, long seed) {
        return create(config, seed, DataType.FLOAT);
    }

    /**
     * Builds a network with parameters of the given floating type (DOUBLE for gradient checks).
     *
     * @param config   the network config
     * @param seed seeds every parameter's initial values
     * @param dataType the parameters' type
     * @return the network
     */
    public static SameDiffQNetwork create(NetworkConfig config, long seed, DataType dataType) {
        return new SameDiffQNetwork(config, seed, dataType);
    }

    /**
     * Adds another application of the network (sharing its parameters) to the graph.
     *
     * @param obs        {@code [B, C, H, W]}
     * @param taskOneHot {@code [B, G]} in the network's float type
     * @return the head outputs
     */
    public Forward forward(SDVariable obs, SDVariable taskOneHot) {
        SDVariable x = encoder.apply(obs);
        if (spatialEmbedding != null) {
            x = Layers.spatialEmbedding(sd, x, spatialEmbedding);
        } else {
            x = x.reshape(-1, config.reducedFeatures());
        }
        for (SDVariable[] layer : torso) {
            x = sd.nn().relu(Layers.dense(sd, x, layer[0], layer[1]), 0);
        }
        if (config.featureNormalization()) {
            x = Layers.l2Normalize(sd, x);
        }
        SDVariable out = head.apply(x, taskOneHot);
        if (support == null) {
            return new Forward(x, out, null, out);
        }
        SDVariable logProbs = sd.nn().logSoftmax(out); // last axis: atoms (logSoftmax(x, dim) breaks backprop in M2.1)
        SDVariable q = sd.math().exp(logProbs).mul(support).sum(2);
        return new Forward(x, out, logProbs, q);
    }

    /** {@return the application of the network to the placeholders} */
    public Forward main() {
        return main;
    }

    /** {@return the graph} */
    public SameDiff sameDiff() {
        return sd;
    }

    /** {@return the observations placeholder} */
    public SDVariable observationsPlaceholder() {
        return observations;
    }

    /** {@return the task-id placeholder} */
    public SDVariable taskIdsPlaceholder() {
        return taskIds;
    }

    /** {@return the one-hot of the task-id placeholder, {@code [B, G]} in the network's float type} */
    public SDVariable taskOneHot() {
        return taskOneHot;
    }

    /** {@return the C51 support as a graph constant, or null for a scalar head} */
    public SDVariable support() {
        return support;
    }

    /** {@return the parameters' floating type} */
    public DataType dataType() {
        return dataType;
    }

    /** {@return the seed the parameters were initialised from} */
    public long seed() {
        return seed;
    }

    /** {@return the factory holding this network's trainable variables (for re-initialising parameters)} */
    public ParameterFactory parameterFactory() {
        return params;
    }

    @Override
    public NetworkConfig config() {
        return config;
    }

    @Override
    public INDArray qValues(INDArray obs, INDArray tasks) {
        return output(inputs(obs, tasks), Q_VALUES);
    }

    @Override
    public INDArray headOutputs(INDArray obs, INDArray tasks) {
        return output(inputs(obs, tasks), HEAD_OUTPUTS);
    }

    @Override
    public INDArray features(INDArray obs) {
        return output(Map.of(OBSERVATIONS, obs.castTo(dataType)), FEATURES);
    }

    /** One output of the forward graph, as an array the caller owns. */
    private INDArray output(Map<String, INDArray> placeholders, String name) {
        return runner.run(placeholders, List.of(name)).get(name).dup();
    }

    /**
     * {@return the placeholder map for the given inputs, cast to the network's types}
     *
     * @param obs   observations {@code [B, C, H, W]}
     * @param tasks task ids {@code [B]}
     */
    public Map<String, INDArray> inputs(INDArray obs, INDArray tasks) {
        int[] s = config.observationShape();
        checkArgument(obs.rank() == 4 && obs.size(1) == s[0] && obs.size(2) == s[1] && obs.size(3) == s[2],
                "observations must be [B, %s, %s, %s]; got %s", s[0], s[1], s[2], java.util.Arrays.toString(obs.shape()));
        checkArgument(tasks.rank() == 1 && tasks.length() == obs.size(0),
                "taskIds must be [B] with B=%s; got %s", obs.size(0), java.util.Arrays.toString(tasks.shape()));
        Map<String, INDArray> m = new LinkedHashMap<>();
        m.put(OBSERVATIONS, obs.dataType() == dataType ? obs : obs.castTo(dataType));
        m.put(TASK_IDS, tasks.dataType() == DataType.INT ? tasks : tasks.castTo(DataType.INT));
        return m;
    }

    @Override
    public SameDiffQNetwork copy() {
        SameDiffQNetwork c = new SameDiffQNetwork(config, seed, dataType);
        c.copyParamsFrom(this);
        return c;
    }

    @Override
    public void copyParamsFrom(QNetwork other) {
        checkArgument(other.config().equals(config),
                "copyParamsFrom needs networks with the same config; got %s and %s", other.config(), config);
        Map<String, INDArray> theirs = other.parameters();
        for (Map.Entry<String, INDArray> e : parameters().entrySet()) {
            e.getValue().assign(theirs.get(e.getKey()));
        }
    }

    @Override
    public Map<String, INDArray> parameters() {
        Map<String, INDArray> m = new LinkedHashMap<>();
        for (Map.Entry<String, SDVariable> e : params.parameters().entrySet()) {
            m.put(e.getKey(), e.getValue().getArr());
        }
        return Collections.unmodifiableMap(m);
    }

    @Override
    public long parameterCount() {
        long n = 0;
        for (SDVariable v : params.parameters().values()) {
            n += v.getArr().length();
        }
        return n;
    }

    @Override
    public Map<String, Long> parameterBreakdown() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String piece : new String[] {"encoder", "reduction", "torso", "heads"}) {
            m.put(piece, 0L);
        }
        for (Map.Entry<String, SDVariable> e : params.parameters().entrySet()) {
            String piece = e.getKey().substring(0, e.getKey().indexOf('/'));
            m.merge(piece, e.getValue().getArr().length(), Long::sum);
        }
        return Collections.unmodifiableMap(m);
    }

    @Override
    public void save(Path file) throws IOException {
        ArrayCodec.write(file, metadata(), parameters());
    }

    /**
     * Loads a network written by {@link #save}.
     *
     * @param file the file
     * @return the network
     * @throws IOException if the file is missing, corrupt, or its parameters do not match its config
     */
    public static SameDiffQNetwork load(Path file) throws IOException {
        ArrayCodec.Contents c = ArrayCodec.read(file);
        Saved saved;
        try {
            saved = Json.mapper().readValue(c.metadata(), Saved.class);
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": unreadable network metadata: " + e.getOriginalMessage(), e);
        }
        SameDiffQNetwork net = create(saved.config(), saved.seed(), DataType.valueOf(saved.dataType()));
        net.loadParameters(c.arrays(), file.toString());
        return net;
    }

    /**
     * Overwrites parameters from named arrays (as written by {@link #save} or a checkpoint).
     *
     * @param arrays parameter name to values
     * @param source named for error messages
     * @throws IOException if a parameter is missing or has the wrong shape
     */
    public void loadParameters(Map<String, INDArray> arrays, String source) throws IOException {
        for (Map.Entry<String, INDArray> e : parameters().entrySet()) {
            INDArray a = arrays.get(e.getKey());
            if (a == null) {
                throw new IOException(source + ": parameter " + e.getKey() + " is missing");
            }
            if (!java.util.Arrays.equals(a.shape(), e.getValue().shape())) {
                throw new IOException(source + ": parameter " + e.getKey() + " has shape "
                        + java.util.Arrays.toString(a.shape()) + ", expected "
                        + java.util.Arrays.toString(e.getValue().shape()));
            }
            e.getValue().assign(a);
        }
    }

    /** {@return the JSON metadata stored with the parameters} */
    public String metadata() {
        try {
            return Json.mapper().writeValueAsString(new Saved(config, seed, dataType.name()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise network config", e);
        }
    }

    /** What {@link #save} stores besides the parameters. */
    record Saved(NetworkConfig config, long seed, String dataType) {
    }

    @Override
    public String toString() {
        return "SameDiffQNetwork[" + config.encoder().displayName() + ", " + parameterCount() + " parameters]";
    }
}
