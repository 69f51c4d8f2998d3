package org.scaledql.core.learn;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.scaledql.api.data.TransitionBatch;
import org.scaledql.api.learn.Gradients;
import org.scaledql.api.learn.StepResult;
import org.scaledql.api.learn.TrainStep;
import org.scaledql.api.learn.TrainingState;
import org.scaledql.core.runtime.NativeThreads;
import org.scaledql.core.nn.SameDiffQNetwork;

/**
 * Synchronous data-parallel training in one process: each batch is split into {@code workers} contiguous parts,
 * each worker thread computes the gradients of its part on its own replica of the step (network, loss graph and
 * target network), and the primary step applies the average weighted by part size. Every loss term is a mean over
 * samples, so the average is the gradient of the whole batch, up to float summation order; the optimizer,
 * clipping, step count and target syncs are the primary's, so training follows the single-threaded step on the
 * same batches.
 *
 * <p>Why: one training step of a small network cannot use more than one core (a second native thread per op makes
 * it slower: docs/performance.md); worker threads can. It pays only where a half batch costs clearly less than a
 * whole one: on the testbed network on 2 cores it measured no faster than one thread (batch 32: 40 against 44
 * steps/s; docs/demo.md, Throughput). After each update the replicas copy the primary's online and target
 * parameters (a memory copy of the parameters, far cheaper than a step). With one worker every call goes
 * straight to the primary step, without copies.
 *
 * <p>Close it ({@link #close()}) to stop the worker threads.
 */
public final class DataParallelTrainStep implements TrainStep, AutoCloseable {

    private final ScaledQlTrainStep primary;
    private final List<ScaledQlTrainStep> replicas; // replicas.get(0) == primary
    private final ExecutorService pool;

    private DataParallelTrainStep(ScaledQlTrainStep.Builder builder, int workers) {
        checkArgument(workers >= 1, "data-parallel workers must be >= 1; got %s", workers);
        this.primary = builder.build();
        this.replicas = new ArrayList<>();
        replicas.add(primary);
        for (int i = 1; i < workers; i++) {
            replicas.add(builder.forReplica(primary.online().copy(), primary.target().copy()).build());
        }
        this.pool = workers > 1 ? Executors.newFixedThreadPool(workers - 1, r -> {
            Thread t = new Thread(() -> {
                NativeThreads.applyToCurrentThread(); // OpenMP's thread count is per thread
                r.run();
            }, "scaledql-data-parallel");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    /**
     * {@return a data-parallel step with {@code workers} replicas of the step {@code builder} describes; the first
     * replica is built on the builder's own network and is the one trained}
     *
     * @param builder a configured step builder (it is built {@code workers} times, on copies of its network)
     * @param workers threads (and replicas); 1 runs the plain step on the caller's thread
     */
    public static DataParallelTrainStep of(ScaledQlTrainStep.Builder builder, int workers) {
        return new DataParallelTrainStep(builder, workers);
    }

    /** {@return number of workers (replicas)} */
    public int workers() {
        return replicas.size();
    }

    /** {@return the step that owns the trained network, the optimizer and the target} */
    public ScaledQlTrainStep primary() {
        return primary;
    }

    @Override
    public StepResult step(TransitionBatch batch) {
        if (replicas.size() == 1) {
            return primary.step(batch); // the plain step: gradients stay in the compiled graph's arrays
        }
        Gradients g = computeGradients(batch);
        // Empty gradients: a non-finite term under NonFinitePolicy.SKIP; the step is counted and skipped.
        StepResult r = g.gradients().isEmpty() ? primary.skip(g.metrics()) : primary.applyGradients(g);
        broadcast();
        return r;
    }

    /**
     * The size-weighted average of the workers' gradients and metrics on their parts of {@code batch}; empty
     * gradients if any part had a non-finite term under {@link org.scaledql.api.learn.NonFinitePolicy#SKIP}.
     */
    @Override
    public Gradients computeGradients(TransitionBatch batch) {
        int n = Math.min(replicas.size(), batch.size());
        if (n == 1) {
            return primary.computeGradients(batch);
        }
        int[] bounds = new int[n + 1];
        for (int i = 0; i <= n; i++) {
            bounds[i] = (int) ((long) batch.size() * i / n);
        }
        List<Future<Gradients>> futures = new ArrayList<>();
        for (int i = 1; i < n; i++) {
            ScaledQlTrainStep replica = replicas.get(i);
            TransitionBatch part = part(batch, bounds[i], bounds[i + 1]);
            futures.add(pool.submit(() -> replica.computeGradients(part)));
        }
        List<Gradients> parts = new ArrayList<>();
        parts.add(primary.computeGradients(part(batch, bounds[0], bounds[1])));
        for (Future<Gradients> f : futures) {
            parts.add(get(f));
        }
        double[] weights = new double[n];
        Map<String, Double> metrics = new LinkedHashMap<>();
        boolean skipped = false;
        for (int i = 0; i < n; i++) {
            double w = (double) (bounds[i + 1] - bounds[i]) / batch.size();
            weights[i] = w;
            parts.get(i).metrics().forEach((k, v) -> metrics.merge(k, w * v, Double::sum));
            skipped |= parts.get(i).gradients().isEmpty();
        }
        if (skipped) {
            return new Gradients(Map.of(), metrics);
        }
        Map<String, INDArray> sum = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            double w = weights[i];
            for (Map.Entry<String, INDArray> e : parts.get(i).gradients().entrySet()) {
                INDArray acc = sum.get(e.getKey());
                if (acc == null) {
                    sum.put(e.getKey(), e.getValue().muli(w)); // computeGradients returned a copy: ours to change
                } else {
                    acc.addi(e.getValue().muli(w));
                }
            }
        }
        return new Gradients(sum, metrics);
    }

    /** Rows {@code [from, to)} of every field, as contiguous copies (each worker reads only its own part). */
    private static TransitionBatch part(TransitionBatch b, int from, int to) {
        return new TransitionBatch(rows(b.observations(), from, to), rows(b.actions(), from, to),
                rows(b.rewards(), from, to), rows(b.discounts(), from, to), rows(b.nextObservations(), from, to),
                rows(b.taskIds(), from, to), b.observationScale());
    }

    private static INDArray rows(INDArray a, int from, int to) {
        if (a.rank() == 1) {
            return a.get(NDArrayIndex.interval(from, to)).dup('c');
        }
        return a.get(NDArrayIndex.interval(from, to), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all())
                .dup('c');
    }

    private static Gradients get(Future<Gradients> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a data-parallel worker computed gradients", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re; // e.g. a non-finite term under NonFinitePolicy.FAIL, with its own message
            }
            throw new IllegalStateException("a data-parallel worker failed", e.getCause());
        }
    }

    @Override
    public StepResult applyGradients(Gradients gradients) {
        StepResult r = primary.applyGradients(gradients);
        broadcast();
        return r;
    }

    /** Copies the primary's online and target parameters into every other replica. */
    private void broadcast() {
        for (int i = 1; i < replicas.size(); i++) {
            replicas.get(i).online().copyParamsFrom(primary.online());
            replicas.get(i).target().copyParamsFrom(primary.target());
        }
    }

    @Override
    public SameDiffQNetwork online() {
        return primary.online();
    }

    @Override
    public SameDiffQNetwork target() {
        return primary.target();
    }

    @Override
    public void syncTarget() {
        primary.syncTarget();
        broadcast();
    }

    @Override
    public long stepCount() {
        return primary.stepCount();
    }

    @Override
    public TrainingState state() {
        return primary.state();
    }

    @Override
    public void restore(TrainingState state) {
        primary.restore(state);
        broadcast();
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
