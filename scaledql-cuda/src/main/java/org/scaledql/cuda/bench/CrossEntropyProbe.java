package org.scaledql.cuda.bench;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.scaledql.api.nn.HeadConfig;
import org.scaledql.core.runtime.Quiet;
import org.scaledql.core.nn.SameDiffQNetwork;

/**
 * A C51-shaped training step on a network, built from plain SameDiff gradients so that it does not depend on
 * the learner ({@code org.scaledql.core.learn}): the loss is the cross-entropy between a fed target
 * distribution {@code [B, A, N]} and the network's per-action atom log-probabilities,
 * {@code loss = -mean_b sum_{a,n} target[b,a,n] * logProbs[b,a,n]}. It exercises every op of a real C51 step
 * (encoder, group norm, spatial embedding, feature norm, per-game heads, log-softmax) and their gradients.
 * Used by the GPU/CPU parity tests and by {@link StepBenchmark}.
 */
public final class CrossEntropyProbe {

    /** Placeholder name of the target distribution {@code [B, A, N]}. */
    public static final String TARGET = "probeTarget";
    /** Name of the scalar loss. */
    public static final String LOSS = "probeLoss";

    private final SameDiffQNetwork net;
    private final List<String> parameterNames;

    /** Adds the loss to {@code net}'s graph and builds its gradient function (once per network). */
    public CrossEntropyProbe(SameDiffQNetwork net) {
        checkArgument(net.config().head() instanceof HeadConfig.C51,
                "the cross-entropy probe needs a C51 head; got %s. Build the network with HeadConfig.c51().", net.config().head());
        this.net = net;
        SameDiff sd = net.sameDiff();
        int atoms = ((HeadConfig.C51) net.config().head()).support().numAtoms();
        SDVariable target = sd.placeHolder(TARGET, net.dataType(), -1, net.config().numActions(), atoms);
        target.mul(net.main().logProbs()).sum(1, 2).mean().neg().rename(LOSS);
        Quiet.createGradFunction(sd, LOSS);
        this.parameterNames = new ArrayList<>(net.parameters().keySet());
    }

    /** The network. */
    public SameDiffQNetwork network() {
        return net;
    }

    /** The placeholder map for a batch. */
    public Map<String, INDArray> inputs(INDArray obs, INDArray taskIds, INDArray target) {
        Map<String, INDArray> m = new LinkedHashMap<>(net.inputs(obs, taskIds));
        m.put(TARGET, target.dataType() == net.dataType() ? target : target.castTo(net.dataType()));
        return m;
    }

    /** The loss on a batch. */
    public double loss(Map<String, INDArray> inputs) {
        return net.sameDiff().output(inputs, LOSS).get(LOSS).getDouble(0);
    }

    /** Gradients of the loss with respect to every parameter, by name. */
    public Map<String, INDArray> gradients(Map<String, INDArray> inputs) {
        return net.sameDiff().calculateGradients(inputs, parameterNames);
    }

    /** One plain gradient-descent step: {@code p -= learningRate * grad} for every parameter. */
    public void sgdStep(Map<String, INDArray> gradients, double learningRate) {
        for (Map.Entry<String, INDArray> e : net.parameters().entrySet()) {
            e.getValue().subi(gradients.get(e.getKey()).mul(learningRate));
        }
    }

    /** Creates one ND4J Adam updater per parameter, with state arrays of the network's type. */
    public Map<String, GradientUpdater<?>> adam(double learningRate) {
        Map<String, GradientUpdater<?>> m = new LinkedHashMap<>();
        Adam adam = new Adam(learningRate);
        for (Map.Entry<String, INDArray> e : net.parameters().entrySet()) {
            long n = adam.stateSize(e.getValue().length());
            INDArray state = org.nd4j.linalg.factory.Nd4j.zeros(net.dataType(), 1, n);
            m.put(e.getKey(), adam.instantiate(state, true));
        }
        return m;
    }

    /** One Adam step: turns each gradient into an update in place and subtracts it from its parameter. */
    public void adamStep(Map<String, INDArray> gradients, Map<String, GradientUpdater<?>> updaters, int iteration) {
        for (Map.Entry<String, INDArray> e : net.parameters().entrySet()) {
            INDArray g = gradients.get(e.getKey());
            INDArray flat = g.reshape(g.length());
            updaters.get(e.getKey()).applyUpdater(flat, iteration, 0);
            e.getValue().subi(flat.reshape(e.getValue().shape()));
        }
    }

    /** The network's floating type (targets must be fed in it). */
    public DataType dataType() {
        return net.dataType();
    }
}
