package org.scaledql.core.online;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.scaledql.api.env.BehaviorPolicy;
import org.scaledql.api.env.Environment;
import org.scaledql.api.nn.QNetwork;

/**
 * Acts epsilon-greedily with a Q-network's head for one game: with probability epsilon a uniformly random
 * action, otherwise the argmax of {@code Q(s, .)} (ties go to the lowest action). The random draw comes first
 * and the network is evaluated only for greedy actions. Seeded; one draw (plus one for a random action) per
 * call.
 */
public final class EpsilonGreedyPolicy implements BehaviorPolicy {

    private final QNetwork network;
    private final int numActions;
    private final float[] obs;
    private final long[] shape;
    private final INDArray taskIds;
    private final SplittableRandom rng;
    private double epsilon;

    /**
     * A policy reading the head of game {@code taskId}.
     *
     * @param network the Q-network; its observation shape must be the environment's
     * @param taskId  the game's index in the network, in {@code [0, numGames)}
     * @param epsilon the initial exploration rate, in {@code [0, 1]}
     * @param seed    seeds the exploration draws
     */
    public EpsilonGreedyPolicy(QNetwork network, int taskId, double epsilon, long seed) {
        this.network = Objects.requireNonNull(network, "network");
        checkArgument(taskId >= 0 && taskId < network.config().numGames(),
                "taskId must be in [0, %s) (the network's games); got %s", network.config().numGames(), taskId);
        int[] s = network.config().observationShape();
        this.numActions = network.config().numActions();
        this.obs = new float[s[0] * s[1] * s[2]];
        this.shape = new long[] {1, s[0], s[1], s[2]};
        this.taskIds = Nd4j.createFromArray(taskId);
        this.rng = new SplittableRandom(seed);
        setEpsilon(epsilon);
    }

    /**
     * Changes the exploration rate (the online loop calls this every step).
     *
     * @param e the probability of a random action, in [0, 1]
     */
    public void setEpsilon(double e) {
        checkArgument(e >= 0 && e <= 1, "epsilon must be in [0, 1]; got %s", e);
        this.epsilon = e;
    }

    /** {@return the current exploration rate} */
    public double epsilon() {
        return epsilon;
    }

    @Override
    public int act(Environment env) {
        if (rng.nextDouble() < epsilon) {
            return rng.nextInt(numActions);
        }
        checkArgument(env.spec().observationSize() == obs.length,
                "the environment's observation %s does not fit the network's %s",
                Arrays.toString(env.spec().observationShape()), Arrays.toString(network.config().observationShape()));
        env.observe(obs, 0);
        return greedy(network.qValues(Nd4j.createFromArray(obs).reshape(shape), taskIds));
    }

    /** The argmax of a {@code [1, A]} row of Q-values, ties to the lowest action. */
    static int greedy(INDArray q) {
        float[] v = q.castTo(DataType.FLOAT).dup('c').data().asFloat();
        int best = 0;
        for (int a = 1; a < v.length; a++) {
            if (v[a] > v[best]) {
                best = a;
            }
        }
        return best;
    }
}
