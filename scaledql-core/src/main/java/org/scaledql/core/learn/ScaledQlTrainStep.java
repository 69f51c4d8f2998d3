package org.scaledql.core.learn;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.scaledql.api.data.TransitionBatch;
import org.scaledql.api.learn.Gradients;
import org.scaledql.api.learn.LossConfig;
import org.scaledql.api.learn.LossContext;
import org.scaledql.api.learn.LossTerm;
import org.scaledql.api.learn.LossConfig.TdKind;
import org.scaledql.api.learn.NonFinitePolicy;
import org.scaledql.api.learn.StepResult;
import org.scaledql.api.learn.TrainStep;
import org.scaledql.api.learn.TrainingState;
import org.scaledql.api.nn.HeadConfig;
import org.scaledql.api.nn.QNetwork;
import org.scaledql.api.train.OptimizerConfig;
import org.scaledql.core.runtime.GraphRunner;
import org.scaledql.core.runtime.Quiet;
import org.scaledql.core.nn.SameDiffQNetwork;

/**
 * The Scaled QL training step (paper Eq. 1): a TD term (C51 cross-entropy, MSE or Huber) plus CQL, with
 * optional DR3 and behavioral-cloning terms, on a multi-game {@link SameDiffQNetwork}; Adam (or any ND4J
 * updater) with optional global-norm clipping; an explicit target network.
 *
 * <p>The loss ops are added once, at build time, to the online network's graph; each step only feeds
 * placeholders. The objective is the terms of the {@link LossConfig} ({@link LossTerms#of}) followed by the
 * user's ({@link Builder#addLossTerm}), all built through one {@link LossContext}. The bootstrap targets the terms
 * read are computed off the gradient tape from the target network (and, for double DQN, the online network's
 * action choice) by {@link BootstrapTargets} and fed in as {@value #TARGET_PROBS} (C51),
 * {@value #HL_GAUSS_TARGETS} (HL-Gauss) or {@value #TD_TARGETS} (scalar).
 *
 * <p><b>Frozen parameters</b> ({@link Builder#frozen(Predicate)}, e.g. a transferred encoder): SameDiff is
 * asked only for the trainable parameters' gradients, so it runs only the backward ops they need (a frozen
 * encoder at the bottom of the network is not back-propagated through at all); frozen parameters get no
 * optimizer update and no optimizer state, and {@link #computeGradients} returns no gradient for them. The
 * target network still copies every parameter, frozen or not.
 */
public final class ScaledQlTrainStep implements TrainStep {

    /** Name prefix of the per-game head parameters, which {@link OptimizerConfig#headLearningRateScale} scales. */
    public static final String HEAD_PREFIX = "heads/";
    /** Placeholder of the data actions {@code [B]}. */
    public static final String ACTIONS = "actions";
    /** Placeholder of C51's target distributions {@code [B, N]} ({@link LossContext#categoricalTargets()}). */
    public static final String TARGET_PROBS = "targetProbs";
    /** Placeholder of the HL-Gauss target distributions {@code [B, N]} ({@link LossContext#hlGaussTargets()}). */
    public static final String HL_GAUSS_TARGETS = "hlGaussTargets";
    /** Placeholder of the scalar TD targets {@code [B]} ({@link LossContext#scalarTargets()}). */
    public static final String TD_TARGETS = "tdTargets";
    /** Placeholder of the next observations (when a term reads {@link LossContext#nextFeatures()}). */
    public static final String NEXT_OBSERVATIONS = "nextObservations";

    /** Metric keys, in reporting order. */
    public static final String LOSS_TOTAL = "loss/total";
    /** TD term. */
    public static final String LOSS_TD = "loss/td";
    /** CQL term (already multiplied by alpha). */
    public static final String LOSS_CQL = "loss/cql";
    /** DR3 term (already multiplied by its coefficient). */
    public static final String LOSS_DR3 = "loss/dr3";
    /** BC term (already multiplied by its weight). */
    public static final String LOSS_BC = "loss/bc";
    /** The built-in term names, which user terms ({@link Builder#addLossTerm}) cannot take. */
    static final java.util.Set<String> BUILT_IN_TERMS = java.util.Set.of("total", "td", "cql", "dr3", "bc");

    /** Mean Q over batch and actions. */
    public static final String Q_MEAN = "q/mean";
    /** Mean Q of the data actions. */
    public static final String Q_DATA = "q/data_action";
    /** Global L2 norm of the gradients before clipping. */
    public static final String GRAD_NORM = "grad/global_norm";

