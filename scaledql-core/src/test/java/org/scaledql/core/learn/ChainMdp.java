package org.scaledql.core.learn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.scaledql.api.data.TransitionBatch;

/**
 * A deterministic 4-state chain with known Q*: states 0..3 (one-hot channels of a [4, 1, 1] observation),
 * action 0 moves left (staying at 0), action 1 moves right; moving right from state 3 gives reward 1 and ends
 * the episode. With discount 0.9, {@code Q*(s, right) = 0.9^(3 - s)} and
 * {@code Q*(s, left) = 0.9 * V*(max(s - 1, 0))}.
 */
final class ChainMdp {

    static final int STATES = 4;
    static final double GAMMA = 0.9;

    private ChainMdp() {
    }

    static double optimalQ(int s, int a) {
        return a == 1 ? Math.pow(GAMMA, 3 - s) : GAMMA * Math.pow(GAMMA, 3 - Math.max(s - 1, 0));
    }

    /** Every (state, action) pair in {@code actions}, repeated {@code repeats} times. */
    static TransitionBatch dataset(int[] actions, int repeats) {
        int b = STATES * actions.length * repeats;
        float[] obs = new float[b * STATES];
        float[] next = new float[b * STATES];
        int[] act = new int[b];
        float[] rew = new float[b];
        float[] disc = new float[b];
        int i = 0;
        for (int r = 0; r < repeats; r++) {
            for (int s = 0; s < STATES; s++) {
                for (int a : actions) {
                    obs[i * STATES + s] = 1;
                    boolean goal = s == STATES - 1 && a == 1;
                    int ns = goal ? s : (a == 1 ? s + 1 : Math.max(0, s - 1));
                    next[i * STATES + ns] = 1;
                    act[i] = a;
                    rew[i] = goal ? 1 : 0;
                    disc[i] = goal ? 0 : (float) GAMMA;
                    i++;
                }
            }
        }
        return new TransitionBatch(Nd4j.createFromArray(obs).reshape(b, STATES, 1, 1), Nd4j.createFromArray(act),
                Nd4j.createFromArray(rew), Nd4j.createFromArray(disc), Nd4j.createFromArray(next).reshape(b, STATES, 1, 1),
                Nd4j.zeros(DataType.INT, b), 1f);
    }

    /** One observation per state, {@code [4, 4, 1, 1]}. */
    static org.nd4j.linalg.api.ndarray.INDArray allStates() {
        return Nd4j.eye(STATES).castTo(DataType.FLOAT).reshape(STATES, STATES, 1, 1);
    }
}
