package org.scaledql.core.learn;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.scaledql.api.data.TransitionBatch;
import org.scaledql.api.learn.LossConfig;
import org.scaledql.api.nn.HeadConfig;
import org.scaledql.api.nn.QNetwork;

/**
 * The TD targets of a batch, computed off the gradient tape from a target network (and, for double DQN, the
 * online network's action choice): what {@link ScaledQlTrainStep} feeds its TD term, usable in any training loop.
 *
 * <ul>
 *   <li>{@link #scalar}: {@code y = scale_g r + discount * Q_target(s', a*)} {@code [B]} (for C51 heads Q is the
 *       expectation over the support);</li>
 *   <li>{@link #categorical}: C51's projection of {@code scale_g r + discount * Z_target(s', a*)} onto the
 *       support {@code [B * N]} (Bellemare et al. 2017, {@link CategoricalProjection});</li>
 *   <li>{@link #hlGauss}: the scalar target spread over the support's bins {@code [B * N]}
 *       ({@link HlGaussProjection}).</li>
 * </ul>
 * {@code a*} is the argmax of the target network's Q on {@code s'} (C51's and DQN's way), or of the online
 * network's with {@link LossConfig#doubleDqn()} (van Hasselt et al. 2016); ties go to the lowest action. Rewards
 * and discounts are the batch's (n-step sums and {@code discount^n}, 0 after a terminal); the per-game reward
 * scales are {@link LossConfig#rewardScales()}. Arithmetic: softmax and expectations in double, results in float.
 */
public final class BootstrapTargets {

    private final boolean doubleDqn;
    private final double[] rewardScales;
    private final CategoricalProjection projection;
    private final HlGaussProjection hlGauss;

    /**
     * Targets with the double-DQN choice and reward scales of {@code loss}, for networks with {@code head}.
     *
     * @param loss the objective
     * @param head the networks' head; C51 heads also get categorical and HL-Gauss targets
     */
    public BootstrapTargets(LossConfig loss, HeadConfig head) {
        Objects.requireNonNull(loss, "loss");
        this.doubleDqn = loss.doubleDqn();
        this.rewardScales = loss.rewardScales();
        this.projection = head instanceof HeadConfig.C51 c51 ? new CategoricalProjection(c51.support()) : null;
        this.hlGauss = projection == null ? null
                : new HlGaussProjection(projection.support(), HlGaussProjection.DEFAULT_SIGMA_RATIO);
    }

    /**
     * Scalar targets {@code [B]}.
     *
     * @param target the target network
     * @param online the online network (for the double-DQN choice)
     * @param batch  the batch
     * @return the targets
     */
    public float[] scalar(QNetwork target, QNetwork online, TransitionBatch batch) {
        int numActions = target.config().numActions();
        float[] q = floats(target.qValues(batch.nextObservations(), batch.taskIds()));
        int[] a = bootstrapActions(online, batch, q, numActions);
        float[] r = scaledRewards(batch);
        float[] d = floats(batch.discounts());
        float[] y = new float[batch.size()];
        for (int b = 0; b < y.length; b++) {
            y[b] = (float) ((double) r[b] + d[b] * q[b * numActions + a[b]]);
        }
        return y;
    }

    /**
     * C51 targets {@code [B * N]}, row-major.
     *
     * @param target the target network
     * @param online the online network (for the double-DQN choice)
     * @param batch  the batch
     * @return the targets
     * @throws IllegalStateException if the head is not C51
     */
    public float[] categorical(QNetwork target, QNetwork online, TransitionBatch batch) {
        CategoricalProjection p = requireC51("categorical");
        int numActions = target.config().numActions();
        int n = p.support().numAtoms();
        int bsz = batch.size();
        float[] logits = floats(target.headOutputs(batch.nextObservations(), batch.taskIds()));
        float[] probs = new float[logits.length];
        float[] q = new float[bsz * numActions];
        double[] z = p.support().atoms();
        for (int row = 0; row < bsz * numActions; row++) {
            int base = row * n;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                max = Math.max(max, logits[base + j]);
            }
            double sum = 0;
            for (int j = 0; j < n; j++) {
                sum += Math.exp(logits[base + j] - max);
            }
            double qv = 0;
            for (int j = 0; j < n; j++) {
                double pj = Math.exp(logits[base + j] - max) / sum;
                probs[base + j] = (float) pj;
                qv += pj * z[j];
            }
            q[row] = (float) qv;
        }
        int[] a = bootstrapActions(online, batch, q, numActions);
        float[] chosen = new float[bsz * n];
        for (int b = 0; b < bsz; b++) {
            System.arraycopy(probs, (b * numActions + a[b]) * n, chosen, b * n, n);
        }
        float[] out = new float[bsz * n];
        p.project(chosen, scaledRewards(batch), floats(batch.discounts()), out);
        return out;
    }

    /**
     * HL-Gauss targets {@code [B * N]}, row-major: {@link #scalar} spread over the support's bins.
     *
     * @param target the target network
     * @param online the online network (for the double-DQN choice)
     * @param batch  the batch
     * @return the targets
     * @throws IllegalStateException if the head is not C51
     */
    public float[] hlGauss(QNetwork target, QNetwork online, TransitionBatch batch) {
        requireC51("HL-Gauss");
        return hlGauss(scalar(target, online, batch));
    }

    /**
     * HL-Gauss targets {@code [B * N]} of scalar targets already computed by {@link #scalar} (one target-network
     * pass serves both).
     *
     * @param scalarTargets {@code [B]} scalar targets
     * @return the targets
     * @throws IllegalStateException if the head is not C51
     */
    public float[] hlGauss(float[] scalarTargets) {
        requireC51("HL-Gauss");
        float[] out = new float[scalarTargets.length * projection.support().numAtoms()];
        hlGauss.project(scalarTargets, out);
        return out;
    }

    /**
     * {@return the bootstrap actions {@code a*} {@code [B]}: argmax of {@code targetQ} ({@code [B * A]}, the target
     * network's Q on s'), or of the online network's Q on s' with double DQN}
     *
     * @param online     the online network (for the double-DQN choice)
     * @param batch      the batch
     * @param targetQ    the target network's Q-values on s', {@code [B * A]}
     * @param numActions {@code A}
     */
    public int[] bootstrapActions(QNetwork online, TransitionBatch batch, float[] targetQ, int numActions) {
        checkArgument(targetQ.length == batch.size() * numActions, "targetQ must hold %s values; got %s",
                batch.size() * numActions, targetQ.length);
        float[] chooser = doubleDqn ? floats(online.qValues(batch.nextObservations(), batch.taskIds())) : targetQ;
        int[] a = new int[batch.size()];
        for (int b = 0; b < a.length; b++) {
            int best = 0;
            for (int k = 1; k < numActions; k++) {
                if (chooser[b * numActions + k] > chooser[b * numActions + best]) {
                    best = k;
                }
            }
            a[b] = best;
        }
        return a;
    }

    /** The batch's (n-step) rewards times each sample's game factor. */
    float[] scaledRewards(TransitionBatch batch) {
        float[] r = floats(batch.rewards());
        if (rewardScales.length == 0) {
            return r;
        }
        int[] tasks = batch.taskIds().castTo(DataType.INT).data().asInt();
        for (int b = 0; b < r.length; b++) {
            r[b] = (float) (rewardScales[tasks[b]] * r[b]);
        }
        return r;
    }

    private CategoricalProjection requireC51(String what) {
        if (projection == null) {
            throw new IllegalStateException(what + " targets need a C51 head");
        }
        return projection;
    }

    private static float[] floats(INDArray a) {
        return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }
}
