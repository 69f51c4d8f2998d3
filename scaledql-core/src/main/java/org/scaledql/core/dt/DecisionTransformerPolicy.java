package org.scaledql.core.dt;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;
import java.util.Objects;
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
    private final int[] tasks;
    private int filled;

    /**
     * @param model the model
     * @param game  the game to play; one of the model's games
     */
    public DecisionTransformerPolicy(DecisionTransformer model, String game) {
        this.model = Objects.requireNonNull(model, "model");
        this.task = model.games().indexOf(game);
        checkArgument(task >= 0, "the model was trained on %s, not on %s", model.games(), game);
        this.k = model.config().context();
        int[] s = model.frameShape();
        this.frameSize = s[0] * s[1] * s[2];
        this.target = model.returnRange(task)[1];
        this.frames = new float[k * frameSize];
        this.returns = new float[k];
        this.actions = new int[k];
        this.valid = new boolean[k];
        this.tasks = new int[k];
        Arrays.fill(tasks, task);
    }

    /**
     * {@return a policy factory for {@link Evaluator#evaluatePolicy}: a fresh policy per episode}
     *
     * @param model the model
     */
    public static Evaluator.PolicyFactory factory(DecisionTransformer model) {
        return (game, seed) -> new DecisionTransformerPolicy(model, game);
    }

    @Override
    public int act(Environment env) {
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
        int[] s = model.frameShape();
        // The action tokens are the actions this policy chose (sticky actions may have executed others): the data
        // logs the behaviour policy's choices, as DQN-Replay does.
        INDArray logits = model.actionLogits(Nd4j.createFromArray(frames).reshape(k, s[0], s[1], s[2]), returns,
                actions, valid, tasks);
        float[] last = logits.getRow(k - 1).dup().data().asFloat();
        int best = 0;
        for (int j = 1; j < last.length; j++) {
            if (last[j] > last[best]) {
                best = j;
            }
        }
        actions[k - 1] = best;
        return best;
    }
}
