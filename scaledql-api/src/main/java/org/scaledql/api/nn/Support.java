package org.scaledql.api.nn;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The fixed support of a C51 return distribution: {@code numAtoms} atoms evenly spaced from {@code vMin} to
 * {@code vMax} (Bellemare et al. 2017), {@code z_i = vMin + i * (vMax - vMin) / (numAtoms - 1)}.
 *
 * @param numAtoms number of atoms N, at least 2 (default 51, Bellemare et al. 2017 and Dopamine's C51)
 * @param vMin     smallest representable return (default -10, Dopamine's C51)
 * @param vMax     largest representable return (default 10)
 */
public record Support(int numAtoms, double vMin, double vMax) {

    /**
     * Validates the support.
     *
     * @param numAtoms number of atoms N, at least 2 (default 51, Bellemare et al. 2017 and Dopamine's C51)
     * @param vMin     smallest representable return (default -10, Dopamine's C51)
     * @param vMax     largest representable return (default 10)
     */
    public Support {
        checkArgument(numAtoms >= 2, "C51 support needs numAtoms >= 2; got numAtoms=%s", numAtoms);
        checkArgument(Double.isFinite(vMin) && Double.isFinite(vMax) && vMin < vMax,
                "C51 support needs finite vMin < vMax; got vMin=%s, vMax=%s", vMin, vMax);
    }

    /**
     * {@return the default support: 51 atoms on [-10, 10], as in Dopamine's C51 configs and the Scaled QL code base}
     */
    public static Support defaults() {
        return new Support(51, -10, 10);
    }

    /**
     * Evenly spaced support with the given atom count and range.
     *
     * @param numAtoms number of atoms N, at least 2 (default 51, Bellemare et al. 2017 and Dopamine's C51)
     * @param vMin     smallest representable return (default -10, Dopamine's C51)
     * @param vMax     largest representable return (default 10)
     * @return the support
     */
    public static Support uniform(int numAtoms, double vMin, double vMax) {
        return new Support(numAtoms, vMin, vMax);
    }

    /**
     * Distance between neighbouring atoms, {@code (vMax - vMin) / (numAtoms - 1)}.
     *
     * @return the atom spacing
     */
    public double delta() {
        return (vMax - vMin) / (numAtoms - 1);
    }

    /** {@return the atom values {@code z_0 .. z_{N-1}}; the last one is exactly {@code vMax}} */
    public double[] atoms() {
        double[] z = new double[numAtoms];
        for (int i = 0; i < numAtoms; i++) {
            z[i] = i == numAtoms - 1 ? vMax : vMin + i * delta();
        }
        return z;
    }
}
