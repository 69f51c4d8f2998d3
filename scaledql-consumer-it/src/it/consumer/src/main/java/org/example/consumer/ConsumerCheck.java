package org.example.consumer;

import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.scaledql.api.data.GameWeighting;
import org.scaledql.api.data.ObservationFormat;
import org.scaledql.api.data.Sampler;
import org.scaledql.api.data.SamplerConfig;
import org.scaledql.api.data.TransitionStore;
import org.scaledql.api.env.EnvironmentConfig;
import org.scaledql.api.eval.EvaluationConfig;
import org.scaledql.api.eval.EvaluationReport;
import org.scaledql.api.learn.LossConfig;
import org.scaledql.api.learn.LossTerm;
import org.scaledql.api.learn.StepResult;
import org.scaledql.api.metrics.BootstrapConfig;
import org.scaledql.api.metrics.Interval;
import org.scaledql.api.nn.HeadConfig;
import org.scaledql.api.nn.ImpalaConfig;
import org.scaledql.api.nn.NetworkConfig;
import org.scaledql.api.nn.Support;
import org.scaledql.api.train.OptimizerConfig;
import org.scaledql.core.data.sampling.Samplers;
import org.scaledql.core.data.store.InMemoryStoreWriter;
import org.scaledql.core.data.store.TransitionStores;
import org.scaledql.core.env.DatasetGenerator;
import org.scaledql.core.eval.Evaluators;
import org.scaledql.core.learn.ScaledQlTrainStep;
import org.scaledql.core.metrics.Aggregates;
import org.scaledql.core.metrics.StratifiedBootstrap;
import org.scaledql.core.nn.Blocks;
import org.scaledql.core.nn.Encoder;
import org.scaledql.core.nn.EncoderFactory;
import org.scaledql.core.nn.SameDiffQNetwork;

/**
 * A program a user of the library could write, built against the installed artifacts through the BOM: a loss term
 * of its own, an IMPALA encoder with group norm and an encoder of its own (from {@code Blocks}) each trained for a
 * few steps, an evaluation, and the IQM with a stratified-bootstrap interval. It exits non-zero (failing the build that runs it) if any of that fails.
 */
public final class ConsumerCheck {

    private ConsumerCheck() {
    }

    /**
     * Runs the check.
     *
     * @param args unused
     * @throws Exception if anything fails
     */
    public static void main(String[] args) throws Exception {
        long seed = 7;
        int steps = 3;
        List<String> games = List.of("catch", "breakout");
        EnvironmentConfig env = EnvironmentConfig.defaults().withMaxEpisodeSteps(200);

        // Data: a small dataset from two testbed games, kept in memory.
        InMemoryStoreWriter sink = TransitionStores.inMemory();
        DatasetGenerator.generate(new DatasetGenerator.Config(games, 300, env, seed), sink);
        sink.close();
        TransitionStore store = sink.store();
        int[] frame = store.games().get(0).frameShapeArray();
        int numActions = store.games().stream().mapToInt(g -> g.numActions()).max().orElseThrow();

        // A built-in encoder from its config: a two-section IMPALA CNN with group norm, a small C51 head.
        NetworkConfig netConfig = NetworkConfig.builder(frame, games.size(), numActions)
                .encoder(new ImpalaConfig(new int[] {8, 8}, 1, 1).withGroupNorm(4))
                .torso(32)
                .head(new HeadConfig.C51(Support.uniform(11, -5, 5)))
                .build();
        SameDiffQNetwork online = SameDiffQNetwork.create(netConfig, seed);

        // A loss term of our own, next to the built-in Scaled QL objective.
        LossTerm qPenalty = LossTerm.of("q_l2", c -> c.dataActionQ().mul(c.dataActionQ()).mean());
        ScaledQlTrainStep step = ScaledQlTrainStep.builder(online).loss(LossConfig.scaledQl())
                .optimizer(OptimizerConfig.adam(1e-3, 1e-4), steps).addLossTerm(qPenalty, 1e-3).build();

        SamplerConfig sampling = new SamplerConfig(16, 1, 1, 0.99, GameWeighting.gameBalanced(), seed, 2,
                ObservationFormat.FLOAT);
        Map<String, Double> metrics = Map.of();
        try (Sampler sampler = Samplers.fromStore(store, games, sampling)) {
            for (int s = 0; s < steps; s++) {
                StepResult r = step.step(sampler.next());
                metrics = r.metrics();
            }
        }
        for (String key : List.of("loss/total", "loss/td", "loss/cql", "loss/q_l2")) {
            Double v = metrics.get(key);
            if (v == null || !Double.isFinite(v)) {
                throw new IllegalStateException("expected a finite " + key + " after " + steps + " steps; got "
                        + metrics);
            }
        }

        // An encoder of our own from the library's blocks, trained by the same step in the same pipeline.
        EncoderFactory convResidual = (params, prefix, in) -> {
            Blocks.Conv conv = Blocks.Conv.create(params, prefix + "/conv", 3, in[0], 8, 1, true, true);
            Blocks.GroupNorm norm = Blocks.GroupNorm.create(params, prefix + "/norm", 4, 8, in[1], in[2]);
            Blocks.ResidualBlock block = Blocks.ResidualBlock.create(params, prefix + "/block", 8, 4, in[1], in[2]);
            SameDiff sd = params.sameDiff();
            return Encoder.of(x -> sd.nn().relu(block.apply(sd, norm.apply(sd, conv.apply(sd, x))), 0),
                    8, in[1], in[2]);
        };
        ScaledQlTrainStep customStep = ScaledQlTrainStep.builder(
                SameDiffQNetwork.create(netConfig, convResidual, seed)).loss(LossConfig.scaledQl())
                .optimizer(OptimizerConfig.adam(1e-3, 1e-4), steps).build();
        if (customStep.target().customEncoder().isEmpty()) {
            throw new IllegalStateException("the target network of a custom encoder lost its encoder");
        }
        double customLoss = Double.NaN;
        try (Sampler sampler = Samplers.fromStore(store, games, sampling)) {
            for (int s = 0; s < steps; s++) {
                customLoss = customStep.step(sampler.next()).metric("loss/total");
            }
        }
        if (!Double.isFinite(customLoss)) {
            throw new IllegalStateException("expected a finite loss/total from the custom encoder; got " + customLoss);
        }

        // Evaluation, then the IQM of the normalized returns with a stratified-bootstrap interval.
        EvaluationReport report = Evaluators.testbed(EvaluationConfig.defaults(seed).withEpisodes(4)
                .withEnvironment(env)).evaluate(step.online(), games);
        StratifiedBootstrap bootstrap = new StratifiedBootstrap(BootstrapConfig.defaults(seed).withReps(2_000));
        Interval iqm = bootstrap.interval(report.normalizedScores(), Aggregates.iqm());
        if (!(iqm.lower() <= iqm.point() && iqm.point() <= iqm.upper())) {
            throw new IllegalStateException("the IQM lies outside its own interval: " + iqm);
        }
        System.out.printf("consumer check: %d steps, loss/total %.4f, loss/q_l2 %.6f, custom encoder loss/total %.4f, "
                + "IQM %.3f [%.3f, %.3f]%n", steps, metrics.get("loss/total"), metrics.get("loss/q_l2"), customLoss,
                iqm.point(), iqm.lower(), iqm.upper());
    }
}
