package org.scaledql.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Group norm against numpy values from scripts/reference/groupnorm_golden.py. */
class GroupNormGoldenTest {

    private static double[] doubles(JsonNode n) {
        double[] d = new double[n.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = n.get(i).asDouble();
        }
        return d;
    }

    @Test
    void matchesNumpyReference() throws Exception {
        JsonNode root;
        try (InputStream in = getClass().getResourceAsStream("/golden/groupnorm.json")) {
            root = new ObjectMapper().readTree(in);
        }
        assertThat(root.get("eps").asDouble()).isEqualTo(Layers.GROUP_NORM_EPS);
        int i = 0;
        for (JsonNode c : root.get("cases")) {
            long[] shape = new long[4];
            for (int d = 0; d < 4; d++) {
                shape[d] = c.get("shape").get(d).asLong();
            }
            for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                SameDiff sd = SameDiff.create();
                SDVariable x = sd.constant(Nd4j.createFromArray(doubles(c.get("x"))).reshape(shape).castTo(type));
                SDVariable gamma = sd.constant(Nd4j.createFromArray(doubles(c.get("gamma"))).castTo(type));
                SDVariable beta = sd.constant(Nd4j.createFromArray(doubles(c.get("beta"))).castTo(type));
                SDVariable y = Layers.groupNorm(sd, x, gamma, beta, c.get("groups").asInt(), shape[1], shape[2], shape[3]);
                INDArray got = y.eval().castTo(DataType.DOUBLE).reshape(-1);
                double[] want = doubles(c.get("y"));
                double tol = type == DataType.DOUBLE ? 1e-9 : 2e-4;
                for (int k = 0; k < want.length; k++) {
                    assertThat(got.getDouble(k)).as("case %s (%s) element %s", i, type, k).isCloseTo(want[k], within(tol));
                }
            }
            i++;
        }
        assertThat(i).isEqualTo(5);
    }
}
