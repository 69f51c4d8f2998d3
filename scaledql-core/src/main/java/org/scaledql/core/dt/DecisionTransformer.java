package org.scaledql.core.dt;

import static com.google.common.base.Preconditions.checkArgument;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.scaledql.api.dt.DecisionTransformerConfig;
import org.scaledql.core.io.ArrayCodec;
import org.scaledql.core.learn.AdamGraphStep;
import org.scaledql.core.io.Json;
import org.scaledql.core.nn.Encoder;
import org.scaledql.core.nn.Encoders;
import org.scaledql.core.nn.Layers;
import org.scaledql.core.nn.ParameterFactory;
import org.scaledql.core.nn.Transformer;
import org.scaledql.core.runtime.GraphRunner;

/**
 * The multi-game Decision Transformer ({@link DecisionTransformerConfig}) and its training step. Each time step of a
 * window becomes three tokens, observation, return-to-go bin and action, each with a learned embedding of its step
 * within the window; the observation token's output predicts the return bin and the return token's output the
 * action, through per-game heads (Lee et al. 2022). The loss is the mean over real (not padded) steps of both
 * cross-entropies. Adam per parameter, the config's rate, no weight decay and no clipping (documented in
 * docs/dt.md).
 *
 * <p>Returns-to-go are binned per game: {@code returnBins} equal bins over the game's range in the training data
 * ({@link SequenceSampler#returnRanges()}), values outside clamped to the end bins.
 */
public final class DecisionTransformer {

    static final String OBSERVATIONS = "dt/observations";
    static final String RETURN_BINS = "dt/returnBins";
    static final String ACTIONS = "dt/actions";
    static final String TASK_IDS = "dt/taskIds";
    static final String KEY_BIAS = "dt/keyBias";
    static final String WEIGHTS = "dt/weights";
    static final String LOSS = "dt/loss";
    static final String ACTION_LOGITS = "dt/actionLogits";
    static final String RETURN_LOGITS = "dt/returnLogits";

    /**
     * What one training step did.
     *
     * @param step           steps done, from 1
     * @param loss           the loss before the update
     * @param actionAccuracy share of real steps whose most likely action was the data's, before the update
     */
    public record StepStats(long step, double loss, double actionAccuracy) {
    }

    private final DecisionTransformerConfig config;
    private final List<String> games;
    private final int numActions;
    private final int[] frameShape;
    private final float[][] returnRanges;
    private final SameDiff sd;
    private final ParameterFactory params;
    private final AdamGraphStep optimizer;
    private final GraphRunner inferenceRunner;

    private DecisionTransformer(DecisionTransformerConfig config, List<String> games, int numActions, int[] frameShape,
            float[][] returnRanges) {
        this.config = Objects.requireNonNull(config, "config");
        this.games = List.copyOf(games);
        checkArgument(!this.games.isEmpty(), "the model needs at least one game");
        checkArgument(numActions >= 2, "numActions must be >= 2; got %s", numActions);
        checkArgument(frameShape.length == 3, "frameShape must be [C, H, W]; got %s", Arrays.toString(frameShape));
        checkArgument(returnRanges.length == this.games.size(), "one return range per game (%s); got %s",
                this.games.size(), returnRanges.length);
        this.numActions = numActions;
        this.frameShape = frameShape.clone();
        this.returnRanges = new float[returnRanges.length][];
        for (int g = 0; g < returnRanges.length; g++) {
            checkArgument(returnRanges[g].length == 2 && returnRanges[g][0] <= returnRanges[g][1],
                    "return range of %s must be [min, max]; got %s", this.games.get(g), Arrays.toString(returnRanges[g]));
            this.returnRanges[g] = returnRanges[g].clone();
        }
        this.sd = SameDiff.create();
        this.params = new ParameterFactory(sd, DataType.FLOAT, config.seed());
        build();
        optimizer = new AdamGraphStep(sd, LOSS, parameters(), true, List.of(ACTION_LOGITS), config.learningRate(),
                "Decision Transformer");
        inferenceRunner = new GraphRunner(() -> sd, (ph, outs) -> sd.output(ph, outs));
    }

