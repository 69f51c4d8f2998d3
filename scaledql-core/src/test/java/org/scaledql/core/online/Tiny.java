package org.scaledql.core.online;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.learning.config.Adam;
import org.scaledql.api.env.Environment;
import org.scaledql.api.env.EnvironmentSpec;
import org.scaledql.api.env.StepOutcome;
import org.scaledql.api.learn.LossConfig;
import org.scaledql.api.nn.FeatureReduction;
import org.scaledql.api.nn.HeadConfig;
import org.scaledql.api.nn.ImpalaConfig;
import org.scaledql.api.nn.NetworkConfig;
import org.scaledql.api.nn.Support;
import org.scaledql.core.learn.ScaledQlTrainStep;
import org.scaledql.core.nn.SameDiffQNetwork;

/** Small networks and an action-recording environment for the online tests. */
final class Tiny {

    private Tiny() {
    }

    /** A one-section IMPALA encoder (8 channels), flatten, a 32-wide torso, C51 on [-10, 10]. */
    static NetworkConfig network(int[] observationShape, int games, int actions) {
        return NetworkConfig.builder(observationShape, games, actions)
                .encoder(new ImpalaConfig(new int[] {8}, 1, 0)).reduction(FeatureReduction.FLATTEN).torso(32)
                .featureNormalization(false).head(new HeadConfig.C51(new Support(51, -10, 10))).build();
    }

    /** C51 without CQL, Adam. */
    static ScaledQlTrainStep step(NetworkConfig config, long seed, double learningRate, int targetPeriod) {
        return ScaledQlTrainStep.builder(SameDiffQNetwork.create(config, seed))
                .loss(LossConfig.scaledQl().withCqlAlpha(0)).updater(new Adam(learningRate))
                .targetUpdatePeriod(targetPeriod).build();
    }

    /** Passes everything through and records each action and outcome. */
    static final class Recording implements Environment {
        final Environment env;
        final List<Integer> actions = new ArrayList<>();
        final List<StepOutcome> outcomes = new ArrayList<>();
        int resets;

        Recording(Environment env) {
            this.env = env;
        }

        @Override
        public EnvironmentSpec spec() {
            return env.spec();
        }

        @Override
        public void reset() {
            resets++;
            env.reset();
        }

        @Override
        public StepOutcome step(int action) {
            StepOutcome o = env.step(action);
            actions.add(action);
            outcomes.add(o);
            return o;
        }

        @Override
        public void observe(float[] dst, int offset) {
            env.observe(dst, offset);
        }

        @Override
        public void observe(byte[] dst, int offset) {
            env.observe(dst, offset);
        }

        @Override
        public int lastExecutedAction() {
            return env.lastExecutedAction();
        }

        @Override
        public int episodeSteps() {
            return env.episodeSteps();
        }

        @Override
        public double episodeReturn() {
            return env.episodeReturn();
        }

        @Override
        public boolean isDone() {
            return env.isDone();
        }
    }
}
