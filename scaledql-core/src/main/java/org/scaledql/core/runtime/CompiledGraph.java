package org.scaledql.core.runtime;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.autodiff.samediff.internal.Variable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.BaseOp;
import org.nd4j.linalg.api.ops.BaseReduceOp;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.ReduceOp;
import org.nd4j.linalg.api.ops.ScalarOp;
import org.nd4j.linalg.api.ops.impl.shape.Reshape;
import org.nd4j.linalg.api.ops.impl.transforms.same.Identity;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Some outputs of a SameDiff graph, prepared once for fixed placeholder shapes and then run many times with
 * none of SameDiff's per-call bookkeeping.
 *
 * <p>Why: SameDiff M2.1 re-derives the whole execution on every call (dependency tracking through hash maps
 * and tries of variable names, regular expressions on names, output-shape inference and array allocation for
 * every op). For the testbed network that overhead is larger than the arithmetic itself: about 100 ms of a
 * 215 ms gradient computation, measured with JFR and an op-timing listener (docs/performance.md). A training
 * loop calls the same graph with the same shapes thousands of times, so all of that can be done once.
 *
 * <p>What compiling does: orders the ops the outputs need (depth-first from the outputs), gives each op an
 * {@link OpContext} holding its input arrays, arguments and preallocated output arrays, and assigns output
 * arrays with a static memory plan (an array whose last reader has run is reused by a later op needing the
 * same type and shape, as SameDiff's own array cache does). Running copies the placeholder values into the
 * graph's own input arrays and executes the contexts in order: the same libnd4j kernels on the same inputs as
 * SameDiff (tests compare both on random inputs), with two exceptions found by profiling: a reshape of a
 * contiguous array is a view instead of a copy, and some backward ops run as faster equivalents computing the
 * same values up to summation order: a {@code multiply_bp} with a broadcast operand as
 * {@link BroadcastMultiplyGradient} (8-30x faster), a {@code conv2d_bp} whose input gradient nobody reads
 * (the first layer) as {@link ConvWeightGradient} (1.6-2.8x faster), and a {@code conv2d_bp} that oneDNN would
 * run through its Winograd kernels as {@link ConvInputGradient} (5-10x faster on a ResNet's last stages), and
 * ReLU's backward {@code thresholdedrelu_bp} as {@link ReluGradient} (4-15x faster).
 *
 * <p>Contract: the returned arrays belong to the graph and are overwritten by the next {@link #run}; copy
 * what must be kept. Parameters are read in place (an in-place update of a parameter array is seen by the
 * next run); if a graph variable is given a different array object ({@code setArray}), {@link #isStale()}
 * turns true and the owner must compile again. Not thread-safe: one compiled graph per thread.
 *
 * <p>Supported: custom (libnd4j declarable) ops, legacy transform, scalar, pairwise, broadcast and reduce
 * ops, and identity. Graphs with control flow, views ({@code CreateView}) or in-place assignment are
 * refused at compile time with the op named, rather than run wrongly.
 */
public final class CompiledGraph {

    private final SameDiff sd;
    private final Map<String, INDArray> placeholderArrays = new LinkedHashMap<>();
    private final Map<String, INDArray> leafArrays = new LinkedHashMap<>(); // variables and constants, by identity
    private final List<Step> steps = new ArrayList<>();
    private final Map<String, INDArray> results = new LinkedHashMap<>();

    /**
     * Whether backward ops run as faster equivalents (default): {@code multiply_bp} with a broadcast operand as
     * {@link BroadcastMultiplyGradient}, {@code conv2d_bp} whose input gradient is never read as
     * {@link ConvWeightGradient}, {@code conv2d_bp} on shapes oneDNN sends to Winograd as {@link ConvInputGradient},
     * and {@code thresholdedrelu_bp} as {@link ReluGradient}. {@code -Dscaledql.gradientKernels=false} runs libnd4j's ops, for comparison.
     */
    static final boolean GRADIENT_KERNELS = Boolean.parseBoolean(System.getProperty("scaledql.gradientKernels", "true"));

    /**
     * Kernels switched off one by one, by class name ({@code -Dscaledql.disabledKernels=ConvInputGradient,ReluGradient}),
     * for measuring each one's effect (docs/performance.md).
     */
    static final Set<String> DISABLED_KERNELS = Set.of(System.getProperty("scaledql.disabledKernels", "").split(","));

    private static boolean enabled(Class<?> kernel) {
        return GRADIENT_KERNELS && !DISABLED_KERNELS.contains(kernel.getSimpleName());
    }

    private final Map<String, INDArray> scratch = new HashMap<>(); // temporaries used within one step only

    /**
     * One op, ready to execute. Legacy 2-input reduce and scalar ops re-read their second input each run. If
     * {@code kernel} is set, its calls compute the op's outputs instead of the op itself.
     */
    private record Step(DifferentialFunction op, OpContext context, INDArray[] inputs, boolean axisFromInput,
            boolean scalarFromInput, List<NativeCall> kernel, String kernelName) {
    }

    private CompiledGraph(SameDiff sd) {
        this.sd = sd;
    }

    /**
     * Compiles {@code outputs} of {@code sd} for the shapes and types of {@code placeholders}, running the graph
     * once on them (the outputs of that run are available from {@link #results()}).
     *
     * @param sd           the graph (for gradients: SameDiff's gradient function, {@code sd.getFunction("grad")})
     * @param placeholders a value for every placeholder the outputs depend on
     * @param outputs      variable names to compute
     * @return the compiled graph
     * @throws IllegalArgumentException if a placeholder is missing or an output does not exist
     * @throws UnsupportedOperationException naming the op if the graph holds an op this class cannot run
     */
    public static CompiledGraph compile(SameDiff sd, Map<String, INDArray> placeholders, List<String> outputs) {
        CompiledGraph g = new CompiledGraph(sd);
        g.build(placeholders, outputs);
        return g;
    }

    /**
     * Runs the graph on new placeholder values of the compiled shapes.
     *
     * @param placeholders placeholder name to value
     * @return output name to array; the arrays are the graph's own and are overwritten by the next run
     * @throws IllegalArgumentException if a placeholder is missing or its shape differs from the compiled one
     */
    public Map<String, INDArray> run(Map<String, INDArray> placeholders) {
        for (Map.Entry<String, INDArray> e : placeholderArrays.entrySet()) {
            INDArray given = placeholders.get(e.getKey());
            checkArgument(given != null, "no value for placeholder %s", e.getKey());
            checkArgument(Arrays.equals(given.shape(), e.getValue().shape()),
                    "placeholder %s has shape %s; this graph was compiled for %s", e.getKey(),
                    Arrays.toString(given.shape()), Arrays.toString(e.getValue().shape()));
            e.getValue().assign(given);
        }
        for (Step s : steps) {
            execute(s);
        }
        return results();
    }

    /**
     * Runs like {@link #run} and times every op: milliseconds per op type (libnd4j op name, and the replacing
     * kernel's class in brackets), largest first, for finding where a step's time goes (docs/performance.md).
     *
     * @param placeholders placeholder name to value
     * @return op type to milliseconds
     */
    public Map<String, Double> profile(Map<String, INDArray> placeholders) {
        return profile(placeholders, false);
    }

    /**
     * Like {@link #profile(Map)}, optionally with each op's input shapes in its label (one row per op type and
     * shapes).
     *
     * @param placeholders placeholder name to value
     * @param byShape      whether labels name the input shapes too
     * @return label to milliseconds, largest first
     */
    public Map<String, Double> profile(Map<String, INDArray> placeholders, boolean byShape) {
        Map<String, INDArray> unused = run(placeholders); // warm: the timed run below measures a steady state
        return profileRun(placeholders, byShape);
    }

    /**
     * One {@link #run} with every op timed, without a warm-up run first; its outputs are then in {@link #results()}.
     *
     * @param placeholders placeholder name to value
     * @param byShape      whether labels name the input shapes too
     * @return label to milliseconds, largest first
     */
    public Map<String, Double> profileRun(Map<String, INDArray> placeholders, boolean byShape) {
        for (Map.Entry<String, INDArray> e : placeholderArrays.entrySet()) {
            INDArray given = placeholders.get(e.getKey());
            checkArgument(given != null && Arrays.equals(given.shape(), e.getValue().shape()),
                    "placeholder %s is missing or has another shape than this graph was compiled for", e.getKey());
            e.getValue().assign(given);
        }
        Map<String, Double> ms = new HashMap<>();
        for (Step s : steps) {
            long t0 = System.nanoTime();
            execute(s);
            String label = s.kernel() == null ? s.op().opName() : s.op().opName() + " (" + s.kernelName() + ")";
            if (byShape) {
                StringBuilder b = new StringBuilder(label);
                for (INDArray a : s.inputs()) {
                    b.append(' ').append(Arrays.toString(a.shape()));
                }
                label = b.toString();
            }
            ms.merge(label, (System.nanoTime() - t0) / 1e6, Double::sum);
        }
        Map<String, Double> sorted = new LinkedHashMap<>();
        ms.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /** {@return number of ops executed per run} */
    public int opCount() {
        return steps.size();
    }

    /** {@return the outputs of the latest run (the graph's own arrays)} */
    public Map<String, INDArray> results() {
        return Collections.unmodifiableMap(results);
    }

    /**
     * {@return whether {@code placeholders} have exactly the shapes and types this graph was compiled for}
     *
     * @param placeholders placeholder name to value
     */
    public boolean accepts(Map<String, INDArray> placeholders) {
        if (!placeholders.keySet().containsAll(placeholderArrays.keySet())) {
            return false;
        }
        for (Map.Entry<String, INDArray> e : placeholderArrays.entrySet()) {
            INDArray given = placeholders.get(e.getKey());
            if (given.dataType() != e.getValue().dataType() || !Arrays.equals(given.shape(), e.getValue().shape())) {
                return false;
            }
        }
        return true;
    }

    /** {@return true if a variable or constant of the graph now holds a different array object than when compiled} */
    public boolean isStale() {
        for (Map.Entry<String, INDArray> e : leafArrays.entrySet()) {
            if (sd.getArrForVarName(e.getKey()) != e.getValue()) {
                return true;
            }
        }
        return false;
    }

    private static void execute(Step s) {
        if (s.kernel() != null) {
            for (NativeCall c : s.kernel()) {
                c.run();
            }
            return;
        }
        DifferentialFunction df = s.op();
        if (s.axisFromInput()) {
            df.setDimensions(Shape.normalizeAxis(s.inputs()[0].rank(), s.inputs()[1].toIntVector()));
        }
        if (s.scalarFromInput()) {
            ((ScalarOp) df).setScalar(s.inputs()[1]);
        }
        if (df instanceof CustomOp c) {
            Nd4j.exec(c, s.context());
        } else {
            Nd4j.exec((Op) df, s.context());
        }
    }

    private void build(Map<String, INDArray> placeholders, List<String> outputs) {
        checkArgument(!outputs.isEmpty(), "no outputs requested");
        List<SameDiffOp> order = topologicalOrder(outputs);
        Map<String, String> root = new HashMap<>(); // alias (identity output) -> the array-owning variable
        Map<String, Integer> lastUse = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            SameDiffOp op = order.get(i);
            if (op.getOp() instanceof Identity || op.getOp() instanceof Reshape) { // may alias their input
                root.put(op.getOutputsOfOp().get(0), rootOf(root, op.getInputsToOp().get(0)));
            }
            for (String in : inputsOf(op)) {
                lastUse.put(rootOf(root, in), i);
            }
            for (String out : op.getOutputsOfOp()) {
                lastUse.putIfAbsent(rootOf(root, out), i); // never read: free right after the op
            }
        }
        for (String out : outputs) {
            lastUse.put(rootOf(root, out), Integer.MAX_VALUE);
        }
        Set<String> read = new HashSet<>(outputs); // variables some op or the caller reads
        order.forEach(op -> read.addAll(inputsOf(op)));

        Map<String, INDArray> values = new HashMap<>();
        Map<String, ArrayDeque<INDArray>> pool = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            SameDiffOp sdo = order.get(i);
            List<String> inNames = inputsOf(sdo);
            INDArray[] args = new INDArray[inNames.size()];
            for (int k = 0; k < args.length; k++) {
                args[k] = value(inNames.get(k), values, placeholders);
            }
            INDArray view = reshapedView(sdo, args);
            Step step = view == null ? prepare(sdo, args, pool, read) : null;
            if (view != null) {
                values.put(sdo.getOutputsOfOp().get(0), view);
            } else if (step != null) {
                execute(step);
                steps.add(step);
                for (int k = 0; k < sdo.getOutputsOfOp().size(); k++) {
                    values.put(sdo.getOutputsOfOp().get(k), step.context().getOutputArrays().get(k));
                }
            } else { // identity: the output is the input array
                values.put(sdo.getOutputsOfOp().get(0), args[0]);
            }
            Set<String> released = new HashSet<>();
            for (String v : concat(inNames, sdo.getOutputsOfOp())) {
                String r = rootOf(root, v);
                if (lastUse.getOrDefault(r, -1) == i && isArray(r) && released.add(r)) {
                    INDArray a = values.get(r);
                    pool.computeIfAbsent(key(a), x -> new ArrayDeque<>()).push(a);
                }
            }
        }
        for (String out : outputs) {
            INDArray a = values.containsKey(out) ? values.get(out) : value(out, values, placeholders);
            results.put(out, a);
        }
    }

    /**
     * For a reshape whose input can be viewed in the new shape (a C-ordered contiguous array), that view; else
     * null. libnd4j's reshape op copies, which cost 6 of 51 ms of the testbed network's gradient computation.
     * The view shares the input's buffer, so the input's array lives as long as the view is read (both have the
     * same root in the memory plan).
     */
    private static INDArray reshapedView(SameDiffOp sdo, INDArray[] args) {
        if (!(sdo.getOp() instanceof Reshape r) || args.length == 0 || args[0].isEmpty()
                || args[0].ordering() != 'c' || sdo.getOutputsOfOp().size() != 1) {
            return null;
        }
        OpContext oc = Nd4j.getExecutioner().buildContext();
        oc.setArgs(args, r.iArgs(), r.dArgs(), r.tArgs(), r.bArgs());
        List<LongShapeDescriptor> shapes = r.calculateOutputShape(oc);
        if (shapes == null || shapes.size() != 1 || shapes.get(0).dataType() != args[0].dataType()) {
            return null;
        }
        INDArray view = args[0].reshape('c', shapes.get(0).getShape());
        return sharesBuffer(view, args[0]) ? view : null;
    }

    /** Whether {@code view} reads the same memory as {@code array} (a view, not a copy). */
    static boolean sharesBuffer(INDArray view, INDArray array) {
        return view.data().address() == array.data().address() && view.offset() == array.offset();
    }

    /** The op's context with inputs, arguments and outputs set; null for an identity (no work). */
    private Step prepare(SameDiffOp sdo, INDArray[] args, Map<String, ArrayDeque<INDArray>> pool, Set<String> read) {
        DifferentialFunction df = sdo.getOp();
        String name = df.getOwnName() + " (" + df.opName() + ")";
        if (df instanceof Identity) {
            return null;
        }
        OpContext oc = Nd4j.getExecutioner().buildContext();
        List<String> outNames = sdo.getOutputsOfOp();
        if (df instanceof DynamicCustomOp c) {
            if (df instanceof org.nd4j.linalg.api.ops.impl.shape.CreateView
                    || df instanceof org.nd4j.linalg.api.ops.impl.transforms.custom.Assign) {
                throw new UnsupportedOperationException("CompiledGraph cannot run op " + name
                        + ": views and in-place assignment alias arrays across ops");
            }
            oc.setArgs(args, c.iArgs(), c.dArgs(), c.tArgs(), c.bArgs());
            List<LongShapeDescriptor> shapes = c.calculateOutputShape(oc);
            checkArgument(shapes != null && shapes.size() == outNames.size(),
                    "op %s: shape inference gave %s shapes for %s outputs", name, shapes == null ? 0 : shapes.size(),
                    outNames.size());
            for (int k = 0; k < shapes.size(); k++) {
                DataType dt = sd.getVariable(outNames.get(k)).dataType(); // SameDiff's rule: the variable's type wins
                oc.setOutputArray(k, allocate(shapes.get(k).asDataType(dt), pool));
            }
            List<NativeCall> kernel = null;
            Class<?> kernelClass = null;
            if (enabled(BroadcastMultiplyGradient.class) && "multiply_bp".equals(df.opName()) && args.length == 3) {
                kernel = BroadcastMultiplyGradient.plan(args[0], args[1], args[2], oc.getOutputArray(0),
                        oc.getOutputArray(1), this::scratch);
                kernelClass = BroadcastMultiplyGradient.class;
            } else if (enabled(ConvWeightGradient.class) && "conv2d_bp".equals(df.opName())
                    && !read.contains(outNames.get(0))) {
                kernel = ConvWeightGradient.plan(c.iArgs(), args, oc.getOutputArray(1),
                        args.length == 4 ? oc.getOutputArray(2) : null, this::scratch);
                kernelClass = ConvWeightGradient.class;
            } else if (enabled(ReluGradient.class) && "thresholdedrelu_bp".equals(df.opName())) {
                kernel = ReluGradient.plan(args, c.tArgs(), oc.getOutputArray(0), this::scratch);
                kernelClass = ReluGradient.class;
            } else if (enabled(ConvInputGradient.class) && "conv2d_bp".equals(df.opName())
                    && ConvInputGradient.winogradExpected(c.iArgs(), args)) {
                kernel = ConvInputGradient.plan(c.iArgs(), args, oc.getOutputArray(0), oc.getOutputArray(1),
                        args.length == 4 ? oc.getOutputArray(2) : null, this::scratch);
                kernelClass = ConvInputGradient.class;
            }
            return new Step(df, oc, args, false, false, kernel,
                    kernel == null ? null : kernelClass.getSimpleName());
        }
        if (!(df instanceof Op op)) {
            throw new UnsupportedOperationException("CompiledGraph cannot run op " + name + " of type "
                    + df.getClass().getName() + " (control flow or tensor-array ops)");
        }
        boolean axisArg = false;
        boolean scalarArg = false;
        if (op instanceof ReduceOp r && r.getOpType() != Op.Type.REDUCE3 && args.length == 2) {
            checkArgument(!args[1].isEmpty(), "op %s: empty reduction axes are not supported", name);
            df.setDimensions(Shape.normalizeAxis(args[0].rank(), args[1].toIntVector()));
            ((BaseReduceOp) op).setEmptyReduce(false);
            axisArg = true;
        } else if (op instanceof ScalarOp s && args.length == 2) {
            checkArgument(args[1].isScalar(), "op %s: scalar input has shape %s", name, Arrays.toString(args[1].shape()));
            s.setScalar(args[1]);
            scalarArg = true;
        }
        if (args.length > 0) {
            oc.setInputArray(0, args[0]);
            if (args.length == 2 && !axisArg) {
                oc.setInputArray(1, args[1]);
            }
        }
        List<LongShapeDescriptor> shapes = ((BaseOp) op).calculateOutputShape(oc);
        checkArgument(shapes != null && shapes.size() == 1, "op %s: shape inference failed", name);
        oc.setOutputArray(0, allocate(shapes.get(0), pool));
        return new Step(df, oc, args, axisArg, scalarArg, null, null);
    }

    private INDArray scratch(DataType dt, long[] shape) {
        return scratch.computeIfAbsent(key(dt, shape), k -> Nd4j.createUninitialized(dt, shape, 'c'));
    }

    private static INDArray allocate(LongShapeDescriptor d, Map<String, ArrayDeque<INDArray>> pool) {
        if (d.isEmpty()) {
            return Nd4j.empty(d.dataType());
        }
        ArrayDeque<INDArray> free = pool.get(key(d.dataType(), d.getShape()));
        if (free != null && !free.isEmpty()) {
            return free.pop();
        }
        return Nd4j.createUninitialized(d.dataType(), d.getShape(), 'c');
    }

    private static String key(INDArray a) {
        return key(a.dataType(), a.shape());
    }

    private static String key(DataType dt, long[] shape) {
        return dt + Arrays.toString(shape);
    }

    private boolean isArray(String var) {
        return sd.getVariable(var).getVariableType() == VariableType.ARRAY;
    }

    private static String rootOf(Map<String, String> root, String var) {
        return root.getOrDefault(var, var);
    }

    private static List<String> inputsOf(SameDiffOp op) {
        return op.getInputsToOp() == null ? List.of() : op.getInputsToOp();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> c = new ArrayList<>(a);
        c.addAll(b);
        return c;
    }

    /** The value of a placeholder, variable or constant (the first use registers it); or of an op output. */
    private INDArray value(String var, Map<String, INDArray> values, Map<String, INDArray> placeholders) {
        INDArray v = values.get(var);
        if (v != null) {
            return v;
        }
        SDVariable sv = sd.getVariable(var);
        checkArgument(sv != null, "the graph has no variable %s", var);
        switch (sv.getVariableType()) {
            case PLACEHOLDER -> {
                INDArray given = placeholders.get(var);
                checkArgument(given != null, "no value for placeholder %s", var);
                v = given.dup('c');
                placeholderArrays.put(var, v);
            }
            case VARIABLE, CONSTANT -> {
                v = sd.getArrForVarName(var);
                checkArgument(v != null, "variable %s has no array", var);
                leafArrays.put(var, v);
            }
            default -> throw new IllegalArgumentException("variable " + var + " of type " + sv.getVariableType()
                    + " is neither an op output nor an input");
        }
        values.put(var, v);
        return v;
    }

    /** The ops the outputs depend on, each after the ops producing its inputs (iterative depth-first). */
    private List<SameDiffOp> topologicalOrder(List<String> outputs) {
        Map<String, SameDiffOp> ops = sd.getOps();
        Map<String, Variable> vars = sd.getVariables();
        List<SameDiffOp> order = new ArrayList<>();
        Set<String> done = new HashSet<>();
        Set<String> onStack = new HashSet<>();
        for (String out : outputs) {
            checkArgument(vars.containsKey(out), "the graph has no variable %s", out);
            ArrayDeque<String[]> stack = new ArrayDeque<>(); // {opName, "0"|"1"}: 1 = inputs already pushed
            String producer = vars.get(out).getOutputOfOp();
            if (producer != null) {
                stack.push(new String[] {producer, "0"});
            }
            while (!stack.isEmpty()) {
                String[] top = stack.pop();
                String opName = top[0];
                if (done.contains(opName)) {
                    continue;
                }
                SameDiffOp op = ops.get(opName);
                if (top[1].equals("1")) {
                    onStack.remove(opName);
                    done.add(opName);
                    order.add(op);
                    continue;
                }
                if (!onStack.add(opName)) {
                    throw new UnsupportedOperationException("CompiledGraph: cycle through op " + opName
                            + " (control flow is not supported)");
                }
                stack.push(new String[] {opName, "1"});
                List<String> deps = new ArrayList<>(inputsOf(op));
                if (op.getControlDeps() != null) {
                    deps.addAll(op.getControlDeps());
                }
                for (String in : deps) {
                    String p = vars.get(in).getOutputOfOp();
                    if (p != null && !done.contains(p)) {
                        stack.push(new String[] {p, "0"});
                    }
                }
            }
        }
        return order;
    }
}
