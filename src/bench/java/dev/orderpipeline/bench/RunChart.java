package dev.orderpipeline.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.List;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * The run as an SVG chart (JFreeChart drawn into JFreeSVG): events per second over the run (log scale, each phase
 * shaded and named) and the latency percentile spectra of every end-to-end phase and live relay phase.
 *
 * <p>Invariant: draws only what {@link Results} holds; a second without events is a gap, never a point on the axis.
 */
final class RunChart {

    private static final int WIDTH = 1000;
    private static final int PANEL_HEIGHT = 400;
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    private static final Color[] COLORS = { new Color(0x1f77b4), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0xd62728),
            new Color(0x9467bd), new Color(0x8c564b), new Color(0x17becf) };
    private static final Color[] SHADES = { new Color(0xeef2f7), new Color(0xf7f3ea) };
    /** The spectrum's x: how many nines a percentile has (90 % → 1, 99 % → 2 ...), at most 4; the maximum at 4.5. */
    private static final double MAX_NINES = 4;
    private static final double MAXIMUM_AT = 4.5;

    private RunChart() {
    }

    static String svg(Results results) {
        System.setProperty("java.awt.headless", "true");
        SVGGraphics2D g2 = new SVGGraphics2D(WIDTH, 2 * PANEL_HEIGHT);
        g2.setColor(Color.WHITE);
        g2.fillRect(0, 0, WIDTH, 2 * PANEL_HEIGHT);
        throughput(results).draw(g2, new Rectangle2D.Double(0, 0, WIDTH, PANEL_HEIGHT));
        latency(results).draw(g2, new Rectangle2D.Double(0, PANEL_HEIGHT, WIDTH, PANEL_HEIGHT));
        return g2.getSVGElement() + "\n";
    }

    /** One series per counted event, a point per second in the middle of its second; the phases as shaded intervals. */
    static JFreeChart throughput(Results results) {
        XYSeriesCollection dataset = new XYSeriesCollection();
        results.perSecond.forEach((name, counts) -> {
            XYSeries series = new XYSeries(name, false, true);
            for (int second = 0; second < counts.length; second++) {
                series.add(second + 0.5, counts[second] == 0 ? null : Double.valueOf(counts[second]));
            }
            dataset.addSeries(series);
        });
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < dataset.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, COLORS[i % COLORS.length]);
            renderer.setSeriesStroke(i, new BasicStroke(1.5f));
            renderer.setSeriesShape(i, new Ellipse2D.Double(-1.5, -1.5, 3, 3)); // a busy second alone still shows
        }
        NumberAxis seconds = new NumberAxis("seconds since the start");
        seconds.setRange(0, Math.max(1, lastSecond(results)));
        XYPlot plot = new XYPlot(dataset, seconds, ChartParts.logAxis("events per second"), renderer);
        int shade = 0;
        for (Timeline.Phase phase : results.phases) {
            IntervalMarker marker = new IntervalMarker(phase.startSecond(), Math.max(phase.endSecond(), phase.startSecond() + 0.1),
                    SHADES[shade++ % SHADES.length]);
            marker.setLabel(phase.name());
            marker.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
            marker.setLabelAnchor(RectangleAnchor.TOP_LEFT);
            marker.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            plot.addDomainMarker(marker, Layer.BACKGROUND);
        }
        return chart("Throughput over the run (events per second, log scale)", plot);
    }

    /**
     * Per end-to-end phase its checkout→email spectrum (solid) and checkout call spectrum (dashed, same colour, not
     * in the legend); per live relay phase its insert→Kafka lag spectrum (dotted).
     */
    static JFreeChart latency(Results results) {
        XYSeriesCollection dataset = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        int color = 0;
        for (Results.E2ePhase phase : results.endToEnd) {
            Color paint = COLORS[color++ % COLORS.length];
            String label = phase.mode().equals("closed") ? "closed, " + phase.users() + " users"
                    : "open, " + Report.rate(phase.offeredPerSecond()) + "/s";
            add(dataset, renderer, label, phase.endToEndSpectrum(), paint, new BasicStroke(2f), true);
            add(dataset, renderer, label + ", checkout call", phase.checkoutSpectrum(), paint, ChartParts.dashed(1.2f, 5f, 3f), false);
        }
        for (Results.Live live : results.live) {
            if (live.lagSpectrum() == null || live.lagSpectrum().isEmpty()) {
                continue;
            }
            String label = "live, " + (live.mode().equals("relay") ? live.writers() + " writers"
                    : Report.rate(live.offeredPerSecond()) + " rows/s");
            add(dataset, renderer, label, live.lagSpectrum(), COLORS[color++ % COLORS.length], ChartParts.dashed(2f, 2f, 2f), true);
        }
        NumberAxis percentile = new NumberAxis("percentile");
        percentile.setRange(0, MAXIMUM_AT);
        percentile.setTickUnit(new NumberTickUnit(MAXIMUM_AT - MAX_NINES, new PercentileFormat()));
        XYPlot plot = new XYPlot(dataset, percentile, ChartParts.logAxis("ms"), renderer);
        JFreeChart chart = chart("Latency by percentile (ms, log scale): solid checkout→email, dashed checkout call, dotted "
                + "insert→Kafka (live)", plot);
        chart.setPadding(new RectangleInsets(0, 0, 0, 16)); // room for the last tick label, "max"
        return chart;
    }

    private static void add(XYSeriesCollection dataset, XYLineAndShapeRenderer renderer, String name, List<Latency.Point> spectrum,
            Color paint, Stroke stroke, boolean inLegend) {
        if (spectrum == null || spectrum.isEmpty()) {
            return;
        }
        XYSeries series = new XYSeries(name, false, true);
        for (Latency.Point point : spectrum) {
            series.add(nines(point.percentile()), point.millis() > 0 ? Double.valueOf(point.millis()) : null);
        }
        int index = dataset.getSeriesCount();
        dataset.addSeries(series);
        renderer.setSeriesPaint(index, paint);
        renderer.setSeriesStroke(index, stroke);
        renderer.setSeriesVisibleInLegend(index, inLegend);
    }

    /** The x of a percentile: −log10(1 − p) capped at four nines; 100 % (the maximum) a little further right. */
    static double nines(double percentile) {
        return percentile >= 100 ? MAXIMUM_AT : Math.min(MAX_NINES, -Math.log10(1 - percentile / 100));
    }

    private static double lastSecond(Results results) {
        int counted = results.perSecond.values().stream().mapToInt(values -> values.length).max().orElse(0);
        double phases = results.phases.stream().mapToDouble(Timeline.Phase::endSecond).max().orElse(0);
        return Math.max(counted, Math.ceil(phases));
    }



    private static JFreeChart chart(String title, XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(title, TITLE, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /** Tick labels of the spectrum's x, a tick every half nine: 0, 90 %, 99 %, 99.9 %, 99.99 %, max. */
    private static final class PercentileFormat extends NumberFormat {

        @Override
        public StringBuffer format(double nines, StringBuffer to, FieldPosition position) {
            if (nines >= MAXIMUM_AT) {
                return to.append("max");
            }
            if (nines != Math.rint(nines)) {
                return to; // the half steps between the nines carry no label
            }
            if (nines <= 0) {
                return to.append('0');
            }
            BigDecimal percentile = BigDecimal.valueOf(100 * (1 - Math.pow(10, -nines))).setScale(2, RoundingMode.HALF_UP);
            return to.append(percentile.stripTrailingZeros().toPlainString()).append(" %");
        }

        @Override
        public StringBuffer format(long nines, StringBuffer to, FieldPosition position) {
            return format((double) nines, to, position);
        }

        @Override
        public Number parse(String source, ParsePosition position) {
            throw new UnsupportedOperationException("tick labels only");
        }
    }
}
