package dev.orderpipeline.bench;

import java.awt.BasicStroke;
import java.text.DecimalFormat;

import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;

/** Pieces both of the benchmark's charts draw with: a logarithmic axis with one tick per decade, dashed strokes. */
final class ChartParts {

    private ChartParts() {
    }

    static LogAxis logAxis(String label) {
        LogAxis axis = new LogAxis(label);
        axis.setSmallestValue(0.01);
        axis.setAutoRange(true);
        axis.setTickUnit(new NumberTickUnit(1)); // one tick per decade
        axis.setMinorTickCount(9);
        axis.setNumberFormatOverride(new DecimalFormat("#,##0.##"));
        return axis;
    }

    static BasicStroke dashed(float width, float on, float off) {
        return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] { on, off }, 0f);
    }
}