    /**
     * {@return a freshly initialised model (parameters from the config's seed)}
     *
     * @param config       the architecture and training settings
     * @param games        the games, in task-id order
     * @param numActions   actions per game (the largest action count of the games)
     * @param frameShape   an observation's shape {@code [C, H, W]}
     * @param returnRanges each game's return-to-go range {@code [min, max]} ({@link SequenceSampler#returnRanges()})
     */
    public static DecisionTransformer create(DecisionTransformerConfig config, List<String> games, int numActions,
            int[] frameShape, float[][] returnRanges) {
        return new DecisionTransformer(config, games, numActions, frameShape, returnRanges);
    }

    private void build() {
        int k = config.context();
        int d = config.width();
        int g = games.size();
        int bins = config.returnBins();
        int a = numActions;
        ParameterFactory.Init u = ParameterFactory.Init.UNIFORM_FAN_IN;
        ParameterFactory.Init zeros = ParameterFactory.Init.ZEROS;
        SDVariable obs = sd.placeHolder(OBSERVATIONS, DataType.FLOAT, -1, frameShape[0], frameShape[1], frameShape[2]);
        SDVariable returnBins = sd.placeHolder(RETURN_BINS, DataType.INT, -1);
        SDVariable actions = sd.placeHolder(ACTIONS, DataType.INT, -1);
        SDVariable tasks = sd.placeHolder(TASK_IDS, DataType.INT, -1);
        SDVariable keyBias = sd.placeHolder(KEY_BIAS, DataType.FLOAT, -1, 3L * k);
        SDVariable weights = sd.placeHolder(WEIGHTS, DataType.FLOAT, -1);

        Encoder encoder = Encoders.create(config.encoder(), params, "dt/encoder", frameShape);
        int[] es = encoder.outputShape();
        long features = (long) es[0] * es[1] * es[2];
        SDVariable encoded = encoder.apply(obs).reshape(-1, features);
        SDVariable obsTokens = Layers.dense(sd, encoded, params.create("dt/embed/observation/w", u, features, features, d),
                params.create("dt/embed/observation/b", zeros, 1, d));
        SDVariable returnOneHot = sd.oneHot(returnBins, bins).castTo(DataType.FLOAT);
        SDVariable actionOneHot = sd.oneHot(actions, a).castTo(DataType.FLOAT);
        SDVariable returnTokens = returnOneHot.mmul(params.create("dt/embed/return", u, d, bins, d));
        SDVariable actionTokens = actionOneHot.mmul(params.create("dt/embed/action", u, d, a, d));
        SDVariable position = params.create("dt/embed/position", u, d, k, d).reshape(1, k, 1, d);
        SDVariable tokens = sd.concat(2, obsTokens.reshape(-1, k, 1, d).add(position),
                returnTokens.reshape(-1, k, 1, d).add(position), actionTokens.reshape(-1, k, 1, d).add(position))
                .reshape(-1, d); // [B * 3K, D]: per sample, per step: observation, return, action
        SDVariable x = tokens;
        for (int l = 0; l < config.layers(); l++) {
            Transformer.Block block = Transformer.Block.create(params, "dt/block" + l, d, 4 * d);
            x = Transformer.block(sd, x, keyBias, block, 3 * k, config.heads(), d);
        }
        x = Transformer.layerNorm(sd, x, params.create("dt/lnf/gamma", ParameterFactory.Init.ONES, 1, d),
                params.create("dt/lnf/beta", zeros, 1, d));
        SDVariable perStep = x.reshape(-1, 3L * d); // [B * K, 3D]: the three tokens' outputs of each step
        SDVariable obsOut = perStep.mmul(sd.constant(selector(0, d)));
        SDVariable returnOut = perStep.mmul(sd.constant(selector(1, d)));
        SDVariable taskOneHot = sd.oneHot(tasks, g).castTo(DataType.FLOAT);
        SDVariable returnLogits = Layers.selectTask(sd, Layers.dense(sd, obsOut,
                params.create("dt/heads/return/w", u, d, d, (long) g * bins),
                params.create("dt/heads/return/b", zeros, 1, (long) g * bins)), taskOneHot, g, bins)
                .rename(RETURN_LOGITS);
        SDVariable actionLogits = Layers.selectTask(sd, Layers.dense(sd, returnOut,
                params.create("dt/heads/action/w", u, d, d, (long) g * a),
                params.create("dt/heads/action/b", zeros, 1, (long) g * a)), taskOneHot, g, a)
                .rename(ACTION_LOGITS);
        SDVariable actionCe = actionOneHot.mul(sd.nn().logSoftmax(actionLogits)).sum(1).neg();
        SDVariable returnCe = returnOneHot.mul(sd.nn().logSoftmax(returnLogits)).sum(1).neg();
        actionCe.add(returnCe).mul(weights).sum().rename(LOSS);
    }

