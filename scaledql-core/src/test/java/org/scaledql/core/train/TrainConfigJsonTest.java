package org.scaledql.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scaledql.api.learn.LossConfig;
import org.scaledql.api.nn.HeadConfig;
import org.scaledql.api.nn.ImpalaConfig;
import org.scaledql.api.train.NetworkSpec;
import org.scaledql.api.train.TrainConfig;
import org.scaledql.core.io.Json;

/** The JSON config: presets round-trip, and each bad value is reported with the file and the field. */
class TrainConfigJsonTest {

    @Test
    void presetsRoundTripThroughJson(@TempDir Path dir) throws Exception {
        for (TrainConfig c : new TrainConfig[] {TrainConfig.small(), TrainConfig.paper()}) {
            Path f = dir.resolve("c.json");
            Files.writeString(f, Json.mapper().writeValueAsString(c));
            assertThat(Json.read(f, TrainConfig.class)).isEqualTo(c);
        }
    }

    @Test
    void anImpalaEncoderWithGroupNormRoundTrips(@TempDir Path dir) throws Exception {
        TrainConfig s = TrainConfig.small();
        NetworkSpec n = s.network();
        TrainConfig c = s.withObjective(s.loss(), new NetworkSpec(ImpalaConfig.defaults().withGroupNorm(4), n.reduction(),
                n.torsoWidths(), n.featureNormalization(), n.head()));
        Path f = dir.resolve("c.json");
        Files.writeString(f, Json.mapper().writeValueAsString(c));
        assertThat(Files.readString(f)).contains("\"groupNormGroups\" : 4");
        assertThat(Json.read(f, TrainConfig.class)).isEqualTo(c);
    }

    private static String smallJson() throws Exception {
        return Json.mapper().writeValueAsString(TrainConfig.small());
    }

    @Test
    void badValuesNameTheFileAndTheField(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, smallJson().replace("\"learningRate\" : 0.001", "\"learningRate\" : -1.0"));
        assertThatThrownBy(() -> Json.read(f, TrainConfig.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("optimizer").hasMessageContaining("learningRate must be > 0");

        Files.writeString(f, smallJson().replace("\"batchSize\" : 32", "\"batchSize\" : 0"));
        assertThatThrownBy(() -> Json.read(f, TrainConfig.class)).hasMessageContaining("batchSize must be >= 1; got 0");

        Files.writeString(f, smallJson().replace("\"depth\" : 18", "\"depth\" : 19"));
        assertThatThrownBy(() -> Json.read(f, TrainConfig.class)).hasMessageContaining("network.encoder")
                .hasMessageContaining("depth=19");

        Files.writeString(f, smallJson().replace("\"batchSize\"", "\"batchSzie\""));
        assertThatThrownBy(() -> Json.read(f, TrainConfig.class))
                .hasMessageContaining("unknown key 'batchSzie' in (top level); did you mean 'batchSize'?");

        Files.writeString(f, smallJson().replace("\"epsilon\"", "\"epsilom\""));
        assertThatThrownBy(() -> Json.read(f, TrainConfig.class))
                .hasMessageContaining("unknown key 'epsilom' in optimizer; did you mean 'epsilon'?");

        Files.writeString(f, "{ \"network\": ");
        assertThatThrownBy(() -> Json.read(f, TrainConfig.class)).hasMessageContaining("malformed JSON");

        assertThatThrownBy(() -> Json.read(dir.resolve("missing.json"), TrainConfig.class)).hasMessageContaining("missing.json");
    }

    /** Regression: these were silently coerced (32.5 and "32" became 32) or kept the last value. */
    @Test
    void nonIntegralNumbersStringsAndDuplicateKeysAreRefused(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.json");
        String[][] cases = {
            {"\"batchSize\" : 32", "\"batchSize\" : 32.5", "batchSize"},
            {"\"batchSize\" : 32", "\"batchSize\" : \"32\"", "batchSize"},
            {"\"steps\" : 3000", "\"steps\" : 3e3", "steps"},
            {"\"learningRate\" : 0.001", "\"learningRate\" : \"0.001\"", "learningRate"},
            {"\"featureNormalization\" : true", "\"featureNormalization\" : \"true\"", "featureNormalization"},
            {"\"featureNormalization\" : true", "\"featureNormalization\" : 1", "featureNormalization"},
        };
        for (String[] c : cases) {
            assertThat(smallJson()).contains(c[0]);
            Files.writeString(f, smallJson().replace(c[0], c[1]));
            assertThatThrownBy(() -> Json.read(f, TrainConfig.class)).as(c[1]).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(f.toString()).hasMessageContaining(c[2]);
        }
        Files.writeString(f, smallJson().replace("\"batchSize\" : 32", "\"batchSize\" : 32, \"batchSize\" : 64"));
        assertThatThrownBy(() -> Json.read(f, TrainConfig.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("Duplicate field 'batchSize'");
        Files.writeString(f, smallJson() + " }");
        assertThatThrownBy(() -> Json.read(f, TrainConfig.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("malformed JSON at line");
    }

    @Test
    void lossAndHeadMustAgree() {
        TrainConfig c = TrainConfig.small();
        assertThatThrownBy(() -> c.withObjective(LossConfig.mse(), c.network()))
                .hasMessageContaining("loss.td=MSE needs network.head of type scalar");
        assertThatThrownBy(() -> c.withObjective(LossConfig.scaledQl(), c.network().withHead(HeadConfig.scalar())))
                .hasMessageContaining("loss.td=CATEGORICAL needs network.head of type c51");
    }
}
