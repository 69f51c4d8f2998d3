package org.scaledql.core.nn;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Creates the trainable variables of a graph with deterministic initial values. Each parameter's values
 * come from a Java {@link SplittableRandom} seeded by the network seed and the parameter's name, so they are
 * identical on every backend and do not depend on the order in which parameters are created (re-initialising
 * one head for transfer leaves the others as they would have been).
 */
public final class ParameterFactory {

    /** How a parameter's initial values are drawn. */
    public enum Init {
        /** Normal with standard deviation {@code sqrt(2 / fanIn)} (He et al. 2015), for layers before a ReLU. */
        HE_NORMAL,
        /** Uniform on {@code +-1/sqrt(fanIn)} (PyTorch's default for linear and conv layers). */
        UNIFORM_FAN_IN,
        /** All zeros (biases, group-norm shifts). */
        ZEROS,
        /** All ones (group-norm scales). */
        ONES
    }

    private final SameDiff sd;
    private final DataType dataType;
    private final long seed;
    private final Map<String, SDVariable> params = new LinkedHashMap<>();

    /**
     * @param sd       the graph to add variables to
     * @param dataType the floating type of every parameter (FLOAT for training, DOUBLE for gradient checks)
     * @param seed     the network seed
     */
    public ParameterFactory(SameDiff sd, DataType dataType, long seed) {
        checkArgument(dataType.isFPType(), "parameters need a floating type; got %s", dataType);
        this.sd = sd;
        this.dataType = dataType;
        this.seed = seed;
    }

    /** {@return the graph parameters are created in} */
    public SameDiff sameDiff() {
        return sd;
    }

    /** {@return the parameters' floating type} */
    public DataType dataType() {
        return dataType;
    }

    /**
     * Creates a trainable variable.
     *
     * @param name  unique slash-separated name, e.g. {@code encoder/stage1/block0/conv1/w}
     * @param init  how to draw its values
     * @param fanIn inputs per output unit (ignored for ZEROS and ONES)
     * @param shape its shape
     * @return the variable
     */
    public SDVariable create(String name, Init init, long fanIn, long... shape) {
        checkArgument(!params.containsKey(name), "parameter %s already exists", name);
        SDVariable v = sd.var(name, initialValues(name, init, fanIn, shape));
        params.put(name, v);
        return v;
    }

    /**
     * {@return the initial values {@link #create} would give a parameter of this name, init and shape}
     *
     * @param name  the parameter name
     * @param init  how to draw the values
     * @param fanIn inputs per output unit
     * @param shape the shape
     */
    public INDArray initialValues(String name, Init init, long fanIn, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        checkArgument(n <= Integer.MAX_VALUE, "parameter %s is too large: %s values", name, n);
        double[] values = new double[(int) n];
        long nameHash = Hashing.murmur3_128().hashString(name, StandardCharsets.UTF_8).asLong();
        SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ nameHash);
        switch (init) {
            case HE_NORMAL -> {
                double std = Math.sqrt(2.0 / fanIn);
                for (int i = 0; i < values.length; i++) {
                    values[i] = gaussian(rng) * std;
                }
            }
            case UNIFORM_FAN_IN -> {
                double bound = 1.0 / Math.sqrt(fanIn);
                for (int i = 0; i < values.length; i++) {
                    values[i] = rng.nextDouble(-bound, bound);
                }
            }
            case ZEROS -> { }
            case ONES -> java.util.Arrays.fill(values, 1.0);
            default -> throw new IllegalStateException("unreachable: " + init);
        }
        return Nd4j.createFromArray(values).castTo(dataType).reshape(shape);
    }

    /** {@return every parameter created so far, in creation order} */
    public Map<String, SDVariable> parameters() {
        return Collections.unmodifiableMap(params);
    }

    private static double gaussian(SplittableRandom rng) {
        // Box-Muller; SplittableRandom has no nextGaussian in Java 17.
        double u1 = rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u1)) * Math.cos(2 * Math.PI * u2);
    }
}