    /** {@code [3D, D]}: picks token {@code which} (0 observation, 1 return, 2 action) out of a step's outputs. */
    private static INDArray selector(int which, int d) {
        INDArray s = Nd4j.zeros(DataType.FLOAT, 3L * d, d);
        for (int i = 0; i < d; i++) {
            s.putScalar(new long[] {(long) which * d + i, i}, 1f);
        }
        return s;
    }

    /**
     * {@return the return bin of a return-to-go in a game's range: {@code round((R - min) / (max - min) * (bins -
     * 1))}, clamped to {@code [0, bins - 1]}; bin 0 when the range is a single value}
     *
     * @param task        the game's task id
     * @param returnToGo the return-to-go
     */
    public int returnBin(int task, double returnToGo) {
        float lo = returnRanges[task][0];
        float hi = returnRanges[task][1];
        if (hi <= lo) {
            return 0;
        }
        long b = Math.round((returnToGo - lo) / (hi - lo) * (config.returnBins() - 1));
        return (int) Math.max(0, Math.min(config.returnBins() - 1, b));
    }

    /** The placeholders of windows given as arrays (row = sample * K + step), returns-to-go binned. */
    Map<String, INDArray> placeholders(INDArray observations, float[] returnsToGo, int[] actions, boolean[] valid,
            int[] tasks) {
        checkArgument(returnsToGo.length == tasks.length && valid.length == tasks.length, "one return-to-go and one "
                + "validity flag per step; got %s and %s for %s steps", returnsToGo.length, valid.length, tasks.length);
        int[] bins = new int[tasks.length];
        for (int i = 0; i < bins.length; i++) {
            checkArgument(tasks[i] >= 0 && tasks[i] < games.size(), "task id %s outside [0, %s)", tasks[i],
                    games.size());
            bins[i] = valid[i] ? returnBin(tasks[i], returnsToGo[i]) : 0;
        }
        return binnedPlaceholders(observations, bins, actions, valid, tasks);
    }

    /** The placeholders of windows with their return tokens given as bins. */
    private Map<String, INDArray> binnedPlaceholders(INDArray observations, int[] bins, int[] actions, boolean[] valid,
            int[] tasks) {
        int k = config.context();
        int rows = tasks.length;
        checkArgument(rows % k == 0 && bins.length == rows && actions.length == rows && valid.length == rows
                && observations.size(0) == rows, "windows must give K=%s steps each, every array one entry per step; "
                + "got %s steps", k, rows);
        float[] bias = new float[rows * 3];
        float[] w = new float[rows];
        int count = 0;
        for (int i = 0; i < rows; i++) {
            checkArgument(tasks[i] >= 0 && tasks[i] < games.size(), "task id %s outside [0, %s)", tasks[i], games.size());
            checkArgument(actions[i] >= 0 && actions[i] < numActions, "action %s outside [0, %s)", actions[i],
                    numActions);
            checkArgument(bins[i] >= 0 && bins[i] < config.returnBins(), "return bin %s outside [0, %s)", bins[i],
                    config.returnBins());
            float b = valid[i] ? 0f : (float) Transformer.MASKED;
            bias[3 * i] = b;
            bias[3 * i + 1] = b;
            bias[3 * i + 2] = b;
            count += valid[i] ? 1 : 0;
        }
        for (int i = 0; i < rows; i++) {
            w[i] = valid[i] ? 1f / Math.max(1, count) : 0f;
        }
        Map<String, INDArray> ph = new LinkedHashMap<>();
        ph.put(OBSERVATIONS, observations.castTo(DataType.FLOAT));
        ph.put(RETURN_BINS, Nd4j.createFromArray(bins));
        ph.put(ACTIONS, Nd4j.createFromArray(actions));
        ph.put(TASK_IDS, Nd4j.createFromArray(tasks));
        ph.put(KEY_BIAS, Nd4j.createFromArray(bias).reshape(rows / k, 3L * k));
        ph.put(WEIGHTS, Nd4j.createFromArray(w));
        return ph;
    }

