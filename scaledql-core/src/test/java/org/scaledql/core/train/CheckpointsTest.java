package org.scaledql.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.scaledql.api.data.SamplerState;
import org.scaledql.api.learn.TrainingState;
import org.scaledql.core.io.ArrayCodec;

class CheckpointsTest {

    private static Map<String, INDArray> arrays(List<String> order) {
        Map<String, INDArray> m = new LinkedHashMap<>();
        for (String name : order) {
            m.put(name, Nd4j.createFromArray(new float[] {name.length(), name.charAt(0)}).castTo(DataType.FLOAT));
        }
        return m;
    }

    /**
     * Regression: the file followed the maps' iteration order, and {@link TrainingState} holds {@code Map.copyOf}
     * maps, whose order is randomized per JVM: equal states gave different bytes in different processes. Now the
     * arrays are written sorted by name (checked by reading the file's order back).
     */
    @Test
    void equalStatesGiveByteIdenticalFilesWhateverTheMapOrder(@TempDir Path dir) throws Exception {
        List<String> names = List.of("encoder/w", "heads/b", "torso/w", "a");
        List<String> reversed = List.of("a", "torso/w", "heads/b", "encoder/w");
        SamplerState sampler = new SamplerState(1, 2, 3);
        Path a = new Checkpoints(dir.resolve("a")).write(
                new TrainingState(7, arrays(names), arrays(names), arrays(names)), sampler, List.of("catch"));
        Path b = new Checkpoints(dir.resolve("b")).write(
                new TrainingState(7, arrays(reversed), arrays(reversed), arrays(reversed)), sampler, List.of("catch"));
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
        assertThat(Checkpoints.read(a).state().online()).isEqualTo(arrays(names));
        List<String> fileOrder = List.copyOf(ArrayCodec.read(a).arrays().keySet());
        List<String> sorted = names.stream().sorted().toList();
        List<String> expected = new java.util.ArrayList<>();
        for (String group : List.of("online/", "target/", "optimizer/")) {
            sorted.forEach(n -> expected.add(group + n));
        }
        assertThat(fileOrder).isEqualTo(expected);
    }
}
