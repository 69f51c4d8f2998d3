package org.scaledql.core.learn;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.scaledql.core.runtime.GraphRunner;
import org.scaledql.core.runtime.Quiet;

/**
 * Adam on a SameDiff graph's scalar loss, for models trained outside the Scaled QL step (masked-autoencoder
 * pre-training, the Decision Transformer): builds the graph's gradient function once, runs it through a
 * {@link GraphRunner} (compiled), and updates the parameters with Adam. The gradients are copied into one flat
 * buffer allocated once (a step allocates no parameter-sized arrays) and Adam runs once over it: Adam is elementwise,
 * so this is the same update, bit for bit, as one Adam per parameter, without a native call per parameter array.
 */
public final class AdamGraphStep {

    private final String loss;
    private final String label;
    private final List<String> trained = new ArrayList<>();
    private final Map<String, INDArray> values = new LinkedHashMap<>();
    private final Map<String, String> gradientNames = new LinkedHashMap<>();
    private final Map<String, INDArray> gradientViews = new LinkedHashMap<>();
    private final INDArray flatGradients;
    private final GradientUpdater<?> adam;
    private final List<String> outputs = new ArrayList<>();
    private final GraphRunner runner;
    private long steps;

    /**
     * Builds {@code sd}'s gradient function for {@code loss}.
     *
     * @param sd               the graph
     * @param loss             the scalar loss variable
     * @param parameters       candidate parameters by name (live arrays of {@code sd}'s variables)
     * @param requireGradients whether every candidate must have a gradient (otherwise those without one, which the
     *                         loss does not depend on, are left out and keep their values)
     * @param extraOutputs     further variables each step returns beside the loss
     * @param learningRate     Adam's learning rate
     * @param label            names the model in error messages
     * @throws IllegalArgumentException if {@code requireGradients} and the loss does not depend on a parameter
     */
    public AdamGraphStep(SameDiff sd, String loss, Map<String, INDArray> parameters, boolean requireGradients,
            List<String> extraOutputs, double learningRate, String label) {
        this.loss = Objects.requireNonNull(loss, "loss");
        this.label = Objects.requireNonNull(label, "label");
        Quiet.createGradFunction(sd, loss);
        List<String> returned = new ArrayList<>();
        returned.add(loss);
        returned.addAll(extraOutputs);
        outputs.addAll(returned);
        for (Map.Entry<String, INDArray> e : parameters.entrySet()) {
            SDVariable g = sd.getVariable(e.getKey()).getGradient();
            checkArgument(g != null || !requireGradients, "the %s loss does not depend on parameter %s", label,
                    e.getKey());
            if (g == null) {
                continue;
            }
            INDArray p = e.getValue();
            trained.add(e.getKey());
            values.put(e.getKey(), p);
            gradientNames.put(e.getKey(), g.name());
            outputs.add(g.name());
        }
        long total = trained.stream().mapToLong(n -> values.get(n).length()).sum();
        checkArgument(total > 0, "the %s loss depends on no parameter", label);
        DataType type = values.get(trained.get(0)).dataType();
        flatGradients = Nd4j.create(type, 1, total);
        long offset = 0;
        for (String n : trained) {
            INDArray p = values.get(n);
            checkArgument(p.dataType() == type, "parameter %s is %s; the others are %s", n, p.dataType(), type);
            gradientViews.put(n, flatGradients.get(NDArrayIndex.point(0), NDArrayIndex.interval(offset,
                    offset + p.length())).reshape(p.shape()));
            offset += p.length();
        }
        adam = new Adam(learningRate).instantiate(Nd4j.zeros(type, 1, 2 * total), true);
        runner = new GraphRunner(() -> sd.getFunction("grad"), (ph, names) -> {
            OutAndGrad r = sd.calculateGradientsAndOutputs(ph, returned, trained);
            Map<String, INDArray> m = new LinkedHashMap<>(r.getOutputs());
            r.getGradients().forEach((p, gr) -> m.put(gradientNames.get(p), gr));
            return m;
        });
    }

    /**
     * One step: the loss, the extra outputs and the gradients for these placeholders, then an Adam update of every
     * trained parameter.
     *
     * @param placeholders the graph's inputs
     * @return the loss and the extra outputs by name, computed before the update; the arrays belong to the compiled
     *         graph and are valid until the next step
     * @throws IllegalArgumentException if the loss is not finite (parameters unchanged)
     */
    public Map<String, INDArray> step(Map<String, INDArray> placeholders) {
        Map<String, INDArray> r = runner.run(placeholders, outputs);
        update(r);
        return r;
    }

    /**
     * {@link #step} with its parts timed: {@code step}, {@code gradients} (the compiled gradient graph) and {@code
     * update} (Adam), then each of the gradient graph's ops as {@code op LABEL} (with input shapes when {@code
     * byShape}; none until the graph is compiled, after the first steps), in milliseconds.
     *
     * @param placeholders the graph's inputs
     * @param byShape      whether op labels name each op's input shapes too
     * @return part or op label to milliseconds
     */
    public Map<String, Double> profile(Map<String, INDArray> placeholders, boolean byShape) {
        long t0 = System.nanoTime();
        GraphRunner.Profiled profiled = runner.profile(placeholders, outputs, byShape);
        long t1 = System.nanoTime();
        update(profiled.outputs());
        long t2 = System.nanoTime();
        Map<String, Double> ms = new LinkedHashMap<>();
        ms.put("step", (t2 - t0) / 1e6);
        ms.put("gradients", (t1 - t0) / 1e6);
        ms.put("update", (t2 - t1) / 1e6);
        profiled.opMillis().forEach((k, v) -> ms.put("op " + k, v));
        return ms;
    }

    /** Checks the loss of a gradient-graph run {@code r} and applies Adam to every trained parameter. */
    private void update(Map<String, INDArray> r) {
        double value = r.get(loss).getDouble(0);
        checkArgument(Double.isFinite(value), "%s loss is %s at step %s", label, value, steps + 1);
        for (String p : trained) {
            gradientViews.get(p).assign(r.get(gradientNames.get(p)));
        }
        adam.applyUpdater(flatGradients, (int) steps, 0);
        for (String p : trained) {
            values.get(p).subi(gradientViews.get(p));
        }
        steps++;
    }

    /** {@return the trained parameters' names, in the given order} */
    public List<String> trained() {
        return List.copyOf(trained);
    }

    /** {@return steps done} */
    public long steps() {
        return steps;
    }
}
