package org.scaledql.core.learn;

import static com.google.common.base.Preconditions.checkArgument;

import org.scaledql.api.nn.Support;

/**
 * The C51 categorical projection (Bellemare et al. 2017, Algorithm 1 / Eq. 7): the distribution of
 * {@code r + discount * Z}, where Z has probabilities {@code p} on the support's atoms, projected back onto
 * the same atoms. Stateless; its only field is the support.
 *
 * <p>For each sample and atom j:
 * <ol>
 *   <li>{@code Tz_j = clip(r + discount * z_j, vMin, vMax)} (a terminal has discount 0, so all mass lands on
 *       the clipped reward);</li>
 *   <li>{@code b_j = (Tz_j - vMin) / delta}, {@code l = floor(b_j)}, {@code u = ceil(b_j)};</li>
 *   <li>{@code m_l += p_j (u - b_j)}, {@code m_u += p_j (b_j - l)}; when {@code b_j} is a whole number
 *       ({@code l == u}) the whole {@code p_j} goes to atom l, so mass landing exactly on an atom (including
 *       vMin and vMax) is not lost.</li>
 * </ol>
 * Arithmetic is in double precision; {@code b_j} is clamped to {@code [0, N - 1]} against rounding.
 */
public final class CategoricalProjection {

    private final Support support;
    private final double[] atoms;

    /**
     * A projection onto {@code support}.
     *
     * @param support the atoms
     */
    public CategoricalProjection(Support support) {
        this.support = support;
        this.atoms = support.atoms();
    }

    /** {@return the support projected onto} */
    public Support support() {
        return support;
    }

    /**
     * Projects a batch.
     *
     * @param probs     {@code [B * N]} row-major next-state probabilities of the bootstrap action
     * @param rewards   {@code [B]} (n-step) rewards
     * @param discounts {@code [B]} bootstrap discounts ({@code gamma^n}, or 0 at a terminal)
     * @param out       {@code [B * N]} receives the projected distributions (overwritten)
     */
    public void project(float[] probs, float[] rewards, float[] discounts, float[] out) {
        int n = atoms.length;
        int batch = rewards.length;
        checkArgument(probs.length == batch * n && out.length == batch * n && discounts.length == batch,
                "projection needs probs and out of length B*N=%s and discounts of length B=%s; got %s, %s, %s",
                batch * n, batch, probs.length, out.length, discounts.length);
        double vMin = support.vMin();
        double vMax = support.vMax();
        double delta = support.delta();
        double[] m = new double[n];
        for (int b = 0; b < batch; b++) {
            java.util.Arrays.fill(m, 0.0);
            double r = rewards[b];
            double d = discounts[b];
            int base = b * n;
            for (int j = 0; j < n; j++) {
                double p = probs[base + j];
                if (p == 0) {
                    continue;
                }
                double tz = Math.min(vMax, Math.max(vMin, r + d * atoms[j]));
                double pos = Math.min(n - 1, Math.max(0, (tz - vMin) / delta));
                int l = (int) Math.floor(pos);
                int u = (int) Math.ceil(pos);
                if (l == u) {
                    m[l] += p;
                } else {
                    m[l] += p * (u - pos);
                    m[u] += p * (pos - l);
                }
            }
            for (int j = 0; j < n; j++) {
                out[base + j] = (float) m[j];
            }
        }
    }
}
