package org.scaledql.core.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scaledql.api.metrics.BootstrapConfig;
import org.scaledql.api.metrics.Interval;
import org.scaledql.api.metrics.PerformanceProfile;
import org.scaledql.api.metrics.ScoreMatrix;
import org.scaledql.core.metrics.Aggregates;
import org.scaledql.core.metrics.StratifiedBootstrap;

/** Every figure renders headless to a decodable PNG of the expected size and to an SVG document. */
class PlotsTest {

    /** Set the environment variable SCALEDQL_PLOT_DIR=DIR to keep the figures for a look. */
    @TempDir
    Path tmp;

    private Path dir() {
        String keep = System.getenv("SCALEDQL_PLOT_DIR");
        return keep != null ? Path.of(keep) : tmp;
    }

    static ScoreMatrix scores(long seed, double shift) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] s = new double[5][20];
        List<String> names = new ArrayList<>();
        for (int t = 0; t < 20; t++) {
            names.add("game" + t);
        }
        for (double[] row : s) {
            for (int t = 0; t < 20; t++) {
                row[t] = -Math.log(1 - rng.nextDouble()) * (1 + shift) - 0.2 + shift;
            }
        }
        return new ScoreMatrix(names, s);
    }

    @Test
    void everyFigureRendersToPngAndSvg() throws Exception {
        StratifiedBootstrap boot = new StratifiedBootstrap(new BootstrapConfig(300, 0.95, 3, false));
        Map<String, Map<String, Interval>> aggs = new LinkedHashMap<>();
        Map<String, PerformanceProfile> profiles = new LinkedHashMap<>();
        Map<String, Curve> learning = new LinkedHashMap<>();
        Map<String, Curve> scaling = new LinkedHashMap<>();
        String[] algs = {"Scaled QL", "BC", "DT"};
        for (int a = 0; a < algs.length; a++) {
            ScoreMatrix m = scores(a, 0.3 * (2 - a));
            aggs.put(algs[a], boot.intervals(m, List.of(Aggregates.iqm(), Aggregates.median(), Aggregates.mean(),
                    Aggregates.optimalityGap())));
            profiles.put(algs[a], boot.profile(m, StratifiedBootstrap.linspace(0, 4, 41), PerformanceProfile.Kind.RUN_SCORES));
            List<Double> steps = new ArrayList<>();
            List<Interval> ys = new ArrayList<>();
            List<Double> params = new ArrayList<>();
            List<Interval> iqms = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                steps.add(1000.0 * i);
                double v = (1 - Math.exp(-i / 3.0)) * (1 + 0.3 * (2 - a));
                ys.add(new Interval(v, v - 0.1 - 0.02 * i, v + 0.1 + 0.02 * i));
            }
            for (int i = 0; i < 4; i++) {
                params.add(Math.pow(10, 6 + i * 0.5));
                double v = 0.2 * i + 0.3 * (2 - a);
                iqms.add(new Interval(v, v - 0.1, v + 0.12));
            }
            learning.put(algs[a], new Curve(steps, ys));
            scaling.put(algs[a], new Curve(params, iqms));
        }
        Map<String, Figure> figures = new LinkedHashMap<>();
        figures.put("aggregates", Plots.aggregateEstimates(aggs, "Normalized Score"));
        figures.put("profiles", Plots.performanceProfiles(profiles, "Normalized Score (tau)"));
        figures.put("learning", Plots.learningCurves(learning, "IQM normalized score"));
        figures.put("scaling", Plots.scalingCurves(scaling, "IQM normalized score"));
        for (Map.Entry<String, Figure> e : figures.entrySet()) {
            List<Path> files = e.getValue().saveBoth(dir(), e.getKey());
            BufferedImage img = ImageIO.read(files.get(0).toFile());
            assertThat(img).as(e.getKey()).isNotNull();
            assertThat(img.getWidth()).isEqualTo(e.getValue().width());
            assertThat(img.getHeight()).isEqualTo(e.getValue().height());
            assertThat(distinctColours(img)).as("%s is not blank", e.getKey()).isGreaterThan(5);
            String svg = Files.readString(files.get(1));
            assertThat(svg).as(e.getKey()).contains("<svg").contains("</svg>");
        }
        assertThat(figures.get("aggregates").panels()).hasSize(4);
        assertThat(Files.readString(dir().resolve("aggregates.svg"))).contains("<path").contains("width=\"1320px\"");
    }

    @Test
    void badPlotInputIsRejected() {
        Map<String, Map<String, Interval>> aggs = new LinkedHashMap<>();
        aggs.put("A", Map.of("iqm", Interval.exact(1)));
        aggs.put("B", Map.of("median", Interval.exact(1)));
        assertThatThrownBy(() -> Plots.aggregateEstimates(aggs, "x")).hasMessageContaining("'B' has [median], expected [iqm]");
        assertThatThrownBy(() -> new Curve(List.of(2.0, 1.0), List.of(Interval.exact(0), Interval.exact(1))))
                .hasMessageContaining("strictly increasing");
        assertThatThrownBy(() -> Plots.scalingCurves(Map.of("A", new Curve(List.of(0.0), List.of(Interval.exact(0)))), "y"))
                .hasMessageContaining("must be positive");
    }

    private static int distinctColours(BufferedImage img) {
        java.util.Set<Integer> c = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                c.add(img.getRGB(x, y));
            }
        }
        return c.size();
    }
}