    /**
     * One Adam step on a batch of windows.
     *
     * @param batch the windows
     * @return the loss and action accuracy before the update
     */
    public StepStats trainStep(SequenceSampler.Batch batch) {
        checkArgument(batch.context() == config.context(), "the batch has windows of %s steps; the model takes %s",
                batch.context(), config.context());
        Map<String, INDArray> r = optimizer.step(placeholders(batch.observations(), batch.returnsToGo(),
                batch.actions(), batch.valid(), batch.taskIds()));
        return new StepStats(optimizer.steps(), r.get(LOSS).getDouble(0),
                accuracy(r.get(ACTION_LOGITS), batch.actions(), batch.valid()));
    }

    /**
     * {@link #trainStep} with its parts timed: {@code step} (everything), {@code inputs} (windows to placeholders),
     * then {@link AdamGraphStep#profile}'s {@code gradients}, {@code update} and the gradient graph's ops.
     *
     * @param batch   the windows
     * @param byShape whether op labels name each op's input shapes too
     * @return part or op label to milliseconds
     */
    public Map<String, Double> profile(SequenceSampler.Batch batch, boolean byShape) {
        long t0 = System.nanoTime();
        Map<String, INDArray> ph = placeholders(batch.observations(), batch.returnsToGo(), batch.actions(),
                batch.valid(), batch.taskIds());
        long t1 = System.nanoTime();
        Map<String, Double> parts = optimizer.profile(ph, byShape);
        Map<String, Double> ms = new LinkedHashMap<>();
        ms.put("step", (System.nanoTime() - t0) / 1e6);
        ms.put("inputs", (t1 - t0) / 1e6);
        parts.forEach((k, v) -> {
            if (!k.equals("step")) {
                ms.put(k, v);
            }
        });
        return ms;
    }

    private static double accuracy(INDArray logits, int[] actions, boolean[] valid) {
        float[] l = logits.dup('c').data().asFloat();
        int a = (int) logits.size(1);
        int right = 0;
        int n = 0;
        for (int i = 0; i < actions.length; i++) {
            if (!valid[i]) {
                continue;
            }
            int best = 0;
            for (int j = 1; j < a; j++) {
                if (l[i * a + j] > l[i * a + best]) {
                    best = j;
                }
            }
            right += best == actions[i] ? 1 : 0;
            n++;
        }
        return n == 0 ? Double.NaN : (double) right / n;
    }

    /**
     * {@return the action logits {@code [B * K, A]} of windows: row {@code sample * K + step} predicts that step's
     * action from everything up to its return token}
     *
     * @param observations {@code [B * K, C, H, W]}
     * @param returnsToGo  per step
     * @param actions      per step (a step's own action does not affect its prediction: it comes after)
     * @param valid        per step: false for padding
     * @param tasks        per step: the game's task id
     */
    public INDArray actionLogits(INDArray observations, float[] returnsToGo, int[] actions, boolean[] valid,
            int[] tasks) {
        return inferenceRunner.run(placeholders(observations, returnsToGo, actions, valid, tasks),
                List.of(ACTION_LOGITS)).get(ACTION_LOGITS).dup();
    }

    /**
     * Both predictions of windows whose return tokens are given as bins (as Lee et al.'s expert-return prompting
     * samples them).
     *
     * @param actionLogits {@code [B * K, A]}: row {@code sample * K + step} predicts that step's action from
     *                     everything up to its return token
     * @param returnLogits {@code [B * K, returnBins]}: row {@code sample * K + step} predicts that step's return bin
     *                     from everything up to its observation token (not its own return token or action)
     */
    public record Predictions(INDArray actionLogits, INDArray returnLogits) {
    }

