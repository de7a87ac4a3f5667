package dev.orderpipeline.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.function.Function;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
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

    private static JFreeChart cpuChart(Results results) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (String process : CostReport.processes(results)) {
            add(data, results.curve, process, point -> point.cpuMsPerOrder().get(process));
        }
        JFreeChart chart = chart("CPU-ms per confirmed order, by process (log scale)", data, logAxis("CPU-ms per order"));
        chart.addSubtitle(new TextTitle("goals: application ≤ " + Report.rate(CostGoals.GOAL_APP_MS_AT_LOW_RATE) + " ms at "
                + Report.rate(CostGoals.GOAL_LOW_RATE) + "/s and ≤ " + Report.rate(CostGoals.GOAL_APP_MS_AT_RATE) + " ms at "
                + Report.rate(CostGoals.GOAL_RATE) + "/s"));
        marker(chart, CostGoals.GOAL_APP_MS_AT_RATE, "3 ms");
        return chart;
    }

    private static JFreeChart latencyChart(Results results) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        add(data, results.curve, "checkout p50", point -> point.checkout().p50());
        add(data, results.curve, "checkout p99", point -> point.checkout().p99());
        add(data, results.curve, "checkout→email p50", point -> point.endToEnd().p50());
        add(data, results.curve, "checkout→email p99", point -> point.endToEnd().p99());
        JFreeChart chart = chart("Latency (ms, log scale)", data, logAxis("ms"));
        marker(chart, CostGoals.GOAL_CHECKOUT_P99_MS, "checkout p99 goal at 200/s");
        marker(chart, CostGoals.GOAL_E2E_P99_MS, "checkout→email p99 goal at 200/s");
        return chart;
    }

    private static JFreeChart rateChart(Results results) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        add(data, results.curve, "offered", Results.CostPoint::offeredPerSecond);
        add(data, results.curve, "sent", Results.CostPoint::sentPerSecond);
        add(data, results.curve, "confirmed", Results.CostPoint::confirmedPerSecond);
        add(data, results.curve, "confirmed, second half of offering", Results.CostPoint::steadyConfirmedPerSecond);
        NumberAxis axis = new NumberAxis("orders/s");
        return chart("Offered, sent and confirmed orders/s", data, axis);
    }

    private static void add(DefaultCategoryDataset data, List<Results.CostPoint> curve, String series,
            Function<Results.CostPoint, Double> value) {
        List<Results.CostPoint> ordered = curve.stream().sorted(java.util.Comparator.comparingDouble(
                (Results.CostPoint point) -> point.offeredPerSecond() == null ? Double.MAX_VALUE : point.offeredPerSecond())).toList();
        for (Results.CostPoint point : ordered) {
            Double v = value.apply(point);
            // a log axis cannot draw zero or less; a gap says "not measured"
            data.addValue(v == null || !Double.isFinite(v) || v <= 0 ? null : v, series, CostReport.load(point));
        }
    }

    private static JFreeChart chart(String title, DefaultCategoryDataset data, ValueAxis rangeAxis) {
        CategoryAxis loads = new CategoryAxis("offered load");
        loads.setCategoryLabelPositions(CategoryLabelPositions.STANDARD);
        LineAndShapeRenderer renderer = new LineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getRowCount(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        CategoryPlot plot = new CategoryPlot(data, loads, rangeAxis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(title, TITLE, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static LogAxis logAxis(String label) {
        LogAxis axis = new LogAxis(label);
        axis.setSmallestValue(0.01);
        axis.setAutoRange(true);
        return axis;
    }

    private static void marker(JFreeChart chart, double value, String label) {
        ValueMarker marker = new ValueMarker(value, Color.GRAY, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
                10f, new float[] { 5f, 3f }, 0f));
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
