package org.scaledql.core.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runs outputs of one SameDiff graph, through a {@link CompiledGraph} once a call shape (the outputs and the
 * placeholders' types and shapes) has been seen before, and through SameDiff itself the first time.
 *
 * <p>Compiling costs about three SameDiff calls, so a shape seen only once (the last, smaller batch of an
 * evaluation, say) is not worth it; a training loop's shape is compiled on its second call and runs ~3.5x
 * faster from then on (docs/performance.md). At most {@link #MAX_COMPILED} compiled graphs are kept, the least
 * recently used is dropped; a graph whose variables were given new array objects is recompiled.
 *
 * <p>{@code -Dscaledql.compiledGraphs=false} turns compilation off (every call goes to SameDiff): for
 * benchmarks against SameDiff and for ruling the compiled path out when chasing a problem. Calls are
 * serialized: one runner per graph, shared by all threads.
 */
public final class GraphRunner {

    /** Compiled graphs kept per runner (each holds its own intermediate arrays). */
    public static final int MAX_COMPILED = 4;
    /** Call shapes remembered to decide what to compile. */
    private static final int MAX_SEEN = 64;

    private static final boolean ENABLED = Boolean.parseBoolean(System.getProperty("scaledql.compiledGraphs", "true"));

    private final Supplier<SameDiff> graph;
    private final SameDiffCall fallback;
    private final Map<String, CompiledGraph> compiled = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, Boolean> seen = new LinkedHashMap<>(16, 0.75f, true);

    /** How SameDiff computes outputs when a call is not compiled. */
    @FunctionalInterface
    public interface SameDiffCall {
        /**
         * @param placeholders placeholder name to value
         * @param outputs      the variables to compute
         * @return output name to array, for every requested output
         */
        Map<String, INDArray> outputs(Map<String, INDArray> placeholders, List<String> outputs);
    }

    /**
     * @param graph    the graph to compile (a supplier, because SameDiff creates its gradient function lazily)
     * @param fallback how to compute the same outputs with SameDiff
     */
    public GraphRunner(Supplier<SameDiff> graph, SameDiffCall fallback) {
        this.graph = graph;
        this.fallback = fallback;
    }

    /**
     * {@return the outputs for these placeholder values} The arrays may belong to a compiled graph and be overwritten
     * by the next call on this runner: copy what must be kept.
     *
     * @param placeholders placeholder name to value
     * @param outputs      the variables to compute
     */
    public synchronized Map<String, INDArray> run(Map<String, INDArray> placeholders, List<String> outputs) {
        if (!ENABLED) {
            return fallback.outputs(placeholders, outputs);
        }
        String key = key(placeholders, outputs);
        CompiledGraph g = compiled.get(key);
        if (g != null && !g.isStale()) {
            return g.run(placeholders);
        }
        if (g == null && seen.put(key, Boolean.TRUE) == null) {
            if (seen.size() > MAX_SEEN) {
                seen.remove(seen.keySet().iterator().next());
            }
            return fallback.outputs(placeholders, outputs);
        }
        g = CompiledGraph.compile(graph.get(), placeholders, outputs);
        compiled.put(key, g);
        if (compiled.size() > MAX_COMPILED) {
            compiled.remove(compiled.keySet().iterator().next());
        }
        return g.results();
    }

    /**
     * The outputs of one call and how long each op took.
     *
     * @param outputs  output name to array, as {@link #run} returns them
     * @param opMillis op label to milliseconds, largest first ({@link CompiledGraph#profileRun}); empty when the
     *                 call ran uncompiled
     */
    public record Profiled(Map<String, INDArray> outputs, Map<String, Double> opMillis) {
    }

    /**
     * Runs like {@link #run} with every op timed, once this call shape is compiled; before that (and with
     * compilation off) it runs uncompiled and times nothing.
     *
     * @param placeholders placeholder name to value
     * @param outputs      the variables to compute
     * @param byShape      whether labels name each op's input shapes too
     * @return the outputs and the op timings
     */
    public synchronized Profiled profile(Map<String, INDArray> placeholders, List<String> outputs, boolean byShape) {
        CompiledGraph g = ENABLED ? compiled.get(key(placeholders, outputs)) : null;
        if (g == null || g.isStale()) {
            return new Profiled(run(placeholders, outputs), Map.of());
        }
        Map<String, Double> ms = g.profileRun(placeholders, byShape);
        return new Profiled(g.results(), ms);
    }

    /** Drops every compiled graph (after the graph's structure changed). */
    public synchronized void clear() {
        compiled.clear();
        seen.clear();
    }

    private static String key(Map<String, INDArray> placeholders, List<String> outputs) {
        StringBuilder b = new StringBuilder(String.join(",", outputs)).append('|');
        List<String> names = new ArrayList<>(placeholders.keySet());
        names.sort(null);
        for (String n : names) {
            INDArray a = placeholders.get(n);
            b.append(n).append(':').append(a.dataType()).append(Arrays.toString(a.shape())).append(';');
        }
        return b.toString();
    }
}