    private final SameDiffQNetwork online;
    private final SameDiffQNetwork target;
    private final LossConfig loss;
    private final IUpdater updater;
    private final double maxGradNorm;
    private final long targetUpdatePeriod;
    private final NonFinitePolicy nonFinite;
    private final BootstrapTargets targets;
    private final int numAtoms; // of the C51 heads; 0 for scalar heads
    private final boolean categorical;
    private final List<String> outputs = new ArrayList<>();
    private final List<LossTerms.Weighted> extraTerms;
    // Placeholders that user terms asked for (LossContext.input), and their feeds.
    private final Map<String, java.util.function.Function<TransitionBatch, INDArray>> extraInputs = new LinkedHashMap<>();
    // Which off-tape inputs the terms read (LossContext), so the step computes and feeds only those.
    private boolean scalarTargetsRequested;
    private boolean categoricalTargetsRequested;
    private boolean hlGaussTargetsRequested;
    private boolean nextObservationsRequested;
    private final List<String> paramNames; // the trainable parameters, in network order
    private final List<String> frozenNames;
    // One optimizer over all trainable parameters laid end to end (one native op per Adam step instead of ~8 per
    // parameter): the gradients are copied into flatGradient, updated there, and subtracted from each parameter.
    private final long[] offsets; // of each trainable parameter in the flat vector, plus the total at the end
    private final int stateBlocks; // the updater keeps stateBlocks values per parameter value (Adam: 2)
    private final INDArray flatGradient;
    private final INDArray[] gradientSlices; // [1, n] views of flatGradient, one per trainable parameter
    private final INDArray flatState;
    private final GradientUpdater<?> flatUpdater;
    // Learning-rate multipliers other than 1, per trainable parameter index (null when every scale is 1). Adam's
    // update is linear in its rate, so scaling a parameter's update equals running its own Adam at the scaled rate.
    private final double[] updateScales;
    private final Map<String, String> gradientNames = new LinkedHashMap<>(); // parameter -> its gradient variable
    private final GraphRunner gradientRunner;
    private final List<String> gradientOutputNames;
    private long step;
    private INDArray[] inputBuffers; // [observations, nextObservations] as float inputs; see networkInputs

    private ScaledQlTrainStep(Builder b) {
        this.online = b.online;
        this.target = b.target != null ? b.target : b.online.copy();
        checkArgument(target.config().equals(online.config()),
                "target network config must equal the online network's; got %s and %s", target.config(), online.config());
        this.loss = b.loss;
        this.updater = b.updater;
        this.maxGradNorm = b.maxGradNorm;
        this.targetUpdatePeriod = b.targetUpdatePeriod;
        this.nonFinite = b.nonFinite;
        this.extraTerms = List.copyOf(b.extraTerms);
        HeadConfig head = online.config().head();
        // One action leaves nothing to choose, and SameDiff M2.1 fails reducing over a size-1 action axis.
        checkArgument(online.config().numActions() >= 2,
                "the training step needs numActions >= 2; got numActions=%s", online.config().numActions());
        this.categorical = loss.td() == TdKind.CATEGORICAL || loss.td() == TdKind.HL_GAUSS;
        if (categorical) {
            checkArgument(head instanceof HeadConfig.C51, "the %s TD loss needs a C51 head; the network has %s. Use "
                    + "td=MSE or HUBER for scalar heads", loss.td() == TdKind.HL_GAUSS ? "HL-Gauss" : "categorical", head);
        }
        if (loss.td() == TdKind.MSE || loss.td() == TdKind.HUBER) {
            checkArgument(head instanceof HeadConfig.Scalar,
                    "the %s TD loss needs a scalar head; the network has %s. Use td=CATEGORICAL for C51 heads", loss.td(), head);
        }
        checkArgument(loss.rewardScales().length == 0 || loss.rewardScales().length == online.config().numGames(),
                "rewardScales needs one value per game (%s); got %s", online.config().numGames(), loss.rewardScales().length);
        this.targets = new BootstrapTargets(loss, head);
        this.numAtoms = head instanceof HeadConfig.C51 c51 ? c51.support().numAtoms() : 0;
        this.paramNames = new ArrayList<>();
        this.frozenNames = new ArrayList<>();
        for (String p : online.parameters().keySet()) {
            (b.frozen.test(p) ? frozenNames : paramNames).add(p);
        }
        double[] scales = new double[paramNames.size()];
        boolean anyScaled = false;
        for (int i = 0; i < scales.length; i++) {
            scales[i] = b.scaledParameters.test(paramNames.get(i)) ? b.learningRateScale : 1.0;
            anyScaled |= scales[i] != 1.0;
        }
        this.updateScales = anyScaled ? scales : null;
        checkArgument(!paramNames.isEmpty(), "the frozen-parameter predicate matches all %s parameters of the network, "
                + "leaving nothing to train; freeze a subset (e.g. names starting with \"encoder/\")", frozenNames.size());
        buildLoss();
        SameDiff sd = online.sameDiff();
        for (String p : paramNames) {
            SDVariable g = sd.getVariable(p).getGradient();
            checkArgument(g != null, "the loss does not depend on parameter %s", p);
            gradientNames.put(p, g.name());
        }
        List<String> gradientOutputs = new ArrayList<>(outputs);
        gradientOutputs.addAll(gradientNames.values());
        this.gradientOutputNames = List.copyOf(gradientOutputs);
        this.gradientRunner = new GraphRunner(() -> sd.getFunction("grad"), (ph, names) -> {
            OutAndGrad r = sd.calculateGradientsAndOutputs(ph, outputs, paramNames);
            Map<String, INDArray> m = new LinkedHashMap<>(r.getOutputs());
            r.getGradients().forEach((p, g) -> m.put(gradientNames.get(p), g));
            return m;
        });
        Map<String, INDArray> params = online.parameters();
        this.offsets = new long[paramNames.size() + 1];
        for (int i = 0; i < paramNames.size(); i++) {
            offsets[i + 1] = offsets[i] + params.get(paramNames.get(i)).length();
        }
        long total = offsets[paramNames.size()];
        long stateSize = updater.stateSize(total);
        checkArgument(stateSize % total == 0, "updater %s keeps %s state values for %s parameters; only updaters "
                + "with a whole number of state values per parameter are supported", updater, stateSize, total);
        this.stateBlocks = (int) (stateSize / total);
        DataType dt = online.dataType();
        this.flatGradient = Nd4j.create(dt, 1, total);
        this.flatState = stateSize > 0 ? Nd4j.zeros(dt, 1, stateSize) : null;
        this.flatUpdater = updater.instantiate(flatState, true); // stateless updaters (SGD) take no view
        this.gradientSlices = new INDArray[paramNames.size()];
        for (int i = 0; i < gradientSlices.length; i++) {
            gradientSlices[i] = slice(flatGradient, i, 0);
        }
    }

