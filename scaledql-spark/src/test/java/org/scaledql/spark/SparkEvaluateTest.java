package org.scaledql.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scaledql.api.env.EnvironmentConfig;
import org.scaledql.api.eval.EvaluationConfig;
import org.scaledql.api.eval.EvaluationReport;
import org.scaledql.api.metrics.BootstrapConfig;
import org.scaledql.api.nn.HeadConfig;
import org.scaledql.api.nn.NetworkConfig;
import org.scaledql.api.nn.ResNetConfig;
import org.scaledql.core.env.Games;
import org.scaledql.core.eval.TestbedEvaluator;
import org.scaledql.core.nn.SameDiffQNetwork;

/** The Spark evaluation (local mode) against {@link TestbedEvaluator} in one JVM: the same report. */
class SparkEvaluateTest {

    @TempDir
    Path tmp;

    @Test
    void perGameTasksGiveTheSameReportAsOneEvaluator() throws Exception {
        EnvironmentConfig env = EnvironmentConfig.defaults().withMaxEpisodeSteps(40);
        int[] shape = Games.create("catch", env, 0).spec().observationShape();
        NetworkConfig c = NetworkConfig.builder(shape, 2, 6)
                .encoder(new ResNetConfig(18, 0.125, 4, ResNetConfig.Stem.SMALL)).torso(8)
                .head(HeadConfig.scalar()).build();
        SameDiffQNetwork net = SameDiffQNetwork.create(c, 11);
        Path file = tmp.resolve("network.sqlarr");
        net.save(file);
        Map<String, Integer> taskIds = new LinkedHashMap<>();
        taskIds.put("catch", 0);
        taskIds.put("breakout", 1);
        EvaluationConfig cfg = EvaluationConfig.defaults(3).withEpisodes(3).withEpsilon(0.05).withEnvironment(env)
                .withBootstrap(BootstrapConfig.defaults(3).withReps(500));
        EvaluationReport one = new TestbedEvaluator(cfg).evaluate(SameDiffQNetwork.load(file), taskIds, (e, f, t) -> { });
        EvaluationReport spark;
        Path other = tmp.resolve("other.sqlarr");
        SameDiffQNetwork.create(c, 12).save(other);
        org.scaledql.api.metrics.ScoreMatrix m;
        try (JavaSparkContext sc = new JavaSparkContext(new SparkConf().setMaster("local[2]")
                .setAppName("SparkEvaluateTest").set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1"))) {
            sc.setLogLevel("ERROR");
            spark = SparkEvaluate.run(sc, file, taskIds, cfg);
            m = SparkEvaluate.scoreMatrix(sc, java.util.List.of(file, other), taskIds, cfg, java.util.List.of(3L, 8L));
        }
        assertThat(spark.games()).isEqualTo(one.games());
        assertThat(spark.iqm()).isEqualTo(one.iqm());
        assertThat(spark.normalizationTable()).isEqualTo(one.normalizationTable());

        // score matrix: rows (network, seed) network-major, columns games; each cell what one evaluator reports
        assertThat(m.taskNames()).containsExactly("catch", "breakout");
        assertThat(m.scores()).hasNumberOfRows(4);
        int row = 0;
        for (Path f : java.util.List.of(file, other)) {
            for (long seed : new long[] {3, 8}) {
                EvaluationReport r = new TestbedEvaluator(cfg.withSeed(seed)).evaluate(SameDiffQNetwork.load(f),
                        taskIds, (e, fin, t) -> { });
                assertThat(m.scores()[row]).as("row %d", row).containsExactly(r.game("catch").normalizedMean(),
                        r.game("breakout").normalizedMean());
                row++;
            }
        }
    }
}
