package org.scaledql.core.online;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.scaledql.api.env.EnvironmentConfig;
import org.scaledql.api.nn.FeatureReduction;
import org.scaledql.api.nn.HeadConfig;
import org.scaledql.api.nn.ImpalaConfig;
import org.scaledql.api.nn.NetworkConfig;
import org.scaledql.api.online.EpsilonSchedule;
import org.scaledql.api.online.OnlineConfig;
import org.scaledql.api.online.OnlineResult;
import org.scaledql.core.env.Games;
import org.scaledql.core.env.GridEnvironment;
import org.scaledql.core.env.TestbedScores;
import org.scaledql.core.learn.ScaledQlTrainStep;

/**
 * Issue 3's online sanity check: the learner, driven by the epsilon-greedy loop, learns the testbed's catch
 * (random policy 2.0, scripted expert 13.5 fruits per episode) from scratch in 10,000 environment steps
 * (5,000 gradient steps; about 30 s of CPU, minutes on a loaded 2-core machine).
 */
class OnlineCatchIT {

    @Test
    void learnsCatchWellAboveRandom() throws Exception {
        EnvironmentConfig ec = EnvironmentConfig.defaults(); // sticky actions 0.1, common layout
        GridEnvironment env = Games.create("catch", ec, 1);
        NetworkConfig nc = NetworkConfig.builder(env.spec().observationShape(), 1, 6)
                .encoder(new ImpalaConfig(new int[] {16}, 1, 0)).reduction(FeatureReduction.FLATTEN).torso(64)
                .featureNormalization(false).head(HeadConfig.c51()).build();
        ScaledQlTrainStep step = Tiny.step(nc, 2, 1e-3, 100);
        long steps = 10_000;
        OnlineConfig config = new OnlineConfig(steps, 50_000, 500, 2, 32, 1, 0.9,
                new EpsilonSchedule(1.0, 0.05, steps / 2, 500), 0.0, 3);
        OnlineResult r = OnlineQLearning.builder(step, env).config(config).build().run();

        double[] greedy = OnlineQLearning.evaluate(step.online(), Games.create("catch", ec, 99), 0, 20, 0.0, 5);
        double mean = Arrays.stream(greedy).average().orElseThrow();
        double random = TestbedScores.of("catch").random();
        System.err.printf("catch: greedy return %.2f (random %.2f, expert %.2f), last 20 training episodes %.2f,"
                + " %d gradient steps%n", mean, random, TestbedScores.of("catch").reference(), r.meanReturnOfLast(20),
                r.gradientSteps());
        assertThat(mean).as("greedy return after %s steps; per episode %s", steps, Arrays.toString(greedy))
                .isGreaterThan(random + 4);
        assertThat(r.meanReturnOfLast(20)).as("the learning curve rises").isGreaterThan(meanOfFirst(r, 20) + 2);
    }

    private static double meanOfFirst(OnlineResult r, int n) {
        return r.episodes().subList(0, n).stream().mapToDouble(e -> e.episodeReturn()).average().orElseThrow();
    }
}