    /**
     * {@return a builder for a step training {@code online}}
     *
     * @param online the network to train; its graph receives the loss ops (build one step per network)
     */
    public static Builder builder(SameDiffQNetwork online) {
        return new Builder(online);
    }

    private void buildLoss() {
        SameDiff sd = online.sameDiff();
        // The loss ops and the gradient function live in the network's own graph, so one graph holds one step.
        checkArgument(!sd.hasVariable(ACTIONS), "this network's graph already holds a training step's loss; build "
                + "each further step on its own network (online.copy()) and copy parameters between them");
        DataType dt = online.dataType();
        int numActions = online.config().numActions();
        SameDiffQNetwork.Forward f = online.main();
        SDVariable actions = sd.placeHolder(ACTIONS, DataType.INT, -1);
        SDVariable actionOneHot = sd.oneHot("actionOneHot", actions, numActions).castTo(dt);
        SDVariable q = f.qValues();
        SDVariable qData = Losses.dataActionQ(q, actionOneHot);
        // The config's terms first (LossTerms.of), then the user's, all built through the same context.
        List<LossTerms.Weighted> all = new ArrayList<>(LossTerms.of(loss));
        all.addAll(extraTerms);
        LossContext context = new StepContext(f, q, qData, actionOneHot);
        List<SDVariable> terms = new ArrayList<>();
        for (LossTerms.Weighted t : all) {
            SDVariable v = t.term().build(context);
            checkArgument(v != null, "loss term '%s' built no variable", t.term().name());
            // Every term is weighted the same way; the TD term's weight is 1 (paper Eq. 1), and x * 1 is exactly x.
            terms.add(v.mul(t.weight()).rename("loss/" + t.term().name()));
        }
        SDVariable total = terms.get(0);
        for (int i = 1; i < terms.size(); i++) {
            total = total.add(terms.get(i));
        }
        if (terms.size() == 1) {
            // Renaming the only term itself would leave its own metric (loss/td, loss/bc) pointing at nothing.
            total = total.mul(1.0);
        }
        total = total.rename(LOSS_TOTAL);
        q.mean().rename(Q_MEAN);
        qData.mean().rename(Q_DATA);
        outputs.add(LOSS_TOTAL);
        for (SDVariable t : terms) {
            outputs.add(t.name());
        }
        outputs.add(Q_MEAN);
        outputs.add(Q_DATA);
        Quiet.createGradFunction(sd, LOSS_TOTAL);
    }

    /** What the terms build on: this step's forward pass and batch placeholders. */
    private final class StepContext implements LossContext {
        private final SameDiffQNetwork.Forward forward;
        private final SDVariable q;
        private final SDVariable qData;
        private final SDVariable actionOneHot;
        private SDVariable nextFeatures;

        StepContext(SameDiffQNetwork.Forward forward, SDVariable q, SDVariable qData, SDVariable actionOneHot) {
            this.forward = forward;
            this.q = q;
            this.qData = qData;
            this.actionOneHot = actionOneHot;
        }

        @Override
        public SameDiff sameDiff() {
            return online.sameDiff();
        }

        @Override
        public SDVariable qValues() {
            return q;
        }

        @Override
        public SDVariable dataActionQ() {
            return qData;
        }

        @Override
        public SDVariable actionOneHot() {
            return actionOneHot;
        }

        @Override
        public SDVariable features() {
            return forward.features();
        }

