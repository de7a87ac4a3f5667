package dev.orderpipeline.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Rectangle2D;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.Range;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.svg.SVGGraphics2D;

/**
 * The cost curve as an SVG chart (JFreeChart drawn into JFreeSVG): CPU-ms per confirmed order per process, latencies,
 * and offered against confirmed orders/s, one category per load (fixed rates ascending, then the closed loop).
 *
 * <p>Invariant: draws only what {@link Results#curve} holds; an empty curve gives an SVG saying so.
 */
final class CostChart {

    private static final int WIDTH = 1000;
    private static final int PANEL_HEIGHT = 380;
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);

    private CostChart() {
    }

    static String svg(Results results) {
        System.setProperty("java.awt.headless", "true");
        SVGGraphics2D g2 = new SVGGraphics2D(WIDTH, 3 * PANEL_HEIGHT);
        g2.setColor(Color.WHITE);
        g2.fillRect(0, 0, WIDTH, 3 * PANEL_HEIGHT);
        if (results.curve.isEmpty()) {
            g2.setColor(Color.BLACK);
            g2.drawString("No load phase was measured", 20, 40);
            return g2.getSVGElement() + "\n";
        }
        cpuChart(results).draw(g2, new Rectangle2D.Double(0, 0, WIDTH, PANEL_HEIGHT));
        latencyChart(results).draw(g2, new Rectangle2D.Double(0, PANEL_HEIGHT, WIDTH, PANEL_HEIGHT));
        rateChart(results).draw(g2, new Rectangle2D.Double(0, 2 * PANEL_HEIGHT, WIDTH, PANEL_HEIGHT));
        return g2.getSVGElement() + "\n";
    }

    private static final Color[] COLORS = { new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
            new Color(0x9467bd), new Color(0x8c564b), new Color(0x17becf) };

    private static JFreeChart cpuChart(Results results) {
        Map<String, Function<Results.CostPoint, Double>> series = new LinkedHashMap<>();
        for (String process : CostReport.processes(results)) {
            series.put(process, point -> point.cpuMsPerOrder().get(process));
        }
        JFreeChart chart = chart("CPU-ms per confirmed order, by process (log scale)", results.curve, series,
                ChartParts.logAxis("CPU-ms per order"));
        chart.addSubtitle(new TextTitle("goals: application ≤ " + Report.rate(CostGoals.GOAL_APP_MS_AT_LOW_RATE) + " ms at "
                + Report.rate(CostGoals.GOAL_LOW_RATE) + "/s and ≤ " + Report.rate(CostGoals.GOAL_APP_MS_AT_RATE) + " ms at "
                + Report.rate(CostGoals.GOAL_RATE) + "/s"));
        marker(chart, CostGoals.GOAL_APP_MS_AT_RATE, Report.rate(CostGoals.GOAL_APP_MS_AT_RATE) + " ms");
        return chart;
    }

    private static JFreeChart latencyChart(Results results) {
        Map<String, Function<Results.CostPoint, Double>> series = new LinkedHashMap<>();
        series.put("checkout p50", point -> point.checkout().p50());
        series.put("checkout p99", point -> point.checkout().p99());
        series.put("checkout→email p50", point -> point.endToEnd().p50());
        series.put("checkout→email p99", point -> point.endToEnd().p99());
        JFreeChart chart = chart("Latency (ms, log scale)", results.curve, series, ChartParts.logAxis("ms"));
        marker(chart, CostGoals.GOAL_CHECKOUT_P99_MS, "checkout p99 goal at 200/s");
        marker(chart, CostGoals.GOAL_E2E_P99_MS, "checkout→email p99 goal at 200/s");
        return chart;
    }

    private static JFreeChart rateChart(Results results) {
        Map<String, Function<Results.CostPoint, Double>> series = new LinkedHashMap<>();
        series.put("offered", Results.CostPoint::offeredPerSecond);
        series.put("sent", Results.CostPoint::sentPerSecond);
        series.put("confirmed", Results.CostPoint::confirmedPerSecond);
        series.put("confirmed, second half of offering", Results.CostPoint::steadyConfirmedPerSecond);
        return chart("Offered, sent and confirmed orders/s", results.curve, series, new NumberAxis("orders/s"));
    }

    /**
     * One category per load: the fixed rates ascending, joined by lines, then the closed loop, a point of its own (its
     * rate is whatever it reached, so no line leads to it).
     */
    private static JFreeChart chart(String title, List<Results.CostPoint> curve, Map<String, Function<Results.CostPoint, Double>> series,
            ValueAxis rangeAxis) {
        DefaultCategoryDataset fixed = new DefaultCategoryDataset();
        DefaultCategoryDataset closed = new DefaultCategoryDataset();
        List<Results.CostPoint> ordered = curve.stream().sorted(Comparator.comparingDouble(
                (Results.CostPoint point) -> point.offeredPerSecond() == null ? Double.MAX_VALUE : point.offeredPerSecond())).toList();
        series.forEach((name, value) -> {
            for (Results.CostPoint point : ordered) {
                Double v = value.apply(point);
                // a log axis cannot draw zero or less; a gap says "not measured"
                Double drawn = v == null || !Double.isFinite(v) || v <= 0 ? null : v;
                // both datasets hold every category, in one order: the plot places a value by its column index
                boolean isClosed = point.offeredPerSecond() == null;
                fixed.addValue(isClosed ? null : drawn, name, category(point));
                closed.addValue(isClosed ? drawn : null, name, category(point));
            }
        });
        CategoryAxis loads = new CategoryAxis("offered load");
        loads.setCategoryLabelPositions(CategoryLabelPositions.STANDARD);
        loads.setMaximumCategoryLabelLines(2);
        LineAndShapeRenderer lines = new LineAndShapeRenderer(true, true);
        LineAndShapeRenderer points = new LineAndShapeRenderer(false, true);
        points.setDefaultSeriesVisibleInLegend(false);
        for (int i = 0; i < series.size(); i++) {
            Color color = COLORS[i % COLORS.length];
            lines.setSeriesPaint(i, color);
            lines.setSeriesStroke(i, new BasicStroke(2f));
            points.setSeriesPaint(i, color);
        }
        CategoryPlot plot = new CategoryPlot(fixed, loads, rangeAxis, lines);
        plot.setDataset(1, closed);
        plot.setRenderer(1, points);
        for (int i = 0; i < series.size(); i++) {
            points.setSeriesShape(i, lines.lookupSeriesShape(i)); // the closed loop's point looks like its series' line
        }
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(title, TITLE, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static String category(Results.CostPoint point) {
        return point.offeredPerSecond() == null ? "closed loop (" + point.users() + " users)" : CostReport.load(point);
    }


    private static void marker(JFreeChart chart, double value, String label) {
        ValueMarker marker = new ValueMarker(value, Color.GRAY, ChartParts.dashed(1f, 5f, 3f));
        marker.setLabel(label);
        marker.setLabelAnchor(RectangleAnchor.TOP_LEFT);
        marker.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
        CategoryPlot plot = (CategoryPlot) chart.getPlot();
        plot.addRangeMarker(marker);
        // a marker off the data's range is not drawn: widen the range to show where the goal lies
        Range range = plot.getRangeAxis().getRange();
        plot.getRangeAxis().setRange(new Range(Math.min(range.getLowerBound(), value / 2), Math.max(range.getUpperBound(), value * 2)));
    }
}
