// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.figure;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.instanas.analysis.VariantsTable;
import org.instanas.run.EvalSummary;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XIntervalSeries;
import org.jfree.data.xy.XIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Accuracy (or error %) against mean latency of every evaluated checkpoint, lettered A, B, … from
 * slow to fast (the subtitle names each letter's sweep member where the points come from a sweep), with the latency standard deviation as horizontal bars, the Pareto front as a step
 * line and the MobileNetV2 path marked apart.
 */
public final class VariantsFigure implements Figure {
    private final VariantsTable table;
    private final boolean error;

    /** @param errorPct plot error % (the paper's tables) instead of accuracy % */
    public VariantsFigure(List<EvalSummary> evals, boolean errorPct) {
        this(VariantsTable.of(evals), errorPct);
    }

    public VariantsFigure(VariantsTable table, boolean errorPct) {
        this.table = table;
        this.error = errorPct;
    }

    /** The sweep member a point comes from ("ub-0.8" of "ub-0.8/final-finetune-0002"), or null. */
    static String memberOf(VariantsTable.Row r) {
        int slash = r.checkpoint() == null ? -1 : r.checkpoint().indexOf('/');
        return slash > 0 ? r.checkpoint().substring(0, slash) : null;
    }

    public VariantsTable table() {
        return table;
    }

    @Override
    public String id() {
        return "variants";
    }

    @Override
    public String title() {
        return "Accuracy–latency trade-off of the checkpoints";
    }

    @Override
    public double preferredWidth() {
        return 520;
    }

    @Override
    public double preferredHeight() {
        return 380;
    }

    private double yOf(VariantsTable.Row r) {
        return error ? r.errorPct() : r.accuracyPct();
    }

    public JFreeChart chart(FigureStyle s) {
        List<VariantsTable.Row> vs = table.variants();
        VariantsTable.Row base = table.baseline();
        XIntervalSeries pts = new XIntervalSeries("checkpoints");
        for (VariantsTable.Row r : vs) {
            double sd = Double.isFinite(r.latencyStdMs()) ? r.latencyStdMs() : 0;
            pts.add(r.latencyMs(), r.latencyMs() - sd, r.latencyMs() + sd, yOf(r));
        }
        XIntervalSeriesCollection ptsData = new XIntervalSeriesCollection();
        ptsData.addSeries(pts);
        XYSeries front = new XYSeries("Pareto front", false, true);
        for (VariantsTable.Row r : vs) {
            if (r.pareto()) {
                front.add(r.latencyMs(), yOf(r));
            }
        }
        XYSeries baseS = new XYSeries(base != null ? base.label() : VariantsTable.BASELINE_LABEL);
        if (base != null) {
            baseS.add(base.latencyMs(), yOf(base));
        }
        NumberAxis x = new NumberAxis("mean latency per image (ms)");
        x.setAutoRangeIncludesZero(false);
        NumberAxis y = new NumberAxis(error ? "test error (%)" : "test accuracy (%)");
        y.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot();
        plot.setDomainAxis(x);
        plot.setRangeAxis(y);
        double ms = s.fontPt() * 0.55;
        Color pointColor = s.category(0);
        Color frontColor = s.category(1);
        Color baseColor = s.category(2);
        XYErrorRenderer er = new XYErrorRenderer();
        er.setDrawYError(false);
        er.setDrawXError(true);
        er.setDefaultLinesVisible(false);
        er.setDefaultShapesVisible(true);
        er.setSeriesShape(0, new Ellipse2D.Double(-ms, -ms, 2 * ms, 2 * ms));
        er.setSeriesPaint(0, pointColor);
        er.setErrorPaint(FigureStyle.blend(pointColor, s.background(), 0.6));
        er.setErrorStroke(new BasicStroke((float) (s.fontPt() * 0.1)));
        er.setCapLength(s.fontPt() * 0.5);
        plot.setDataset(0, ptsData);
        plot.setRenderer(0, er);
        XYStepRenderer sr = new XYStepRenderer();
        sr.setSeriesPaint(0, frontColor);
        sr.setSeriesStroke(
                0, new BasicStroke((float) (s.fontPt() * 0.15), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        sr.setDefaultShapesVisible(false);
        plot.setDataset(1, new XYSeriesCollection(front));
        plot.setRenderer(1, sr);
        XYLineAndShapeRenderer br = new XYLineAndShapeRenderer(false, true);
        double d = ms * 1.5;
        Path2D diamond = new Path2D.Double();
        diamond.moveTo(0, -d);
        diamond.lineTo(d, 0);
        diamond.lineTo(0, d);
        diamond.lineTo(-d, 0);
        diamond.closePath();
        br.setSeriesShape(0, diamond);
        br.setSeriesPaint(0, baseColor);
        plot.setDataset(2, new XYSeriesCollection(baseS));
        plot.setRenderer(2, br);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        // letters next to the points
        boolean labelAll = vs.size() <= 14;
        for (VariantsTable.Row r : vs) {
            if (labelAll || r.pareto()) {
                XYTextAnnotation a = new XYTextAnnotation(" " + r.label(), r.latencyMs(), yOf(r));
                a.setFont(s.labelFont());
                a.setPaint(s.foreground());
                a.setTextAnchor(error ? TextAnchor.TOP_LEFT : TextAnchor.BOTTOM_LEFT);
                plot.addAnnotation(a);
            }
        }
        if (base != null) {
            // right of the marker, or left of it when it is the slowest point (the label would leave the plot)
            boolean slowest = vs.stream().allMatch(r -> r.latencyMs() < base.latencyMs());
            XYTextAnnotation a = new XYTextAnnotation(
                    slowest ? base.label() + "  " : "  " + base.label(), base.latencyMs(), yOf(base));
            a.setFont(s.tickFont());
            a.setPaint(baseColor.darker());
            a.setTextAnchor(slowest ? TextAnchor.CENTER_RIGHT : TextAnchor.CENTER_LEFT);
            plot.addAnnotation(a);
        }
        // room for the labels at the right and top
        x.setUpperMargin(0.18);
        x.setLowerMargin(0.08);
        y.setUpperMargin(0.12);
        y.setLowerMargin(0.12);
        JFreeChart chart = new JFreeChart(title(), s.titleFont(), plot, false);
        chart.addSubtitle(new TextTitle(subtitle()));
        LegendItemCollection items = new LegendItemCollection();
        items.add(new LegendItem(
                "checkpoint (± latency std)",
                null,
                null,
                null,
                new Ellipse2D.Double(-ms, -ms, 2 * ms, 2 * ms),
                pointColor));
        items.add(new LegendItem(
                "Pareto front",
                null,
                null,
                null,
                new Line2D.Double(-7, 0, 7, 0),
                new BasicStroke((float) (s.fontPt() * 0.2)),
                frontColor));
        if (base != null) {
            Path2D small = new Path2D.Double();
            small.moveTo(0, -ms * 1.2);
            small.lineTo(ms * 1.2, 0);
            small.lineTo(0, ms * 1.2);
            small.lineTo(-ms * 1.2, 0);
            small.closePath();
            items.add(new LegendItem(base.label(), null, null, null, small, baseColor));
        }
        plot.setFixedLegendItems(items);
        LegendTitle legend = new LegendTitle(plot);
        legend.setPosition(RectangleEdge.BOTTOM);
        chart.addSubtitle(legend);
        return Charts.style(chart, s);
    }

    /**
     * How many points, how many on the front, and what the letters are: for a sweep each letter's
     * member ("A ub-0.8 · B ub-0.95"), so the figure reads without its table (the names stay off the
     * points, where close variants' labels would overlap).
     */
    String subtitle() {
        List<VariantsTable.Row> vs = table.variants();
        int n = vs.size();
        long onFront = vs.stream().filter(VariantsTable.Row::pareto).count();
        String head =
                n + (n == 1 ? " evaluated checkpoint" : " evaluated checkpoints") + ", " + onFront + " on the front";
        if (!vs.isEmpty() && vs.stream().allMatch(r -> memberOf(r) != null)) {
            return head + " · "
                    + String.join(
                            ", ",
                            vs.stream().map(r -> r.label() + " " + memberOf(r)).toList());
        }
        return head + " · A = slowest";
    }

    @Override
    public void draw(Graphics2D g, Rectangle2D area, FigureStyle s) {
        Charts.draw(chart(s), g, area, s);
    }

    /**
     * The row (a variant or the MobileNetV2 baseline) drawn nearest to (x, y) in a figure drawn into
     * {@code area}, if within {@code radius} pixels; null otherwise.
     */
    public VariantsTable.Row rowAt(double x, double y, Rectangle2D area, FigureStyle s, double radius) {
        JFreeChart c = chart(s);
        ChartRenderingInfo info = new ChartRenderingInfo();
        BufferedImage img = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            c.draw(g, area, info); // lays out the chart: the data area in the same coordinates as the view
        } finally {
            g.dispose();
        }
        Rectangle2D data = info.getPlotInfo().getDataArea();
        XYPlot plot = c.getXYPlot();
        VariantsTable.Row best = null;
        double bestD = radius;
        for (VariantsTable.Row r : table.rows()) {
            double px = plot.getDomainAxis().valueToJava2D(r.latencyMs(), data, plot.getDomainAxisEdge());
            double py = plot.getRangeAxis().valueToJava2D(yOf(r), data, plot.getRangeAxisEdge());
            double d = Math.hypot(px - x, py - y);
            if (d <= bestD) {
                bestD = d;
                best = r;
            }
        }
        return best;
    }
}
