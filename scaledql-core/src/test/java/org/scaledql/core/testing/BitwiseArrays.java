package org.scaledql.core.testing;

import java.util.Arrays;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Exact comparison of ND4J arrays: same type, same shape and the same raw bits in every element. ND4J's
 * {@code INDArray.equals} (and AssertJ's {@code isEqualTo} on arrays) allows a difference of 1e-5, so tests that
 * claim "bit for bit" use this instead.
 */
public final class BitwiseArrays {

    private BitwiseArrays() {
    }

    /** Whether {@code a} and {@code b} have the same type, shape and raw bits (NaNs compare by their bits). */
    public static boolean sameBits(INDArray a, INDArray b) {
        if (a.dataType() != b.dataType() || !Arrays.equals(a.shape(), b.shape())) {
            return false;
        }
        INDArray x = a.dup('c');
        INDArray y = b.dup('c');
        if (a.dataType() == DataType.DOUBLE) {
            double[] u = x.data().asDouble();
            double[] v = y.data().asDouble();
            for (int i = 0; i < u.length; i++) {
                if (Double.doubleToRawLongBits(u[i]) != Double.doubleToRawLongBits(v[i])) {
                    return false;
                }
            }
            return true;
        }
        if (a.dataType() == DataType.FLOAT) {
            float[] u = x.data().asFloat();
            float[] v = y.data().asFloat();
            for (int i = 0; i < u.length; i++) {
                if (Float.floatToRawIntBits(u[i]) != Float.floatToRawIntBits(v[i])) {
                    return false;
                }
            }
            return true;
        }
        return Arrays.equals(x.data().asLong(), y.data().asLong()); // integer types: exact by construction
    }

    /** Whether two name-to-array maps hold the same names and bit-identical arrays under each. */
    public static boolean sameBits(Map<String, INDArray> a, Map<String, INDArray> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<String, INDArray> e : a.entrySet()) {
            if (!sameBits(e.getValue(), b.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** The first name whose arrays differ in any bit, or null when all are bit-identical. */
    public static String firstDifference(Map<String, INDArray> a, Map<String, INDArray> b) {
        for (Map.Entry<String, INDArray> e : a.entrySet()) {
            INDArray other = b.get(e.getKey());
            if (other == null || !sameBits(e.getValue(), other)) {
                return e.getKey();
            }
        }
        return null;
    }

    /** Fails naming the first differing array unless both maps are bit-identical. */
    public static void assertSameBits(Map<String, INDArray> actual, Map<String, INDArray> expected, String what) {
        if (!actual.keySet().equals(expected.keySet())) {
            throw new AssertionError(what + ": names differ: " + actual.keySet() + " vs " + expected.keySet());
        }
        String d = firstDifference(actual, expected);
        if (d != null) {
            throw new AssertionError(what + ": " + d + " differs in at least one bit");
        }
    }

    /** Fails unless both arrays are bit-identical. */
    public static void assertSameBits(INDArray actual, INDArray expected, String what) {
        if (!sameBits(actual, expected)) {
            throw new AssertionError(what + ": arrays differ in at least one bit (or in type or shape)");
        }
    }
}