    /**
     * {@return both predictions of windows given with return bins}
     *
     * @param observations {@code [B * K, C, H, W]}
     * @param returnBins   per step, in {@code [0, returnBins)}
     * @param actions      per step
     * @param valid        per step: false for padding
     * @param tasks        per step: the game's task id
     */
    public Predictions predict(INDArray observations, int[] returnBins, int[] actions, boolean[] valid, int[] tasks) {
        Map<String, INDArray> r = inferenceRunner.run(binnedPlaceholders(observations, returnBins, actions, valid,
                tasks), List.of(ACTION_LOGITS, RETURN_LOGITS));
        return new Predictions(r.get(ACTION_LOGITS).dup(), r.get(RETURN_LOGITS).dup());
    }

    /** {@return the config} */
    public DecisionTransformerConfig config() {
        return config;
    }

    /** {@return the games, in task-id order} */
    public List<String> games() {
        return games;
    }

    /** {@return actions per game} */
    public int numActions() {
        return numActions;
    }

    /** {@return an observation's shape {@code [C, H, W]}} */
    public int[] frameShape() {
        return frameShape.clone();
    }

    /**
     * {@return a game's return-to-go range {@code [min, max]}}
     *
     * @param task the game's task id
     */
    public float[] returnRange(int task) {
        return returnRanges[task].clone();
    }

    /** {@return the parameters by name (live arrays)} */
    public Map<String, INDArray> parameters() {
        Map<String, INDArray> m = new LinkedHashMap<>();
        params.parameters().forEach((n, v) -> m.put(n, v.getArr()));
        return m;
    }

    /** {@return the number of parameters} */
    public long parameterCount() {
        return params.parameters().values().stream().mapToLong(v -> v.getArr().length()).sum();
    }

    /** {@return the number of the observation encoder's parameters (a part of {@link #parameterCount()})} */
    public long encoderParameterCount() {
        return params.parameters().entrySet().stream().filter(e -> e.getKey().startsWith("dt/encoder"))
                .mapToLong(e -> e.getValue().getArr().length()).sum();
    }

    /** {@return training steps done} */
    public long steps() {
        return optimizer.steps();
    }

    /** What {@link #save} stores next to the parameters (JSON). */
    record Saved(DecisionTransformerConfig config, List<String> games, int numActions, int[] frameShape,
            float[][] returnRanges) {
    }

    /**
     * Writes the model (its config, games, action count, frame shape and return ranges as JSON metadata, and its
     * parameters) to one checksummed file, atomically. The optimizer state is not saved.
     *
     * @param file the file
     * @throws IOException if writing fails
     */
    public void save(Path file) throws IOException {
        String meta = Json.mapper().writeValueAsString(new Saved(config, games, numActions, frameShape, returnRanges));
        ArrayCodec.write(file, meta, parameters());
    }

    /**
     * Reads a model written by {@link #save}.
     *
     * @param file the file
     * @return the model, with fresh optimizer state
     * @throws IOException if the file is missing or corrupt, its metadata is not a Decision Transformer's, or a
     *                     parameter is missing or of another shape; the message names the file
     */
    public static DecisionTransformer load(Path file) throws IOException {
        ArrayCodec.Contents c = ArrayCodec.read(file);
        Saved s;
        try {
            s = Json.mapper().readValue(c.metadata(), Saved.class);
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not a Decision Transformer's metadata: " + e.getOriginalMessage(), e);
        }
        if (s.config() == null || s.games() == null || s.frameShape() == null || s.returnRanges() == null) {
            throw new IOException(file + ": not a Decision Transformer's metadata (config, games, frameShape and "
                    + "returnRanges are required)");
        }
        DecisionTransformer m = create(s.config(), s.games(), s.numActions(), s.frameShape(), s.returnRanges());
        for (Map.Entry<String, INDArray> e : m.parameters().entrySet()) {
            INDArray a = c.arrays().get(e.getKey());
            if (a == null) {
                throw new IOException(file + ": parameter " + e.getKey() + " is missing");
            }
            if (!Arrays.equals(a.shape(), e.getValue().shape())) {
                throw new IOException(file + ": parameter " + e.getKey() + " has shape " + Arrays.toString(a.shape())
                        + ", expected " + Arrays.toString(e.getValue().shape()));
            }
            e.getValue().assign(a);
        }
        return m;
    }
}
