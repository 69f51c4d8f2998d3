package org.scaledql.core.testing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.scaledql.core.runtime.Quiet;

/**
 * Central-difference gradient checks in double precision for SameDiff graphs. Simpler and stricter than
 * ND4J's {@code GradCheckUtil}, which needs DOUBLE as the global default type and gradients for every
 * placeholder (docs/backends.md).
 */
public final class GradCheck {

    /** One element whose analytic and numeric derivatives disagree. */
    public record Mismatch(String parameter, long index, double analytic, double numeric) {
    }

    private GradCheck() {
    }

    /**
     * Compares analytic gradients of scalar {@code loss} with central differences on up to
     * {@code maxPerParam} randomly chosen elements of each parameter.
     *
     * @return the mismatches (empty when the check passes)
     */
    public static List<Mismatch> check(SameDiff sd, String loss, Map<String, INDArray> placeholders,
            Collection<String> params, int maxPerParam, long seed) {
        double eps = 1e-6;
        double maxRel = 1e-5;
        double absTol = 1e-8;
        Quiet.createGradFunction(sd, loss);
        Map<String, INDArray> grads = sd.calculateGradients(placeholders, params);
        SplittableRandom rng = new SplittableRandom(seed);
        List<Mismatch> bad = new ArrayList<>();
        for (String p : params) {
            INDArray arr = sd.getArrForVarName(p);
            if (arr.dataType() != DataType.DOUBLE) {
                throw new IllegalArgumentException("gradient checks need DOUBLE parameters; " + p + " is " + arr.dataType());
            }
            INDArray flat = arr.reshape(arr.length()); // a view: writes go to the parameter
            INDArray g = grads.get(p).reshape(arr.length());
            long n = arr.length();
            int count = (int) Math.min(n, maxPerParam);
            for (int k = 0; k < count; k++) {
                long i = n <= maxPerParam ? k : rng.nextLong(n);
                double orig = flat.getDouble(i);
                flat.putScalar(i, orig + eps);
                double plus = sd.output(placeholders, loss).get(loss).getDouble(0);
                flat.putScalar(i, orig - eps);
                double minus = sd.output(placeholders, loss).get(loss).getDouble(0);
                flat.putScalar(i, orig);
                double numeric = (plus - minus) / (2 * eps);
                double analytic = g.getDouble(i);
                double diff = Math.abs(numeric - analytic);
                if (diff > absTol && diff / Math.max(Math.abs(numeric), Math.abs(analytic)) > maxRel) {
                    bad.add(new Mismatch(p, i, analytic, numeric));
                }
            }
        }
        return bad;
    }
}
