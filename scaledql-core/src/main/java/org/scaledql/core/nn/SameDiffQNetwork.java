package org.scaledql.core.nn;

import static com.google.common.base.Preconditions.checkArgument;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
    /** Field of the saved metadata that marks a network built with a custom {@link EncoderFactory}. */
    public static final String CUSTOM_ENCODER_FIELD = "customEncoder";

    /** The ops of one application of the network to an input. */
    public record Forward(SDVariable features, SDVariable headOutputs, SDVariable logProbs, SDVariable qValues) {
    }

    private final NetworkConfig config;
    private final EncoderFactory customEncoder; // null: the config's built-in encoder
    private final long seed;
    private final DataType dataType;
    private final SameDiff sd;
    private final ParameterFactory params;
    private final Encoder encoder;
    private final SDVariable spatialEmbedding;
    private final int reducedFeatures;
    private final SDVariable[][] torso; // [layer] -> {w, b}
    private final MultiGameHead head;
    private final SDVariable support;
    private final SDVariable observations;
    private final SDVariable taskIds;
    private final SDVariable taskOneHot;
    private final Forward main;
    private final GraphRunner runner;

    private SameDiffQNetwork(NetworkConfig config, EncoderFactory customEncoder, long seed, DataType dataType) {
        this.config = Objects.requireNonNull(config, "config");
        this.customEncoder = customEncoder;
        this.seed = seed;
        this.dataType = dataType;
        this.sd = SameDiff.create();
        this.params = new ParameterFactory(sd, dataType, seed);
        int[] obs = config.observationShape();
        observations = sd.placeHolder(OBSERVATIONS, dataType, -1, obs[0], obs[1], obs[2]);
        taskIds = sd.placeHolder(TASK_IDS, DataType.INT, -1);
        taskOneHot = sd.oneHot("taskOneHot", taskIds, config.numGames()).castTo(dataType);

        if (customEncoder == null) {
            encoder = Encoders.create(config.encoder(), params, "encoder", obs);
        } else {
            encoder = Objects.requireNonNull(customEncoder.create(params, "encoder", obs.clone()),
                    "the EncoderFactory returned null");
            checkCustomEncoder(encoder, params);
        }
        int[] map = encoder.outputShape();
        reducedFeatures = config.reduction() == FeatureReduction.SPATIAL_EMBEDDING ? map[0] : map[0] * map[1] * map[2];
        spatialEmbedding = config.reduction() == FeatureReduction.SPATIAL_EMBEDDING
                ? params.create("reduction/spatialEmbedding", Init.UNIFORM_FAN_IN, (long) map[1] * map[2],
                        map[0], map[1], map[2])
                : null;
        int[] widths = config.torsoWidths();
        torso = new SDVariable[widths.length][];
        int in = reducedFeatures;
        for (int i = 0; i < widths.length; i++) {
            torso[i] = new SDVariable[] {
                params.create("torso/dense" + i + "/w", Init.HE_NORMAL, in, in, widths[i]),
                params.create("torso/dense" + i + "/b", Init.ZEROS, 0, widths[i]),
            };
            in = widths[i];
        }
        head = new MultiGameHead(params, "heads", widths.length == 0 ? reducedFeatures : widths[widths.length - 1],
                config.numGames(), config.numActions(),
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

    /** A custom encoder's output shape must be a feature map, and its weights must sit under "encoder/". */
    private static void checkCustomEncoder(Encoder encoder, ParameterFactory params) {
        int[] map = encoder.outputShape();
        checkArgument(map != null && map.length == 3 && map[0] >= 1 && map[1] >= 1 && map[2] >= 1,
                "a custom encoder's outputShape() must be [C', H', W'] with entries >= 1; got %s",
                java.util.Arrays.toString(map));
        for (String name : params.parameters().keySet()) {
            checkArgument(name.startsWith("encoder/"), "a custom encoder must create its weights under the prefix it is "
                    + "given (\"encoder/...\"); got a parameter named %s", name);
        }
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
        return new SameDiffQNetwork(config, null, seed, dataType);
    }

    /**
     * Builds a network in single precision whose encoder comes from {@code encoder} instead of
     * {@code config.encoder()}: the rest of the pipeline (reduction, torso, feature normalization, heads) follows the
     * config and sizes itself from the encoder's {@link Encoder#outputShape()}. The config's own encoder is then
     * unused (it still has to accept the observation shape, as every config's does), and so are the sizes the config
     * derives from it ({@code config.reducedFeatures()}, {@code featureSize()}): the network's are
     * {@link #encoderOutputShape()}'s. {@link #copy()} builds the copy with the same factory, so a training step's
     * target network has the same graph.
     *
     * @param config  the network config
     * @param encoder creates the encoder; must be deterministic (see {@link EncoderFactory})
     * @param seed    seeds every parameter's initial values
     * @return the network
     * @throws NullPointerException     if {@code config} or {@code encoder} is null, or the factory returns null
     * @throws IllegalArgumentException if the encoder's output shape is not {@code [C', H', W']} or it creates a
     *                                  weight outside the {@code encoder/} prefix
     */
    public static SameDiffQNetwork create(NetworkConfig config, EncoderFactory encoder, long seed) {
        return create(config, encoder, seed, DataType.FLOAT);
    }

    /**
     * Builds a network with a custom encoder ({@link #create(NetworkConfig, EncoderFactory, long)}) and parameters of
     * the given floating type.
     *
     * @param config   the network config
     * @param encoder  creates the encoder; must be deterministic (see {@link EncoderFactory})
     * @param seed     seeds every parameter's initial values
     * @param dataType the parameters' type
     * @return the network
     * @throws NullPointerException     if {@code config} or {@code encoder} is null, or the factory returns null
     * @throws IllegalArgumentException if the encoder's output shape is not {@code [C', H', W']} or it creates a
     *                                  weight outside the {@code encoder/} prefix
     */
    public static SameDiffQNetwork create(NetworkConfig config, EncoderFactory encoder, long seed, DataType dataType) {
        return new SameDiffQNetwork(config, Objects.requireNonNull(encoder, "encoder"), seed, dataType);
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
            x = x.reshape(-1, reducedFeatures);
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

    /** {@return the custom encoder's factory, or empty when the encoder is the config's built-in one} */
    public Optional<EncoderFactory> customEncoder() {
        return Optional.ofNullable(customEncoder);
    }

    /** {@return the shape {@code [C', H', W']} of the encoder's feature map (the custom encoder's, if any)} */
    public int[] encoderOutputShape() {
        return encoder.outputShape();
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
        SameDiffQNetwork c = new SameDiffQNetwork(config, customEncoder, seed, dataType);
        c.copyParamsFrom(this);
        return c;
    }

    @Override
    public void copyParamsFrom(QNetwork other) {
        checkArgument(other.config().equals(config),
                "copyParamsFrom needs networks with the same config; got %s and %s", other.config(), config);
        Map<String, INDArray> theirs = other.parameters();
        Map<String, INDArray> ours = parameters();
        // Equal configs can still differ in their encoders (a custom EncoderFactory): check names and shapes
        // before assigning anything, since assign would broadcast a mismatched shape silently.
        checkArgument(theirs.keySet().equals(ours.keySet()), "copyParamsFrom needs networks with the same "
                + "parameters (a custom encoder needs the same EncoderFactory on both); got %s and %s",
                theirs.keySet(), ours.keySet());
        for (Map.Entry<String, INDArray> e : ours.entrySet()) {
            INDArray t = theirs.get(e.getKey());
            checkArgument(java.util.Arrays.equals(t.shape(), e.getValue().shape()),
                    "copyParamsFrom: parameter %s has shape %s there and %s here", e.getKey(),
                    java.util.Arrays.toString(t.shape()), java.util.Arrays.toString(e.getValue().shape()));
        }
        for (Map.Entry<String, INDArray> e : ours.entrySet()) {
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
     * Loads a network written by {@link #save}. A network with a custom encoder needs its factory:
     * {@link #load(Path, EncoderFactory)}.
     *
     * @param file the file
     * @return the network
     * @throws IOException if the file is missing, corrupt, its parameters do not match its config, or it holds a
     *                     network with a custom encoder
     */
    public static SameDiffQNetwork load(Path file) throws IOException {
        return load(file, null, "load(Path)");
    }

    /**
     * Loads a network with a custom encoder written by {@link #save}: the network is rebuilt from the stored
     * config, seed and type with {@code encoder} (which must be the factory it was built with, or one creating
     * the same parameters), and the stored parameters are loaded into it.
     *
     * @param file    the file
     * @param encoder creates the encoder
     * @return the network
     * @throws IOException if the file is missing or corrupt, or its parameters do not match the network built
     *                     with {@code encoder} (a name missing or a shape different)
     * @throws NullPointerException if {@code encoder} is null
     */
    public static SameDiffQNetwork load(Path file, EncoderFactory encoder) throws IOException {
        return load(file, Objects.requireNonNull(encoder, "encoder"), "load(Path, EncoderFactory)");
    }

    private static SameDiffQNetwork load(Path file, EncoderFactory encoder, String caller) throws IOException {
        ArrayCodec.Contents c = ArrayCodec.read(file);
        Saved saved;
        try {
            ObjectNode custom = customEncoderMetadata(c.metadata());
            if (custom == null) {
                saved = Json.mapper().readValue(c.metadata(), Saved.class);
            } else {
                if (encoder == null) {
                    throw new IOException(file + ": the network was saved with a custom encoder (metadata field \""
                            + CUSTOM_ENCODER_FIELD + "\"); " + caller + " cannot rebuild it: use "
                            + "SameDiffQNetwork.load(file, encoderFactory) with the factory it was built with");
                }
                custom.remove(CUSTOM_ENCODER_FIELD);
                saved = Json.mapper().treeToValue(custom, Saved.class);
            }
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": unreadable network metadata: " + e.getOriginalMessage(), e);
        }
        DataType type = DataType.valueOf(saved.dataType());
        SameDiffQNetwork net = encoder == null ? create(saved.config(), saved.seed(), type)
                : create(saved.config(), encoder, saved.seed(), type);
        net.loadParameters(c.arrays(), file.toString());
        return net;
    }

    /** The metadata as a JSON object if it marks a custom encoder, else null (also for unreadable metadata). */
    private static ObjectNode customEncoderMetadata(String metadata) {
        try {
            JsonNode tree = Json.mapper().readTree(metadata);
            return tree instanceof ObjectNode o && o.has(CUSTOM_ENCODER_FIELD) ? o : null;
        } catch (JsonProcessingException e) {
            return null; // the strict read that follows reports it
        }
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

    /**
     * {@return the JSON metadata stored with the parameters} A network with a custom encoder adds the field
     * {@value #CUSTOM_ENCODER_FIELD}{@code : true}, so that {@link #load(Path)} refuses it with a message instead of
     * building the config's built-in encoder.
     */
    public String metadata() {
        try {
            Saved saved = new Saved(config, seed, dataType.name());
            if (customEncoder != null) {
                ObjectNode node = Json.mapper().valueToTree(saved);
                node.put(CUSTOM_ENCODER_FIELD, true);
                return Json.mapper().writeValueAsString(node);
            }
            return Json.mapper().writeValueAsString(saved);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise network config", e);
        }
    }

    /** What {@link #save} stores besides the parameters. */
    record Saved(NetworkConfig config, long seed, String dataType) {
    }

    @Override
    public String toString() {
        return "SameDiffQNetwork[" + (customEncoder == null ? config.encoder().displayName() : "custom encoder") + ", " + parameterCount() + " parameters]";
    }
}
