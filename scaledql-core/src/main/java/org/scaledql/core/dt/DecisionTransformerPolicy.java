package org.scaledql.core.dt;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.ToIntFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.scaledql.api.dt.ReturnConditioning;
import org.scaledql.api.env.BehaviorPolicy;
import org.scaledql.api.env.Environment;
import org.scaledql.api.eval.Evaluator;

/**
 * Plays a {@link DecisionTransformer} greedily on one game for one episode: at each step the window of the last K
 * steps (observations, return tokens, the actions it chose) is fed with the current step's return token, and the
 * most likely action is taken. The return token follows a {@link ReturnConditioning}: by default Chen et al.'s
 * (2021) target return (the game's largest return-to-go in the training data, minus the return collected so far in
 * the episode); or Lee et al.'s (2022) expert-return prompting, which samples it from the model's own return
 * prediction tilted towards high returns (one more forward pass per step).
 *
 * <p>The {@linkplain #factory factories} choose the actions of all running episodes of an evaluation with one
 * forward pass of the model per pass ({@link Evaluator.PolicyFactory#actAll}); each episode's action is the one its
 * policy alone would choose, up to the float rounding of a larger batch.
 */
public final class DecisionTransformerPolicy implements BehaviorPolicy {

    private final DecisionTransformer model;
    private final int task;
    private final ReturnConditioning conditioning;
    private final SplittableRandom random;
    private final int k;
    private final int frameSize;
    private final double target;
    // The window as the model takes it: K steps, left-padded (the real steps are the last `filled`).
    private final float[] frames;
    private final int[] bins;
    private final int[] actions;
    private final boolean[] valid;
    private int filled;

    /**
     * A target-return policy ({@link ReturnConditioning#target()}).
     *
     * @param model the model
     * @param game  the game to play; one of the model's games
     */
    public DecisionTransformerPolicy(DecisionTransformer model, String game) {
        this(model, taskOf(model, game), ReturnConditioning.target(), 0);
    }

    /**
     * @param model        the model
     * @param task         the task id of the game to play
     * @param conditioning how each step's return token is set
     * @param seed         seeds the return samples of {@link ReturnConditioning.ExpertPrompt}
     */
    public DecisionTransformerPolicy(DecisionTransformer model, int task, ReturnConditioning conditioning, long seed) {
        this.model = Objects.requireNonNull(model, "model");
        checkArgument(task >= 0 && task < model.games().size(), "task id %s outside the model's games %s", task,
                model.games());
        this.task = task;
        this.conditioning = Objects.requireNonNull(conditioning, "conditioning");
        this.random = new SplittableRandom(seed);
        this.k = model.config().context();
        int[] s = model.frameShape();
        this.frameSize = s[0] * s[1] * s[2];
        this.target = model.returnRange(task)[1];
        this.frames = new float[k * frameSize];
        this.bins = new int[k];
        this.actions = new int[k];
        this.valid = new boolean[k];
    }

    /**
     * {@return a policy factory for {@link Evaluator#evaluatePolicy}: a fresh target-return policy per episode, each
     * game played with the model's task of the same name; one forward pass per step for all running episodes}
     *
     * @param model the model
     */
    public static Evaluator.PolicyFactory factory(DecisionTransformer model) {
        Objects.requireNonNull(model, "model");
        return new Factory(model, ReturnConditioning.target(), game -> taskOf(model, game));
    }

