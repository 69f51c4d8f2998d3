package org.scaledql.core.eval;

import java.util.List;
import org.scaledql.api.env.EnvironmentConfig;
import org.scaledql.api.eval.EvaluationConfig;
import org.scaledql.api.eval.EvaluationReport;
import org.scaledql.api.eval.EpisodeResult;
import org.scaledql.api.metrics.BootstrapConfig;
import org.scaledql.api.nn.NetworkConfig;
import org.scaledql.api.nn.ResNetConfig;
import org.scaledql.core.env.Games;
import org.scaledql.core.nn.SameDiffQNetwork;

/**
 * Measures evaluation throughput (environment steps per second) of a freshly initialised network on all ten
 * testbed games, for several batch widths ({@code maxParallelEpisodes}), so the gain of one batched forward
 * per step over one forward per environment shows. Needs an ND4J backend on the classpath, e.g.
 * {@code java -cp "scaledql-examples/target/scaledql-examples-*.jar:$(cat scaledql-examples/target/classpath.txt)"
 * org.scaledql.core.eval.EvaluationBenchmark [depth] [width] [episodes] [stepCap] [parallel...]}.
 *
 * <p>Defaults: ResNet-18 at width 0.25 with the small stem, 2 episodes per game, a 200-step cap (so that
 * batch width 1 stays affordable), batch widths 1, 10 and 20 (20 = every episode at once).
 */
public final class EvaluationBenchmark {

    private EvaluationBenchmark() {
    }

    /**
     * Runs the benchmark and prints one Markdown row per batch width on stdout.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        int depth = args.length > 0 ? Integer.parseInt(args[0]) : 18;
        double width = args.length > 1 ? Double.parseDouble(args[1]) : 0.25;
        int episodes = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int cap = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        int[] widths = args.length > 4
                ? java.util.Arrays.stream(args, 4, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, 10, 20};
        List<String> games = Games.names();
        NetworkConfig nc = NetworkConfig.builder(new int[] {10, 10, 10}, games.size(), 6)
                .encoder(new ResNetConfig(depth, width, 4, ResNetConfig.Stem.SMALL)).build();
        SameDiffQNetwork net = SameDiffQNetwork.create(nc, 1);
        System.out.printf("network: %s, %d games x %d episodes, cap %d steps%n", net, games.size(), episodes, cap);
        System.out.println("| batch width | steps | forwards/s | steps/s |");
        System.out.println("|---|---|---|---|");
        for (int w : widths) {
            EvaluationConfig c = EvaluationConfig.defaults(1).withEpisodes(episodes).withMaxParallelEpisodes(w)
                    .withEnvironment(EnvironmentConfig.defaults().withMaxEpisodeSteps(cap))
                    .withBootstrap(BootstrapConfig.defaults(1).withReps(1000));
            new TestbedEvaluator(c.withEpisodes(1).withMaxParallelEpisodes(Math.min(w, 10))).evaluate(net, games);
            long[] forwards = {0};
            CountingNetwork counting = new CountingNetwork(net, forwards);
            long t0 = System.nanoTime();
            EvaluationReport r = new TestbedEvaluator(c).evaluate(counting, games);
            double s = (System.nanoTime() - t0) / 1e9;
            long steps = r.games().stream().flatMap(g -> g.episodes().stream()).mapToLong(EpisodeResult::steps).sum();
            System.out.printf("| %d | %d | %.1f | %.0f |%n", w, steps, forwards[0] / s, steps / s);
        }
    }

    /** Counts forwards. */
    private static final class CountingNetwork implements org.scaledql.api.nn.QNetwork {
        private final SameDiffQNetwork inner;
        private final long[] forwards;

        CountingNetwork(SameDiffQNetwork inner, long[] forwards) {
            this.inner = inner;
            this.forwards = forwards;
        }

        @Override
        public NetworkConfig config() {
            return inner.config();
        }

        @Override
        public org.nd4j.linalg.api.ndarray.INDArray qValues(org.nd4j.linalg.api.ndarray.INDArray o,
                org.nd4j.linalg.api.ndarray.INDArray t) {
            forwards[0]++;
            return inner.qValues(o, t);
        }

        @Override
        public org.nd4j.linalg.api.ndarray.INDArray headOutputs(org.nd4j.linalg.api.ndarray.INDArray o,
                org.nd4j.linalg.api.ndarray.INDArray t) {
            return inner.headOutputs(o, t);
        }

        @Override
        public org.nd4j.linalg.api.ndarray.INDArray features(org.nd4j.linalg.api.ndarray.INDArray o) {
            return inner.features(o);
        }

        @Override
        public org.scaledql.api.nn.QNetwork copy() {
            return inner.copy();
        }

        @Override
        public void copyParamsFrom(org.scaledql.api.nn.QNetwork other) {
            inner.copyParamsFrom(other);
        }

        @Override
        public java.util.Map<String, org.nd4j.linalg.api.ndarray.INDArray> parameters() {
            return inner.parameters();
        }

        @Override
        public long parameterCount() {
            return inner.parameterCount();
        }

        @Override
        public java.util.Map<String, Long> parameterBreakdown() {
            return inner.parameterBreakdown();
        }

        @Override
        public void save(java.nio.file.Path file) throws java.io.IOException {
            inner.save(file);
        }
    }
}
