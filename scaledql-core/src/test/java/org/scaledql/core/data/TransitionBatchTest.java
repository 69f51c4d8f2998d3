package org.scaledql.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.scaledql.api.data.TransitionBatch;

/**
 * {@link TransitionBatch} (API module; tested here where a backend is on the class path): validation of raw
 * uint8 and float observations and of the scale, and the conversion to network inputs.
 */
class TransitionBatchTest {

    private static final float ATARI = 1 / 255f;

    /** {@code [2, 2, 8, 8]} uint8 holding every value 0..255 once. */
    private static INDArray allBytes() {
        byte[] v = new byte[256];
        for (int i = 0; i < 256; i++) {
            v[i] = (byte) i;
        }
        INDArray a = Nd4j.createUninitialized(DataType.UBYTE, 2, 2, 8, 8);
        a.data().asNio().put(0, v);
        return a;
    }

    private static TransitionBatch batch(INDArray obs, INDArray next, float scale) {
        long b = obs.size(0);
        return new TransitionBatch(obs, Nd4j.zeros(DataType.INT, b), Nd4j.zeros(DataType.FLOAT, b),
                Nd4j.ones(DataType.FLOAT, b), next, Nd4j.zeros(DataType.INT, b), scale);
    }

    @Test
    void uint8ObservationsScaleToFloat32ProductsBitForBit() {
        INDArray raw = allBytes();
        TransitionBatch b = batch(raw, raw.dup(), ATARI);
        assertThat(b.rawObservations()).isTrue();
        assertThat(b.dataType()).isEqualTo(DataType.UBYTE);
        float[] f = b.observationsAs(DataType.FLOAT).data().asFloat();
        double[] d = b.nextObservationsAs(DataType.DOUBLE).data().asDouble();
        for (int v = 0; v < 256; v++) {
            float expected = v * ATARI; // what the float sampler writes
            assertThat(Float.floatToIntBits(f[v])).as("value %s", v).isEqualTo(Float.floatToIntBits(expected));
            assertThat(d[v]).as("double input of value %s is the float32 product, widened", v).isEqualTo((double) expected);
        }
        assertThat(b.observations().data().asInt()).as("the batch's own array is untouched").contains(255);
        TransitionBatch one = batch(raw, raw, 1f);
        float[] exact = one.observationsAs(DataType.FLOAT).data().asFloat();
        for (int v = 0; v < 256; v++) {
            assertThat(exact[v]).isEqualTo((float) v);
        }
    }

    @Test
    void floatObservationsPassThroughOrScaleACopy() {
        INDArray obs = Nd4j.rand(DataType.FLOAT, 3, 1, 2, 2);
        TransitionBatch scaled = batch(obs, obs.dup(), 1f);
        assertThat(scaled.rawObservations()).isFalse();
        assertThat(scaled.observationsAs(DataType.FLOAT)).as("already network inputs: no copy").isSameAs(obs);
        assertThat(scaled.scaledTo(DataType.FLOAT)).isSameAs(scaled);
        assertThat(scaled.observationsAs(DataType.DOUBLE)).isEqualTo(obs.castTo(DataType.DOUBLE));
        INDArray before = obs.dup();
        TransitionBatch doubled = batch(obs, obs, 2f);
        assertThat(doubled.observationsAs(DataType.FLOAT)).isEqualTo(before.mul(2f));
        assertThat(obs).as("scaling works on a copy").isEqualTo(before);
        TransitionBatch s = doubled.scaledTo(DataType.FLOAT);
        assertThat(s.observationScale()).isEqualTo(1f);
        assertThat(s.nextObservations()).isEqualTo(before.mul(2f));
        assertThat(s.actions()).isSameAs(doubled.actions());
    }

    @Test
    void theSixArgumentConstructorMeansAlreadyScaled() {
        INDArray obs = Nd4j.rand(DataType.FLOAT, 2, 1, 2, 2);
        TransitionBatch b = new TransitionBatch(obs, Nd4j.zeros(DataType.INT, 2), Nd4j.zeros(DataType.FLOAT, 2),
                Nd4j.ones(DataType.FLOAT, 2), obs, Nd4j.zeros(DataType.INT, 2));
        assertThat(b.observationScale()).isEqualTo(1f);
    }

    @Test
    void validationNamesTheFieldTheValueAndTheRule() {
        INDArray raw = allBytes();
        INDArray f = raw.castTo(DataType.FLOAT);
        assertThatThrownBy(() -> batch(raw, f, ATARI)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nextObservations must have the data type of observations (UBYTE); got FLOAT");
        INDArray ints = raw.castTo(DataType.INT);
        assertThatThrownBy(() -> batch(ints, ints, 1f))
                .hasMessageContaining("observations must be uint8 (DataType.UBYTE, raw frame values) or floating point;"
                        + " got INT");
        for (float bad : new float[] {0f, -1f, Float.NaN, Float.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> batch(raw, raw, bad)).as("scale %s", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("observationScale must be finite and > 0")
                    .hasMessageContaining("got " + bad);
        }
        assertThatThrownBy(() -> batch(raw, raw.reshape(2, 2, 4, 16), ATARI))
                .hasMessageContaining("nextObservations must have the shape of observations [2, 2, 8, 8]; got [2, 2, 4, 16]");
        TransitionBatch ok = batch(raw, raw, ATARI);
        assertThatThrownBy(() -> ok.observationsAs(DataType.INT))
                .hasMessageContaining("only to a floating point type; got INT");
        assertThatThrownBy(() -> new TransitionBatch(raw, Nd4j.zeros(DataType.INT, 2), Nd4j.zeros(DataType.FLOAT, 3),
                Nd4j.ones(DataType.FLOAT, 2), raw, Nd4j.zeros(DataType.INT, 2), ATARI))
                .hasMessageContaining("rewards must be a vector of length B=2; got shape [3]");
        assertThatThrownBy(() -> new TransitionBatch(raw, Nd4j.zeros(DataType.INT, 2), Nd4j.zeros(DataType.FLOAT, 2),
                Nd4j.ones(DataType.FLOAT, 2), null, Nd4j.zeros(DataType.INT, 2), ATARI))
                .isInstanceOf(NullPointerException.class).hasMessage("nextObservations");
    }
}