    /**
     * {@return a policy factory for {@link Evaluator#evaluatePolicy} that plays each evaluated game with a given
     * task (for games whose testbed name differs from the name they were trained under: a run's {@code
     * TestbedEvaluationPlan.taskIds()}) and return conditioning; each episode's policy is seeded with the
     * evaluator's policy seed}
     *
     * @param model        the model
     * @param taskIds      evaluated game name to the model's task id
     * @param conditioning how each step's return token is set
     */
    public static Evaluator.PolicyFactory factory(DecisionTransformer model, Map<String, Integer> taskIds,
            ReturnConditioning conditioning) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(conditioning, "conditioning");
        Map<String, Integer> ids = Map.copyOf(taskIds);
        return new Factory(model, conditioning, game -> {
            Integer task = ids.get(game);
            checkArgument(task != null, "no task id for game %s (have %s)", game, ids.keySet());
            return task;
        });
    }

    private static int taskOf(DecisionTransformer model, String game) {
        int task = model.games().indexOf(game);
        checkArgument(task >= 0, "the model was trained on %s, not on %s", model.games(), game);
        return task;
    }

    @Override
    public int act(Environment env) {
        int[] out = new int[1];
        actTogether(List.of(this), List.of(env), out);
        return out[0];
    }

    /**
     * Chooses the actions of policies of one model together: one forward pass for all their windows (two under
     * expert prompting: the first predicts the return bins to sample).
     */
    private static void actTogether(List<BehaviorPolicy> policies, List<? extends Environment> envs, int[] out) {
        int n = policies.size();
        if (n == 0) {
            return;
        }
        DecisionTransformerPolicy first = (DecisionTransformerPolicy) policies.get(0);
        DecisionTransformer model = first.model;
        int k = first.k;
        int frame = first.frameSize;
        float[] frames = new float[n * k * frame];
        int[] bins = new int[n * k];
        int[] actions = new int[n * k];
        boolean[] valid = new boolean[n * k];
        int[] tasks = new int[n * k];
        for (int i = 0; i < n; i++) {
            checkArgument(policies.get(i) instanceof DecisionTransformerPolicy p && p.model == model
                    && p.conditioning.equals(first.conditioning), "policy %s of %s does not share the first one's "
                    + "model and conditioning", i, n);
            DecisionTransformerPolicy p = (DecisionTransformerPolicy) policies.get(i);
            p.prepare(envs.get(i));
            System.arraycopy(p.frames, 0, frames, i * k * frame, k * frame);
            System.arraycopy(p.bins, 0, bins, i * k, k);
            System.arraycopy(p.actions, 0, actions, i * k, k);
            System.arraycopy(p.valid, 0, valid, i * k, k);
            Arrays.fill(tasks, i * k, (i + 1) * k, p.task);
        }
        INDArray obs = Nd4j.createFromArray(frames).reshape(first.shape(n));
        if (first.conditioning instanceof ReturnConditioning.ExpertPrompt) {
            INDArray returnLogits = model.predict(obs, bins, actions, valid, tasks).returnLogits();
            for (int i = 0; i < n; i++) {
                DecisionTransformerPolicy p = (DecisionTransformerPolicy) policies.get(i);
                p.sampleReturn(returnLogits, (long) i * k + k - 1);
                bins[i * k + k - 1] = p.bins[k - 1];
            }
        }
        INDArray logits = model.predict(obs, bins, actions, valid, tasks).actionLogits();
        for (int i = 0; i < n; i++) {
            out[i] = ((DecisionTransformerPolicy) policies.get(i)).choose(logits, (long) i * k + k - 1);
        }
    }

    /**
     * Moves the window to the current step: its observation and, under target-return conditioning, its return
     * token; its action (and a prompted return) still unknown.
     */
    private void prepare(Environment env) {
        checkArgument(env.spec().observationSize() == frameSize, "the environment's observations have %s values; the "
                + "model takes %s", env.spec().observationSize(), frameSize);
        if (env.episodeSteps() == 0) {
            filled = 0;
            Arrays.fill(frames, 0f);
            Arrays.fill(bins, 0);
            Arrays.fill(actions, 0);
        } else { // slide the window one step left; the padding in front stays zero
            System.arraycopy(frames, frameSize, frames, 0, (k - 1) * frameSize);
            System.arraycopy(bins, 1, bins, 0, k - 1);
            System.arraycopy(actions, 1, actions, 0, k - 1);
        }
        filled = Math.min(k, filled + 1);
        env.observe(frames, (k - 1) * frameSize);
        // Under expert prompting the bin is sampled next; the prediction that samples it reads only the step's
        // observation and what came before, so this placeholder does not matter.
        bins[k - 1] = conditioning instanceof ReturnConditioning.TargetReturn
                ? model.returnBin(task, target - env.episodeReturn()) : 0;
        actions[k - 1] = 0;
        for (int i = 0; i < k; i++) {
            valid[i] = i >= k - filled;
        }
    }

    /** Samples this step's return bin from logits row {@code row} ({@link #sampleBin}). */
    private void sampleReturn(INDArray logits, long row) {
        float[] l = logits.getRow(row).castTo(DataType.FLOAT).dup().data().asFloat();
        bins[k - 1] = sampleBin(l, (ReturnConditioning.ExpertPrompt) conditioning, random.nextDouble());
    }

    /**
     * Lee et al.'s return sampler: the highest of {@code samples} draws from {@code softmax((logits + kappa *
     * position) / temperature)}, where a bin's position is {@code b / (bins - 1)}. The maximum of n draws is at most
     * b with probability {@code F(b)^n}, so one uniform {@code u} gives it: the first b with {@code F(b) >=
     * u^(1/n)}.
     *
     * @param logits the return logits of one step
     * @param p      the sampler's settings
     * @param u      a uniform draw in [0, 1)
     * @return the bin
     */
    static int sampleBin(float[] logits, ReturnConditioning.ExpertPrompt p, double u) {
        int n = logits.length;
        double[] z = new double[n];
        double max = Double.NEGATIVE_INFINITY;
        for (int b = 0; b < n; b++) {
            z[b] = (logits[b] + p.optimalityWeight() * b / Math.max(1, n - 1)) / p.temperature();
            max = Math.max(max, z[b]);
        }
        double sum = 0;
        for (int b = 0; b < n; b++) {
            z[b] = Math.exp(z[b] - max);
            sum += z[b];
        }
        double threshold = Math.pow(u, 1.0 / p.samples());
        double cumulative = 0;
        for (int b = 0; b < n; b++) {
            cumulative += z[b] / sum;
            if (cumulative >= threshold) {
                return b;
            }
        }
        return n - 1; // rounding left the cumulative sum just below the threshold
    }

    /**
     * Takes the most likely action of logits row {@code row} and records it in the window: the action tokens are
     * the actions this policy chose (sticky actions may have executed others), as the data logs the behaviour
     * policy's choices (DQN-Replay does too).
     */
    private int choose(INDArray logits, long row) {
        float[] last = logits.getRow(row).castTo(DataType.FLOAT).dup().data().asFloat();
        int best = 0;
        for (int j = 1; j < last.length; j++) {
            if (last[j] > last[best]) {
                best = j;
            }
        }
        actions[k - 1] = best;
        return best;
    }

    /** {@return the return bin this policy fed for its latest step (for tests)} */
    int lastReturnBin() {
        return bins[k - 1];
    }

    private long[] shape(int windows) {
        int[] s = model.frameShape();
        return new long[] {(long) windows * k, s[0], s[1], s[2]};
    }

    /** Makes the policies and acts for all of them with one forward pass per pass. */
    private static final class Factory implements Evaluator.PolicyFactory {
        private final DecisionTransformer model;
        private final ReturnConditioning conditioning;
        private final ToIntFunction<String> tasks;

        Factory(DecisionTransformer model, ReturnConditioning conditioning, ToIntFunction<String> tasks) {
            this.model = model;
            this.conditioning = conditioning;
            this.tasks = tasks;
        }

        @Override
        public BehaviorPolicy create(String game, long seed) {
            return new DecisionTransformerPolicy(model, tasks.applyAsInt(game), conditioning, seed);
        }

        @Override
        public void actAll(List<BehaviorPolicy> policies, List<? extends Environment> envs, int[] out) {
            // actTogether checks that every policy shares the first one's model and conditioning
            checkArgument(policies.isEmpty() || policies.get(0) instanceof DecisionTransformerPolicy p
                    && p.model == model, "the policies were not made by this factory");
            actTogether(policies, envs, out);
        }
    }
}
