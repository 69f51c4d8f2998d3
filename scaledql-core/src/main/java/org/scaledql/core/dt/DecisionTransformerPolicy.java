package org.scaledql.core.dt;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.scaledql.api.env.BehaviorPolicy;
import org.scaledql.api.env.Environment;
import org.scaledql.api.eval.Evaluator;

/**
 * Plays a {@link DecisionTransformer} greedily on one game for one episode: at each step the window of the last K
 * steps (observations, returns-to-go, the actions it chose) is fed with the current step's return-to-go, and the most
 * likely action is taken. Return conditioning follows Chen et al. (2021): the target return is the game's largest
 * return-to-go in the training data, and each step's return-to-go is the target minus the return collected so far
 * in the episode. (Lee et al. 2022 instead sample the return token from the model's own return distribution tilted
 * towards high returns; not implemented.)
 *
 * <p>The {@linkplain #factory factories} choose the actions of all running episodes of an evaluation with one
 * forward pass of the model ({@link Evaluator.PolicyFactory#actAll}); each episode's action is the one its policy
 * alone would choose, up to the float rounding of a larger batch.
 */
public final class DecisionTransformerPolicy implements BehaviorPolicy {

    private final DecisionTransformer model;
    private final int task;
    private final int k;
    private final int frameSize;
    private final double target;
    // The window as the model takes it: K steps, left-padded (the real steps are the last `filled`).
    private final float[] frames;
    private final float[] returns;
    private final int[] actions;
    private final boolean[] valid;
    private int filled;

    /**
     * @param model the model
     * @param game  the game to play; one of the model's games
     */
    public DecisionTransformerPolicy(DecisionTransformer model, String game) {
        this(model, taskOf(model, game));
    }

    /**
     * @param model the model
     * @param task  the task id of the game to play
     */
    public DecisionTransformerPolicy(DecisionTransformer model, int task) {
        this.model = Objects.requireNonNull(model, "model");
        checkArgument(task >= 0 && task < model.games().size(), "task id %s outside the model's games %s", task,
                model.games());
        this.task = task;
        this.k = model.config().context();
        int[] s = model.frameShape();
        this.frameSize = s[0] * s[1] * s[2];
        this.target = model.returnRange(task)[1];
        this.frames = new float[k * frameSize];
        this.returns = new float[k];
        this.actions = new int[k];
        this.valid = new boolean[k];
    }

    /**
     * {@return a policy factory for {@link Evaluator#evaluatePolicy}: a fresh policy per episode, each game played
     * with the model's task of the same name; one forward pass per step for all running episodes}
     *
     * @param model the model
     */
    public static Evaluator.PolicyFactory factory(DecisionTransformer model) {
        Objects.requireNonNull(model, "model");
        return new Factory(model, game -> new DecisionTransformerPolicy(model, game));
    }

    /**
     * {@return a policy factory for {@link Evaluator#evaluatePolicy} that plays each evaluated game with a given
     * task: for games whose testbed name differs from the name they were trained under (a run's {@code
     * TestbedEvaluationPlan.taskIds()})}
     *
     * @param model   the model
     * @param taskIds evaluated game name to the model's task id
     */
    public static Evaluator.PolicyFactory factory(DecisionTransformer model, Map<String, Integer> taskIds) {
        Objects.requireNonNull(model, "model");
        Map<String, Integer> ids = Map.copyOf(taskIds);
        return new Factory(model, game -> {
            Integer task = ids.get(game);
            checkArgument(task != null, "no task id for game %s (have %s)", game, ids.keySet());
            return new DecisionTransformerPolicy(model, task);
        });
    }

    private static int taskOf(DecisionTransformer model, String game) {
        int task = model.games().indexOf(game);
        checkArgument(task >= 0, "the model was trained on %s, not on %s", model.games(), game);
        return task;
    }

    @Override
    public int act(Environment env) {
        prepare(env);
        return choose(model.actionLogits(Nd4j.createFromArray(frames).reshape(shape(1)), returns, actions, valid,
                tasks(1)), k - 1);
    }

    /** Moves the window to the current step: its observation and return-to-go, its action still unknown. */
    private void prepare(Environment env) {
        checkArgument(env.spec().observationSize() == frameSize, "the environment's observations have %s values; the "
                + "model takes %s", env.spec().observationSize(), frameSize);
        if (env.episodeSteps() == 0) {
            filled = 0;
            Arrays.fill(frames, 0f);
            Arrays.fill(returns, 0f);
            Arrays.fill(actions, 0);
        } else { // slide the window one step left; the padding in front stays zero
            System.arraycopy(frames, frameSize, frames, 0, (k - 1) * frameSize);
            System.arraycopy(returns, 1, returns, 0, k - 1);
            System.arraycopy(actions, 1, actions, 0, k - 1);
        }
        filled = Math.min(k, filled + 1);
        env.observe(frames, (k - 1) * frameSize);
        returns[k - 1] = (float) (target - env.episodeReturn());
        actions[k - 1] = 0;
        for (int i = 0; i < k; i++) {
            valid[i] = i >= k - filled;
        }
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

    private long[] shape(int windows) {
        int[] s = model.frameShape();
        return new long[] {(long) windows * k, s[0], s[1], s[2]};
    }

    private int[] tasks(int windows) {
        int[] t = new int[windows * k];
        Arrays.fill(t, task);
        return t;
    }

    /** Makes the policies and acts for all of them with one forward pass per call. */
    private static final class Factory implements Evaluator.PolicyFactory {
        private final DecisionTransformer model;
        private final Function<String, DecisionTransformerPolicy> create;

        Factory(DecisionTransformer model, Function<String, DecisionTransformerPolicy> create) {
            this.model = model;
            this.create = create;
        }

        @Override
        public BehaviorPolicy create(String game, long seed) {
            return create.apply(game);
        }

        @Override
        public void actAll(List<BehaviorPolicy> policies, List<? extends Environment> envs, int[] out) {
            int n = policies.size();
            if (n == 0) {
                return;
            }
            int k = model.config().context();
            DecisionTransformerPolicy first = (DecisionTransformerPolicy) policies.get(0);
            int frame = first.frameSize;
            float[] frames = new float[n * k * frame];
            float[] returns = new float[n * k];
            int[] actions = new int[n * k];
            boolean[] valid = new boolean[n * k];
            int[] tasks = new int[n * k];
            for (int i = 0; i < n; i++) {
                checkArgument(policies.get(i) instanceof DecisionTransformerPolicy p && p.model == model,
                        "policy %s of %s was not made by this factory", i, n);
                DecisionTransformerPolicy p = (DecisionTransformerPolicy) policies.get(i);
                p.prepare(envs.get(i));
                System.arraycopy(p.frames, 0, frames, i * k * frame, k * frame);
                System.arraycopy(p.returns, 0, returns, i * k, k);
                System.arraycopy(p.actions, 0, actions, i * k, k);
                System.arraycopy(p.valid, 0, valid, i * k, k);
                Arrays.fill(tasks, i * k, (i + 1) * k, p.task);
            }
            INDArray logits = model.actionLogits(Nd4j.createFromArray(frames).reshape(first.shape(n)), returns,
                    actions, valid, tasks);
            for (int i = 0; i < n; i++) {
                out[i] = ((DecisionTransformerPolicy) policies.get(i)).choose(logits, (long) i * k + k - 1);
            }
        }
    }
}
