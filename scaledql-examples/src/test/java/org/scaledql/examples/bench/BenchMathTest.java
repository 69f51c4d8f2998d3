package org.scaledql.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.scaledql.api.nn.NatureCnnConfig;
import org.scaledql.api.nn.NetworkConfig;

/** FLOP counting, percentiles, row selection and the parsers of the bench package. */
class BenchMathTest {

    @Test
    void natureCnnFlopsMatchAHandCount() {
        NetworkConfig c = NetworkConfig.builder(new int[] {4, 84, 84}, 5, 18).encoder(NatureCnnConfig.defaults()).build();
        // conv1 8x8/4: 20x20x32 outputs, 8*8*4 MACs each; conv2 4x4/2: 9x9x64, 4*4*32; conv3 3x3/1: 7x7x64, 3*3*64
        double convMacs = 20 * 20 * 32 * 256.0 + 9 * 9 * 64 * 512.0 + 7 * 7 * 64 * 576.0;
        double embedding = 64 * 7 * 7;
        double torso = 64 * 512;
        double heads = 512.0 * 5 * 18 * 51;
        assertThat(StepFlops.forward(c)).isEqualTo(2 * (convMacs + embedding + torso + heads));
        assertThat(StepFlops.trainingStep(c, 32)).isEqualTo(4 * 32 * StepFlops.forward(c));
    }

    @Test
    void resnetFlopsGrowWithDepthAndShrinkWithWidth() {
        List<BenchRow> rows = BenchRows.standard();
        double r18 = StepFlops.forward(row(rows, "resnet18/32").config());
        double r34 = StepFlops.forward(row(rows, "resnet34/32").config());
        assertThat(r34).isGreaterThan(1.8 * r18);
        // ResNet-18 at 224x224 is 1.8 GMACs (He et al. 2016); at 84x84 the encoder is about (84/224)^2 of that.
        assertThat(r18 / 2).isBetween(0.2e9, 0.35e9);
        assertThat(StepFlops.forward(row(rows, "testbed/32").config())).isLessThan(r18 / 10);
    }