        @Override
        public SDVariable logProbs() {
            if (forward.logProbs() == null) {
                throw new IllegalStateException("logProbs() needs C51 heads; this network's heads are "
                        + online.config().head());
            }
            return forward.logProbs();
        }

        @Override
        public SDVariable scalarTargets() {
            scalarTargetsRequested = true;
            SameDiff sd = online.sameDiff();
            return sd.hasVariable(TD_TARGETS) ? sd.getVariable(TD_TARGETS) : sd.placeHolder(TD_TARGETS, online.dataType(), -1);
        }

        @Override
        public SDVariable categoricalTargets() {
            categoricalTargetsRequested = true;
            return targetDistributions(TARGET_PROBS);
        }

        @Override
        public SDVariable hlGaussTargets() {
            hlGaussTargetsRequested = true;
            return targetDistributions(HL_GAUSS_TARGETS);
        }

        private SDVariable targetDistributions(String name) {
            if (numAtoms == 0) {
                throw new IllegalStateException("target distributions need C51 heads; this network's heads are "
                        + online.config().head());
            }
            SameDiff sd = online.sameDiff();
            return sd.hasVariable(name) ? sd.getVariable(name) : sd.placeHolder(name, online.dataType(), -1, numAtoms);
        }

        @Override
        public SDVariable nextFeatures() {
            if (nextFeatures == null) {
                nextObservationsRequested = true;
                int[] s = online.config().observationShape();
                SDVariable next = online.sameDiff().placeHolder(NEXT_OBSERVATIONS, online.dataType(), -1, s[0], s[1],
                        s[2]);
                nextFeatures = online.forward(next, online.taskOneHot()).features();
            }
            return nextFeatures;
        }

        @Override
        public SDVariable input(String name, DataType type, long[] shape,
                java.util.function.Function<TransitionBatch, INDArray> feed) {
            Objects.requireNonNull(feed, "feed");
            checkArgument(name != null && !online.sameDiff().hasVariable(name),
                    "input name '%s' is already a variable of the step's graph; choose another", name);
            extraInputs.put(name, feed);
            return online.sameDiff().placeHolder(name, type, shape);
        }

        @Override
        public int numActions() {
            return online.config().numActions();
        }

        @Override
        public int numGames() {
            return online.config().numGames();
        }
    }

    @Override
    public StepResult step(TransitionBatch batch) {
        Gradients g = gradients(batch, false);
        if (g.gradients().isEmpty()) {
            return skip(g.metrics());
        }
        return apply(g);
    }

    /**
     * Takes one training step like {@link #step} and times its parts, for finding where a step's time goes
     * (docs/performance.md, {@code ./scaledql bench --profile}). Keys, in milliseconds: {@code step} (the whole
     * step), {@code inputs} (bootstrap targets from the target network, the C51 projection, the batch's
     * conversion), {@code gradients} (the compiled gradient graph, timed op by op: the ops' times add up to about
     * this), {@code update} (gradient copy, norm, Adam, parameter update), then one {@code op <label>} entry per op
     * type of the gradient graph, largest first. Timing every op adds a little to {@code gradients}. Until the
     * gradient graph is compiled (its second call) the op entries are missing.
     *
     * @param batch   the minibatch
     * @param byShape whether op labels name each op's input shapes too
     * @return part or op label to milliseconds
     */
    public Map<String, Double> profile(TransitionBatch batch, boolean byShape) {
        long t0 = System.nanoTime();
        Map<String, INDArray> ph = placeholders(batch);
        long t1 = System.nanoTime();
        GraphRunner.Profiled profiled = gradientRunner.profile(ph, gradientOutputNames, byShape);
        long t2 = System.nanoTime();
        Gradients g = collect(profiled.outputs(), false);
        long t3 = System.nanoTime();
        if (g.gradients().isEmpty()) {
            skip(g.metrics());
        } else {
            apply(g);
        }
        long t4 = System.nanoTime();
        Map<String, Double> ms = new LinkedHashMap<>();
        ms.put("step", (t4 - t0) / 1e6);
        ms.put("inputs", (t1 - t0) / 1e6);
        ms.put("gradients", (t2 - t1) / 1e6);
        ms.put("update", (t4 - t3) / 1e6);
        profiled.opMillis().forEach((k, v) -> ms.put("op " + k, v));
        return ms;
    }

    @Override
    public Gradients computeGradients(TransitionBatch batch) {
        return gradients(batch, true);
    }

    /**
     * The losses and gradients of one batch; without {@code copy}, the gradient arrays belong to the compiled
     * graph and are only valid until its next run (enough for {@link #step}).
     */
    private Gradients gradients(TransitionBatch batch, boolean copy) {
        return collect(gradientRunner.run(placeholders(batch), gradientOutputNames), copy);
    }

