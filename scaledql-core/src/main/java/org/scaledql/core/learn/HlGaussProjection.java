package org.scaledql.core.learn;

import static com.google.common.base.Preconditions.checkArgument;

import org.scaledql.api.nn.Support;

/**
 * HL-Gauss targets (Farebrother et al. 2024, "Stop Regressing: Training Value Functions via Classification for
 * Scalable Deep RL", arXiv 2403.03950): a scalar TD target {@code y} becomes the mass of a normal
 * {@code N(y, sigma^2)} on each bin, renormalized to the bins' total range, and the network's bin
 * log-probabilities are trained on it with cross-entropy.
 *
 * <p>The bins are centred on the C51 support's atoms: N atoms on {@code [vMin, vMax]}, bin width
 * {@code w = (vMax - vMin) / (N - 1)}, edges at {@code z_i -/+ w/2}, so {@code Q = sum_i p_i z_i} is the same
 * expectation as for C51 and one network serves both losses. {@code sigma = sigmaRatio * w} (the paper's default
 * ratio: 0.75); {@code y} is clipped to {@code [vMin, vMax]} first. Arithmetic is in double precision; golden
 * values from scipy: {@code scripts/reference/hl_gauss_golden.py}.
 */
public final class HlGaussProjection {

    /** The paper's default ratio of sigma to the bin width. */
    public static final double DEFAULT_SIGMA_RATIO = 0.75;

    private final Support support;
    private final double sigmaRatio;
    private final double[] edges;
    private final double sigma;

    /**
     * Targets on {@code support}'s atoms with {@code sigma = sigmaRatio * bin width}.
     *
     * @param support    the atoms (bin centres)
     * @param sigmaRatio sigma in bin widths, positive
     */
    public HlGaussProjection(Support support, double sigmaRatio) {
        checkArgument(sigmaRatio > 0 && Double.isFinite(sigmaRatio), "sigmaRatio must be > 0; got %s", sigmaRatio);
        this.support = support;
        this.sigmaRatio = sigmaRatio;
        double[] atoms = support.atoms();
        double w = (support.vMax() - support.vMin()) / (atoms.length - 1);
        this.edges = new double[atoms.length + 1];
        for (int i = 0; i < atoms.length; i++) {
            edges[i] = atoms[i] - w / 2;
        }
        edges[atoms.length] = atoms[atoms.length - 1] + w / 2;
        this.sigma = sigmaRatio * w;
    }

    /** {@return the support the bins are centred on} */
    public Support support() {
        return support;
    }

    /** {@return the ratio of sigma to the bin width} */
    public double sigmaRatio() {
        return sigmaRatio;
    }

    /**
     * The target distributions of a batch of scalar targets.
     *
     * @param y   {@code [B]} scalar targets
     * @param out {@code [B * N]} row-major target probabilities (written)
     */
    public void project(float[] y, float[] out) {
        int n = edges.length - 1;
        checkArgument(out.length == y.length * n, "out must hold %s values; got %s", y.length * n, out.length);
        double[] cdf = new double[edges.length];
        double scale = 1 / (sigma * Math.sqrt(2));
        for (int b = 0; b < y.length; b++) {
            double t = Math.min(support.vMax(), Math.max(support.vMin(), y[b]));
            for (int i = 0; i < edges.length; i++) {
                cdf[i] = erf((edges[i] - t) * scale);
            }
            double total = cdf[n] - cdf[0];
            for (int i = 0; i < n; i++) {
                out[b * n + i] = (float) ((cdf[i + 1] - cdf[i]) / total);
            }
        }
    }

    /**
     * The error function, to about 1e-15 (absolute): for {@code |x| <= 6} the everywhere-positive series
     * {@code erf(x) = 2/sqrt(pi) exp(-x^2) sum_n 2^n x^(2n+1) / (1 * 3 * ... * (2n+1))} (no cancellation), beyond
     * it {@code sign(x)} (erfc(6) is 2e-17). Java has no erf; a distribution's bin masses need only this accuracy.
     */
    static double erf(double x) {
        double ax = Math.abs(x);
        if (ax > 6) {
            return Math.signum(x);
        }
        double term = ax;
        double sum = ax;
        double x2 = ax * ax;
        for (int n = 0; n < 200 && term > 1e-17 * sum; n++) {
            term *= 2 * x2 / (2 * n + 3);
            sum += term;
        }
        double v = 2 / Math.sqrt(Math.PI) * Math.exp(-x2) * sum;
        return Math.copySign(Math.min(1.0, v), x);
    }
}