    @Test
    void percentilesInterpolateLikeNumpy() {
        SplittableRandom r = new SplittableRandom(7);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + r.nextInt(30);
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = r.nextDouble() * 100;
            }
            Timing t = new Timing(0, v);
            double[] s = v.clone();
            Arrays.sort(s);
            String ctx = "seed 7, trial " + trial + ", values " + Arrays.toString(v);
            assertThat(t.percentile(0)).as(ctx).isEqualTo(s[0]);
            assertThat(t.percentile(100)).as(ctx).isEqualTo(s[n - 1]);
            assertThat(t.p10Ms()).as(ctx).isLessThanOrEqualTo(t.medianMs());
            assertThat(t.medianMs()).as(ctx).isLessThanOrEqualTo(t.p90Ms());
            if (n % 2 == 1) {
                assertThat(t.medianMs()).as(ctx).isEqualTo(s[n / 2]);
            } else {
                assertThat(t.medianMs()).as(ctx).isCloseTo((s[n / 2 - 1] + s[n / 2]) / 2, within(1e-9));
            }
        }
        assertThat(new Timing(0, new double[] {1, 2, 3, 4, 5}).p10Ms()).isCloseTo(1.4, within(1e-12));
    }

    @Test
    void rowSelectorsPickNetworksOrSingleRowsAndRejectUnknownOnes() {
        List<BenchRow> all = BenchRows.standard();
        assertThat(BenchRows.select(all, List.of("resnet18")).stream().map(BenchRow::id))
                .containsExactly("resnet18/32", "resnet18/64");
        assertThat(BenchRows.select(all, List.of("testbed/64", "nature/32")).stream().map(BenchRow::id))
                .containsExactly("nature/32", "testbed/64");
        assertThat(BenchRows.select(all, List.of("all"))).hasSize(11);
        assertThat(BenchRows.select(all, List.of("dt")).stream().map(BenchRow::id)).containsExactly("dt/32");
        assertThatThrownBy(() -> BenchRows.select(all, List.of("resnet50")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown row 'resnet50'").hasMessageContaining("resnet18/32");
    }

    @Test
    void peerOutputIsParsedAndBadOutputNamesTheScript() throws IOException {
        String ok = "{\"torch\": \"1.13\", \"rows\": [{\"network\": \"nature\", \"batch\": 32, \"medianMs\": 27.5}]}";
        assertThat(PytorchPeer.parse(ok, "peer.py")).containsEntry("nature/32", 27.5);
        assertThatThrownBy(() -> PytorchPeer.parse("Traceback (most recent call last)", "peer.py"))
                .isInstanceOf(IOException.class).hasMessageContaining("peer.py").hasMessageContaining("not one JSON");
        assertThatThrownBy(() -> PytorchPeer.parse("{\"rows\": [{\"network\": \"nature\"}]}", "peer.py"))
                .isInstanceOf(IOException.class).hasMessageContaining("medianMs");
    }

    @Test
    void peerSpecCarriesTheWholeNetwork() {
        var spec = PytorchPeer.spec(BenchRows.select(BenchRows.standard(), List.of("testbed/32")));
        var row = spec.get(0);
        assertThat(row.get("observationShape").toString()).isEqualTo("[10,10,10]");
        assertThat(row.get("games").asInt()).isEqualTo(10);
        assertThat(row.get("actions").asInt()).isEqualTo(6);
        assertThat(row.get("torso").toString()).isEqualTo("[256]");
        assertThat(row.get("encoder").get("width").asDouble()).isEqualTo(0.25);
        assertThat(row.get("encoder").get("groups").asInt()).isEqualTo(4);
        assertThat(row.get("encoder").get("stem").asText()).isEqualTo("SMALL");
    }

    @Test
    void peerSpecOfTheDecisionTransformerRowCarriesTheWholeModel() {
        var row = PytorchPeer.spec(BenchRows.select(BenchRows.standard(), List.of("dt/32"))).get(0);
        var dt = org.scaledql.api.dt.DecisionTransformerConfig.small();
        assertThat(row.get("network").asText()).isEqualTo("dt");
        assertThat(row.get("batch").asInt()).isEqualTo(32);
        assertThat(row.get("observationShape").toString()).isEqualTo("[10,10,10]");
        assertThat(row.get("context").asInt()).isEqualTo(dt.context());
        assertThat(row.get("width").asInt()).isEqualTo(dt.width());
        assertThat(row.get("layers").asInt()).isEqualTo(dt.layers());
        assertThat(row.get("heads").asInt()).isEqualTo(dt.heads());
        assertThat(row.get("returnBins").asInt()).isEqualTo(dt.returnBins());
        assertThat(row.get("learningRate").asDouble()).isEqualTo(dt.learningRate());
        assertThat(row.get("encoder").get("width").asDouble()).isEqualTo(0.125);
        assertThat(row.has("torso")).as("a Q-network field").isFalse();
    }

    @Test
    void syntheticWindowsArePaddedOnlyAtTheirStart() {
        BenchRow dt = BenchRows.select(BenchRows.standard(), List.of("dt/32")).get(0);
        var w = StepTimer.syntheticWindows(dt, 5);
        int k = w.context();
        assertThat(w.size()).isEqualTo(32);
        boolean padded = false;
        for (int b = 0; b < w.size(); b++) {
            for (int t = 1; t < k; t++) {
                assertThat(!w.valid()[b * k + t - 1] || w.valid()[b * k + t]).as("window %s: a real step %s follows "
                        + "a real one", b, t).isTrue();
                assertThat(w.taskIds()[b * k + t]).isEqualTo(w.taskIds()[b * k]);
            }
            assertThat(w.valid()[b * k + k - 1]).as("every window ends on a real step").isTrue();
            padded |= !w.valid()[b * k];
        }
        assertThat(padded).as("some windows start inside").isTrue();
    }

    @Test
    void vmRssLinesAreParsedAndMalformedOnesNamed() {
        assertThat(ResidentMemory.parseKib("VmRSS:\t  123456 kB")).isEqualTo(123456);
        assertThatThrownBy(() -> ResidentMemory.parseKib("VmRSS: 12 MB"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("VmRSS");
    }

    private static BenchRow row(List<BenchRow> rows, String id) {
        return BenchRows.select(rows, List.of(id)).get(0);
    }
}
