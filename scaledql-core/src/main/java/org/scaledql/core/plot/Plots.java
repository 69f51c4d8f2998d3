package org.scaledql.core.plot;

import static com.google.common.base.Preconditions.checkArgument;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import java.util.Set;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.scaledql.api.metrics.Interval;
import org.scaledql.api.metrics.PerformanceProfile;

/**
 * The figures of rliable (Agarwal et al. 2021) and of the Scaled QL paper, drawn with XChart. Every method
 * takes results keyed by algorithm name (iteration order gives the order and the colours) and returns a
 * {@link Figure} to save as PNG or SVG. Rendering is headless: loading this class sets
 * {@code java.awt.headless=true} unless the property was set explicitly.
 */
public final class Plots {

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** Colour-blind-safe palette (Okabe and Ito 2008), cycled per algorithm. */
    private static final Color[] PALETTE = {
        new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7),
        new Color(0xE69F00), new Color(0x56B4E9), new Color(0xF0E442), new Color(0x000000),
    };

    /** Display titles for the aggregate keys used across scaledql. */
    private static final Map<String, String> TITLES = Map.of(
            "iqm", "IQM", "median", "Median", "mean", "Mean", "optimalityGap", "Optimality Gap",
            "probabilityOfImprovement", "P(X > Y)");

    private Plots() {
    }

    /**
     * {@return the colour of the {@code i}-th algorithm}
     *
     * @param i the algorithm index
     */
    public static Color color(int i) {
        return PALETTE[Math.floorMod(i, PALETTE.length)];
    }

    /**
     * rliable's aggregate-estimates figure: one panel per aggregate, one row per algorithm (named above its bar),
     * each drawn as a thick bar over its interval with a black tick at the point estimate.
     *
     * @param byAlgorithm algorithm name to (aggregate name to interval); every algorithm needs the same aggregates
     * @param xLabel      label under every panel, e.g. {@code Human Normalized Score}
     * @return the figure
     */
    public static Figure aggregateEstimates(Map<String, Map<String, Interval>> byAlgorithm, String xLabel) {
        checkArgument(!byAlgorithm.isEmpty(), "aggregateEstimates needs at least one algorithm");
        Set<String> aggregates = new LinkedHashSet<>(byAlgorithm.values().iterator().next().keySet());
        byAlgorithm.forEach((alg, m) -> checkArgument(m.keySet().equals(aggregates),
                "every algorithm needs the same aggregates; '%s' has %s, expected %s", alg, m.keySet(), aggregates));
        List<String> algorithms = new ArrayList<>(byAlgorithm.keySet());
        int k = algorithms.size();
        List<XYChart> panels = new ArrayList<>();
        for (String agg : aggregates) {
            XYChart c = baseChart(TITLES.getOrDefault(agg, agg), xLabel, "");
            c.getStyler().setLegendVisible(false);
            // XChart 3.8.8 calls a y tick formatter only at the axis ends, so algorithm names go above each bar.
            c.getStyler().setYAxisMin(-0.6);
            c.getStyler().setYAxisMax(k - 0.25);
            c.getStyler().setYAxisTicksVisible(false);
            c.getStyler().setPlotGridHorizontalLinesVisible(false);
            for (int a = 0; a < k; a++) {
                Interval iv = byAlgorithm.get(algorithms.get(a)).get(agg);
                double y = k - 1 - a;
                XYSeries bar = c.addSeries(algorithms.get(a), new double[] {iv.lower(), iv.upper()}, new double[] {y, y});
                bar.setLineColor(withAlpha(color(a), 170));
                bar.setLineStyle(new BasicStroke(14f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
                bar.setMarker(SeriesMarkers.NONE);
                XYSeries point = c.addSeries("\u200b" + algorithms.get(a) + " point",
                        new double[] {iv.point(), iv.point()}, new double[] {y - 0.28, y + 0.28});
                point.setLineColor(Color.BLACK);
                point.setLineStyle(new BasicStroke(2.5f));
                point.setMarker(SeriesMarkers.NONE);
                point.setShowInLegend(false);
                AnnotationText label = new AnnotationText(algorithms.get(a), 0.5 * (iv.lower() + iv.upper()), y + 0.42, false);
                c.addAnnotation(label);
            }
            panels.add(c);
        }
        int height = 110 + 45 * k;
        return new Figure(panels, panels.size(), 330, Math.max(220, height));
    }

    /**
     * Performance profiles: fraction of scores above {@code tau} per algorithm, with the interval shaded.
     *
     * @param byAlgorithm algorithm name to its profile
     * @param xLabel      e.g. {@code Human Normalized Score (tau)}
     * @return the figure
     */
    public static Figure performanceProfiles(Map<String, PerformanceProfile> byAlgorithm, String xLabel) {
        checkArgument(!byAlgorithm.isEmpty(), "performanceProfiles needs at least one algorithm");
        PerformanceProfile.Kind kind = byAlgorithm.values().iterator().next().kind();
        String yLabel = kind == PerformanceProfile.Kind.RUN_SCORES ? "Fraction of runs with score > tau"
                : "Fraction of tasks with mean score > tau";
        Map<String, Curve> curves = new LinkedHashMap<>();
        byAlgorithm.forEach((alg, p) -> curves.put(alg, new Curve(p.taus(), p.fractions())));
        XYChart c = bandChart("Performance profile", xLabel, yLabel, curves);
        c.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        return new Figure(List.of(c), 1, 640, 440);
    }

    /**
     * Learning curves: score (with its interval as a band) against training step, one line per algorithm.
     *
     * @param byAlgorithm algorithm name to its curve
     * @param yLabel      the y-axis label
     * @return the figure
     */
    public static Figure learningCurves(Map<String, Curve> byAlgorithm, String yLabel) {
        checkArgument(!byAlgorithm.isEmpty(), "learningCurves needs at least one algorithm");
        XYChart c = bandChart("Learning curves", "Step", yLabel, byAlgorithm);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        return new Figure(List.of(c), 1, 640, 440);
    }

    /**
     * Scaling curves: an aggregate (e.g. IQM) against model size on a log x axis, with vertical interval bars,
     * as the Scaled QL paper's figure of performance against parameter count.
     *
     * @param byAlgorithm algorithm name to a curve whose x values are parameter counts (positive)
     * @param yLabel      the y-axis label
     * @return the figure
     */
    public static Figure scalingCurves(Map<String, Curve> byAlgorithm, String yLabel) {
        checkArgument(!byAlgorithm.isEmpty(), "scalingCurves needs at least one algorithm");
        XYChart c = baseChart("Scaling", "Parameters", yLabel);
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        int a = 0;
        for (Map.Entry<String, Curve> e : byAlgorithm.entrySet()) {
            Curve curve = e.getValue();
            curve.x().forEach(x -> checkArgument(x > 0,
                    "scaling curve '%s': parameter counts must be positive for the log axis; got %s", e.getKey(), x));
            XYSeries line = c.addSeries(e.getKey(), toArray(curve.x()), points(curve.y()));
            line.setLineColor(color(a));
            line.setMarkerColor(color(a));
            line.setMarker(SeriesMarkers.CIRCLE);
            for (int i = 0; i < curve.x().size(); i++) {
                Interval iv = curve.y().get(i);
                double x = curve.x().get(i);
                XYSeries bar = c.addSeries("\u200b" + e.getKey() + " ci " + i, new double[] {x, x},
                        new double[] {iv.lower(), iv.upper()});
                bar.setLineColor(color(a));
                bar.setLineStyle(new BasicStroke(2f));
                bar.setMarker(SeriesMarkers.NONE);
                bar.setShowInLegend(false);
            }
            a++;
        }
        return new Figure(List.of(c), 1, 640, 440);
    }

    private static XYChart bandChart(String title, String xLabel, String yLabel, Map<String, Curve> curves) {
        XYChart c = baseChart(title, xLabel, yLabel);
        int a = 0;
        for (Map.Entry<String, Curve> e : curves.entrySet()) {
            Curve curve = e.getValue();
            int n = curve.x().size();
            double[] px = new double[2 * n];
            double[] py = new double[2 * n];
            for (int i = 0; i < n; i++) {
                px[i] = curve.x().get(i);
                py[i] = curve.y().get(i).upper();
                px[2 * n - 1 - i] = curve.x().get(i);
                py[2 * n - 1 - i] = curve.y().get(i).lower();
            }
            XYSeries band = c.addSeries("\u200b" + e.getKey() + " interval", px, py);
            band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
            band.setFillColor(withAlpha(color(a), 60));
            band.setLineColor(withAlpha(color(a), 0));
            band.setMarker(SeriesMarkers.NONE);
            band.setShowInLegend(false);
            XYSeries line = c.addSeries(e.getKey(), toArray(curve.x()), points(curve.y()));
            line.setLineColor(color(a));
            line.setLineStyle(new BasicStroke(2f));
            line.setMarker(SeriesMarkers.NONE);
            a++;
        }
        return c;
    }

    private static XYChart baseChart(String title, String xLabel, String yLabel) {
        XYChart c = new XYChartBuilder().width(640).height(440).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        Styler s = c.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderVisible(false);
        s.setLegendBorderColor(Color.LIGHT_GRAY);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        s.setLegendPosition(Styler.LegendPosition.InsideNE);
        c.getStyler().setPlotGridLinesColor(new Color(0xE5E5E5));
        c.getStyler().setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        c.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        return c;
    }

    private static Color withAlpha(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }

    private static double[] toArray(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double[] points(List<Interval> v) {
        return v.stream().mapToDouble(Interval::point).toArray();
    }

}