    /** The losses and gradients among a gradient-graph run's outputs {@code r}; see {@link #gradients}. */
    private Gradients collect(Map<String, INDArray> r, boolean copy) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        List<String> bad = new ArrayList<>();
        for (String o : outputs) {
            INDArray value = r.get(o);
            if (value.length() != 1) {
                // Name the term, not the total it broadcast into.
                String culprit = outputs.stream().filter(n -> !n.equals(LOSS_TOTAL) && r.get(n).length() != 1)
                        .findFirst().orElse(o);
                throw new IllegalStateException(culprit + " must be a scalar; its term built an array of shape "
                        + java.util.Arrays.toString(r.get(culprit).shape()) + " (reduce it, e.g. with mean())");
            }
            double v = value.getDouble(0);
            metrics.put(o, v);
            if (!Double.isFinite(v)) {
                bad.add(o + "=" + v);
            }
        }
        if (!bad.isEmpty()) {
            failOrSkip(bad);
            return new Gradients(Map.of(), metrics);
        }
        Map<String, INDArray> grads = new LinkedHashMap<>();
        for (String p : paramNames) {
            INDArray g = r.get(gradientNames.get(p));
            grads.put(p, copy ? g.dup() : g);
        }
        return new Gradients(grads, metrics);
    }

    /** Throws under {@link NonFinitePolicy#FAIL}; returns (the caller skips the update) under SKIP. */
    private void failOrSkip(List<String> bad) {
        if (nonFinite == NonFinitePolicy.FAIL) {
            throw new IllegalStateException("non-finite training terms at step " + (step + 1) + ": "
                    + String.join(", ", bad) + " (parameters unchanged; NonFinitePolicy.SKIP skips such steps)");
        }
    }

    /** Counts a step without an update (non-finite terms under SKIP); also used by the data-parallel step. */
    StepResult skip(Map<String, Double> metrics) {
        step++;
        maybeSyncTarget();
        return new StepResult(step, metrics, true);
    }

    @Override
    public StepResult applyGradients(Gradients g) {
        checkArgument(g.gradients().keySet().containsAll(paramNames),
                "gradients must cover every trainable parameter; missing %s", missing(g));
        List<String> givenFrozen = new ArrayList<>(frozenNames);
        givenFrozen.retainAll(g.gradients().keySet());
        checkArgument(givenFrozen.isEmpty(), "gradients were given for frozen parameters %s; frozen parameters take "
                + "no update, so leave them out of the gradients (computeGradients does)", givenFrozen);
        Map<String, INDArray> params = online.parameters();
        for (String p : paramNames) {
            checkArgument(g.gradients().get(p).length() == params.get(p).length(),
                    "gradient of %s has %s values; the parameter has %s", p, g.gradients().get(p).length(),
                    params.get(p).length());
        }
        return apply(g);
    }

    private StepResult apply(Gradients g) {
        Map<String, Double> metrics = new LinkedHashMap<>(g.metrics());
        for (int i = 0; i < paramNames.size(); i++) {
            gradientSlices[i].assign(g.gradients().get(paramNames.get(i)).reshape(1, offsets[i + 1] - offsets[i]));
        }
        // The global norm is computed once per step, here: clipping needs the gradients as finally given.
        double norm = globalNorm(flatGradient);
        metrics.put(GRAD_NORM, norm);
        if (!Double.isFinite(norm)) {
            failOrSkip(List.of(GRAD_NORM + "=" + norm));
            return skip(metrics);
        }
        if (maxGradNorm > 0 && norm > maxGradNorm) {
            flatGradient.muli(maxGradNorm / norm);
        }
        flatUpdater.applyUpdater(flatGradient, (int) step, 0);
        Map<String, INDArray> params = online.parameters();
        for (int i = 0; i < paramNames.size(); i++) {
            INDArray param = params.get(paramNames.get(i));
            if (updateScales != null && updateScales[i] != 1.0) {
                gradientSlices[i].muli(updateScales[i]);
            }
            param.subi(gradientSlices[i].reshape(param.shape()));
        }
        step++;
        maybeSyncTarget();
        return new StepResult(step, metrics, false);
    }

    /**
     * The L2 norm of the flat gradient. BLAS's dot product is 9x faster than libnd4j's {@code norm2} on 1.6M
     * floats (0.25 against 2.2 ms on one thread) and closer to the exact value (relative error 1e-6 against 2e-4,
     * measured against a double-precision norm).
     */
    private static double globalNorm(INDArray flat) {
        if (flat.dataType() == DataType.FLOAT || flat.dataType() == DataType.DOUBLE) {
            return Math.sqrt(Nd4j.getBlasWrapper().dot(flat, flat));
        }
        return flat.norm2Number().doubleValue();
    }

    /**
     * Trainable parameter {@code i}'s part of block {@code block} of a flat vector (gradient or state), as a
     * {@code [1, n]} view sharing the flat vector's buffer.
     */
    private INDArray slice(INDArray flat, int i, int block) {
        long n = offsets[i + 1] - offsets[i];
        long offset = block * offsets[paramNames.size()] + offsets[i];
        return Nd4j.create(flat.data(), new long[] {1, n}, new long[] {n, 1}, offset, 'c');
    }

    private List<String> missing(Gradients g) {
        List<String> m = new ArrayList<>(paramNames);
        m.removeAll(g.gradients().keySet());
        return m;
    }

    private void maybeSyncTarget() {
        if (targetUpdatePeriod > 0 && step % targetUpdatePeriod == 0) {
            syncTarget();
        }
    }

    /**
     * The placeholder values for {@code batch}, including the off-tape bootstrap target. Raw uint8 observations
     * are scaled to the network's type first ({@link #networkInputs}), so everything below sees float inputs.
     */
    Map<String, INDArray> placeholders(TransitionBatch raw) {
        TransitionBatch batch = networkInputs(raw);
        int[] s = online.config().observationShape();
        checkArgument(batch.observations().size(1) == s[0] && batch.observations().size(2) == s[1]
                        && batch.observations().size(3) == s[2],
                "batch observations must be [B, %s, %s, %s] for this network; got %s", s[0], s[1], s[2],
                java.util.Arrays.toString(batch.observations().shape()));
        Map<String, INDArray> ph = online.inputs(batch.observations(), batch.taskIds());
        ph.put(ACTIONS, batch.actions().dataType() == DataType.INT ? batch.actions() : batch.actions().castTo(DataType.INT));
        DataType dt = online.dataType();
        // The scalar targets take a forward pass of the target network: compute them once for everything using them.
        float[] y = scalarTargetsRequested || hlGaussTargetsRequested ? targets.scalar(target, online, batch) : null;
        if (hlGaussTargetsRequested) {
            ph.put(HL_GAUSS_TARGETS, Nd4j.createFromArray(targets.hlGauss(y)).reshape(batch.size(), numAtoms).castTo(dt));
        }
        if (categoricalTargetsRequested) {
            float[] probs = targets.categorical(target, online, batch);
            ph.put(TARGET_PROBS, Nd4j.createFromArray(probs).reshape(batch.size(), numAtoms).castTo(dt));
        }
        if (scalarTargetsRequested) {
            ph.put(TD_TARGETS, Nd4j.createFromArray(y).castTo(dt));
        }
        if (nextObservationsRequested) {
            ph.put(NEXT_OBSERVATIONS, batch.nextObservations().castTo(dt));
        }
        for (var e : extraInputs.entrySet()) {
            INDArray v = e.getValue().apply(batch);
            checkArgument(v != null, "the feed of input '%s' returned null", e.getKey());
            ph.put(e.getKey(), v);
        }
        return ph;
    }

    /**
     * {@code batch} with observations as network inputs ({@link TransitionBatch#scaledTo}), written into two
     * float buffers this step keeps for the batch shape instead of two fresh 3.6 MB arrays per Atari step: a cast
     * ({@code assign}) and a scale ({@code muli}), both native, give the float32 values
     * {@link TransitionBatch#observationsAs} defines. The buffers are overwritten by the next step's batch;
     * nothing this step returns refers to them.
     */
    private TransitionBatch networkInputs(TransitionBatch batch) {
        if (!batch.rawObservations() && batch.observationScale() == 1f) {
            return batch; // already network inputs, as before raw batches existed
        }
        if (!batch.rawObservations() || online.dataType() != DataType.FLOAT) {
            return batch.scaledTo(online.dataType()); // rare combinations: allocate
        }
        if (inputBuffers == null || !java.util.Arrays.equals(inputBuffers[0].shape(), batch.observations().shape())) {
            inputBuffers = new INDArray[] {Nd4j.createUninitialized(DataType.FLOAT, batch.observations().shape()),
                    Nd4j.createUninitialized(DataType.FLOAT, batch.observations().shape())};
        }
        INDArray obs = inputBuffers[0].assign(batch.observations());
        INDArray next = inputBuffers[1].assign(batch.nextObservations());
        if (batch.observationScale() != 1f) {
            obs.muli(batch.observationScale());
            next.muli(batch.observationScale());
        }
        return new TransitionBatch(obs, batch.actions(), batch.rewards(), batch.discounts(), next, batch.taskIds(), 1f);
    }

    @Override
    public SameDiffQNetwork online() {
        return online;
    }

    @Override
    public SameDiffQNetwork target() {
        return target;
    }

    @Override
    public void syncTarget() {
        target.copyParamsFrom(online);
    }

    @Override
    public long stepCount() {
        return step;
    }

    /** {@return the loss configuration} */
    public LossConfig lossConfig() {
        return loss;
    }

    /**
     * Names of the parameters the optimizer updates, in network order.
     *
     * @return the names
     */
    public List<String> trainableParameters() {
        return java.util.Collections.unmodifiableList(paramNames);
    }

    /**
     * Names of the frozen parameters (no gradient, no update, no optimizer state), in network order.
     *
     * @return the names
     */
    public List<String> frozenParameters() {
        return java.util.Collections.unmodifiableList(frozenNames);
    }

    @Override
    public TrainingState state() {
        return new TrainingState(step, copies(online.parameters()), copies(target.parameters()), optimizerState());
    }

    /**
     * The optimizer state per trainable parameter, in the layout a per-parameter ND4J updater keeps it
     * ({@code [1, blocks * n]}: e.g. Adam's first then second moments), so checkpoints do not depend on the
     * flat layout used while training.
     */
    private Map<String, INDArray> optimizerState() {
        Map<String, INDArray> m = new LinkedHashMap<>();
        if (flatState == null) {
            return m;
        }
        for (int i = 0; i < paramNames.size(); i++) {
            INDArray[] blocks = new INDArray[stateBlocks];
            for (int b = 0; b < stateBlocks; b++) {
                blocks[b] = slice(flatState, i, b);
            }
            m.put(paramNames.get(i), Nd4j.hstack(blocks));
        }
        return m;
    }

    @Override
    public void restore(TrainingState s) {
        assign(online.parameters(), s.online(), "online");
        assign(target.parameters(), s.target(), "target");
        // Validated against this step's per-parameter layout, then scattered straight into the flat state.
        Map<String, INDArray> given = s.optimizer();
        checkSameLayout(optimizerState(), given, "optimizer");
        for (int i = 0; i < paramNames.size(); i++) {
            INDArray perParam = given.get(paramNames.get(i));
            long n = offsets[i + 1] - offsets[i];
            for (int b = 0; b < stateBlocks; b++) {
                slice(flatState, i, b).assign(perParam.get(NDArrayIndex.point(0), NDArrayIndex.interval(b * n, (b + 1) * n)));
            }
        }
        step = s.step();
    }

    private static Map<String, INDArray> copies(Map<String, INDArray> m) {
        Map<String, INDArray> c = new LinkedHashMap<>();
        m.forEach((k, v) -> c.put(k, v.dup()));
        return c;
    }

    private static void assign(Map<String, INDArray> into, Map<String, INDArray> from, String what) {
        checkSameLayout(into, from, what);
        into.forEach((name, array) -> array.assign(from.get(name)));
    }

    /** Checks that {@code from} has exactly the names and shapes of {@code into}, naming what differs. */
    private static void checkSameLayout(Map<String, INDArray> into, Map<String, INDArray> from, String what) {
        checkArgument(into.keySet().equals(from.keySet()),
                "%s state names differ from this step's: expected %s, got %s", what, into.keySet(), from.keySet());
        for (Map.Entry<String, INDArray> e : into.entrySet()) {
            INDArray src = from.get(e.getKey());
            checkArgument(java.util.Arrays.equals(src.shape(), e.getValue().shape()),
                    "%s state %s has shape %s, expected %s", what, e.getKey(), java.util.Arrays.toString(src.shape()),
                    java.util.Arrays.toString(e.getValue().shape()));
        }
    }

    /** Builds a {@link ScaledQlTrainStep}; every setter is optional. */
    public static final class Builder {
        private final SameDiffQNetwork online;
        private SameDiffQNetwork target;
        private LossConfig loss = LossConfig.scaledQl();
        private IUpdater updater = defaultUpdater();
        private double maxGradNorm = 0;
        private long targetUpdatePeriod = 2000;
        private NonFinitePolicy nonFinite = NonFinitePolicy.FAIL;
        private Predicate<String> frozen = name -> false;
        private Predicate<String> scaledParameters = name -> false;
        private double learningRateScale = 1.0;
        private final List<LossTerms.Weighted> extraTerms = new ArrayList<>();

        private Builder(SameDiffQNetwork online) {
            this.online = Objects.requireNonNull(online, "online");
        }

        /**
         * {@return the default optimizer: Adam with lr 6.25e-5 and eps 3.125e-4 (= 0.01 / 32), the authors'
         * offline-RL CQL config (Dopamine labs {@code jax_classy_cql.gin}); betas 0.9 and 0.999}
         */
        public static IUpdater defaultUpdater() {
            return new Adam(6.25e-5, 0.9, 0.999, 3.125e-4);
        }

        /**
         * The target network (default: a copy of the online network).
         *
         * @param t the target network
         * @return this builder
         */
        public Builder target(SameDiffQNetwork t) {
            this.target = t;
            return this;
        }

        /**
         * The objective (default {@link LossConfig#scaledQl()}).
         *
         * @param l the objective
         * @return this builder
         */
        public Builder loss(LossConfig l) {
            this.loss = Objects.requireNonNull(l, "loss");
            return this;
        }

        /**
         * Any ND4J updater config (default {@link #defaultUpdater()}).
         *
         * @param u the updater config
         * @return this builder
         */
        public Builder updater(IUpdater u) {
            this.updater = Objects.requireNonNull(u, "updater");
            return this;
        }

        /**
         * Clip gradients to this global L2 norm; 0 disables clipping (default).
         *
         * @param max the norm; 0 for no clipping
         * @return this builder
         */
        public Builder maxGradNorm(double max) {
            checkArgument(max >= 0 && Double.isFinite(max), "maxGradNorm must be >= 0; got %s", max);
            this.maxGradNorm = max;
            return this;
        }

        /**
         * Copy online parameters into the target every this many steps; 0 for manual sync only (default
         * 2000, the authors' offline CQL config).
         *
         * @param period steps between syncs; 0 for manual only
         * @return this builder
         */
        public Builder targetUpdatePeriod(long period) {
            checkArgument(period >= 0, "targetUpdatePeriod must be >= 0; got %s", period);
            this.targetUpdatePeriod = period;
            return this;
        }

        /**
         * What to do with non-finite losses or gradients (default FAIL).
         *
         * @param p what to do with non-finite losses or gradients
         * @return this builder
         */
        public Builder nonFinite(NonFinitePolicy p) {
            this.nonFinite = Objects.requireNonNull(p, "nonFinite");
            return this;
        }

        /**
         * Parameters to keep fixed (default none): those whose name (as in {@code online.parameters()}, e.g.
         * {@code encoder/stem/conv/w}) the predicate accepts get no gradient computation, no optimizer update and
         * no optimizer state. At least one parameter must stay trainable.
         *
         * @param parameterName accepts the parameters to freeze
         * @return this builder
         */
        public Builder frozen(Predicate<String> parameterName) {
            this.frozen = Objects.requireNonNull(parameterName, "frozen");
            return this;
        }

        /**
         * Multiplies the learning rate of the parameters whose name the predicate accepts by {@code scale}
         * (default: none scaled). With Adam this is exactly a second Adam at the scaled rate for those parameters,
         * since Adam's update is linear in its rate; gradient clipping still acts on the global norm of all
         * gradients, before scaling.
         *
         * @param parameterName accepts the parameters to scale
         * @param scale         the multiplier, positive
         * @return this builder
         */
        public Builder learningRateScale(Predicate<String> parameterName, double scale) {
            checkArgument(scale > 0 && Double.isFinite(scale), "learning-rate scale must be > 0; got %s", scale);
            this.scaledParameters = Objects.requireNonNull(parameterName, "parameterName");
            this.learningRateScale = scale;
            return this;
        }

        /**
         * Adam, its schedule, clipping and the head learning-rate scale of a run config:
         * {@link OptimizerConfig#toUpdater(long)}, {@link #maxGradNorm} and {@link #learningRateScale} on the
         * parameters named {@code heads/...}.
         *
         * @param config     the run's optimizer settings
         * @param totalSteps the run's length, which the learning-rate schedule spans
         * @return this builder
         */
        public Builder optimizer(OptimizerConfig config, long totalSteps) {
            return updater(config.toUpdater(totalSteps)).maxGradNorm(config.maxGradNorm())
                    .learningRateScale(name -> name.startsWith(HEAD_PREFIX), config.headLearningRateScale());
        }

        /**
         * Adds {@code weight * term} to the objective, after the terms of the {@link LossConfig}, reported as the
         * metric {@code loss/NAME} (weighted). The term's ops join the step's graph: no second forward or
         * backward pass.
         *
         * @param term   the term
         * @param weight its weight, finite and positive
         * @return this builder
         * @throws IllegalArgumentException if the name is malformed, built in or already added, or the weight is
         *                                  not finite
         */
        public Builder addLossTerm(LossTerm term, double weight) {
            Objects.requireNonNull(term, "term");
            String name = term.name();
            checkArgument(name != null && name.matches("[a-z0-9_]+"),
                    "a loss term's name must be lower-case letters, digits and underscores; got '%s'", name);
            checkArgument(!BUILT_IN_TERMS.contains(name), "loss term name '%s' is taken by a built-in term %s", name,
                    BUILT_IN_TERMS);
            checkArgument(extraTerms.stream().noneMatch(t -> t.term().name().equals(name)),
                    "a loss term named '%s' was already added", name);
            checkArgument(Double.isFinite(weight), "the weight of loss term '%s' must be finite; got %s", name, weight);
            extraTerms.add(new LossTerms.Weighted(term, weight));
            return this;
        }

        /** A builder with this one's settings for another network and target (a data-parallel replica). */
        Builder forReplica(SameDiffQNetwork replicaOnline, SameDiffQNetwork replicaTarget) {
            Builder b = new Builder(replicaOnline);
            b.target = replicaTarget;
            b.loss = loss;
            b.updater = updater;
            b.maxGradNorm = maxGradNorm;
            b.targetUpdatePeriod = targetUpdatePeriod;
            b.nonFinite = nonFinite;
            b.frozen = frozen;
            b.scaledParameters = scaledParameters;
            b.learningRateScale = learningRateScale;
            b.extraTerms.addAll(extraTerms);
            return b;
        }

        /**
         * Adds the loss ops to the online graph and returns the step.
         *
         * @return the step
         */
        public ScaledQlTrainStep build() {
            return new ScaledQlTrainStep(this);
        }
    }
}
