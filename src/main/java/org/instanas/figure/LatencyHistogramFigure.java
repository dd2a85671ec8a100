// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.figure;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import org.instanas.analysis.Stats;
import org.instanas.run.RoutingRow;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.DefaultXYDataset;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;

/**
 * Distribution of per-image latency (docs/algorithm.md §10.1): share of images per latency bin, a Gaussian KDE
 * on the same scale, and the MobileNetV2 path as a reference line.
 */
public final class LatencyHistogramFigure implements Figure {
    private final double[] latency;
    private final double baselineMs;
    private final boolean measured;
    private final String caption;

    /**
     * @param baselineMs latency of the MobileNetV2 path (NaN: no reference line)
     * @param measured   use the measured wall-clock latency instead of the table latency
     */
    public LatencyHistogramFigure(List<RoutingRow> rows, double baselineMs, boolean measured, String caption) {
        this.latency = rows.stream()
                .mapToDouble(r -> measured ? r.measuredMs() : r.latencyMs())
                .filter(Double::isFinite)
                .toArray();
        this.baselineMs = baselineMs;
        this.measured = measured;
        this.caption = caption;
    }

    @Override
    public String id() {
        return "histogram";
    }

    @Override
    public String title() {
        return "Per-image latency distribution";
    }

    @Override
    public double preferredWidth() {
        return 520;
    }

    @Override
    public double preferredHeight() {
        return 340;
    }

    /** Number of bins: Freedman–Diaconis, kept between 8 and 40. */
    static int bins(double[] v) {
        if (v.length < 2) {
            return 8;
        }
        double iqr = Stats.quantile(v, 0.75) - Stats.quantile(v, 0.25);
        double range = Stats.max(v) - Stats.min(v);
        if (!(iqr > 0) || !(range > 0)) {
            return 8;
        }
        double w = 2 * iqr / Math.cbrt(v.length);
        return (int) Math.max(8, Math.min(40, Math.ceil(range / w)));
    }

    public JFreeChart chart(FigureStyle s) {
        double lo = Stats.min(latency);
        double hi = Stats.max(latency);
        if (!(hi > lo)) {
            double c = Double.isFinite(lo) ? lo : 0;
            lo = c - Math.max(0.5, Math.abs(c) * 0.05);
            hi = c + Math.max(0.5, Math.abs(c) * 0.05);
        }
        int nb = bins(latency);
        int[] counts = Stats.histogram(latency, lo, hi, nb);
        double w = (hi - lo) / nb;
        XYIntervalSeries bars = new XYIntervalSeries("images");
        for (int b = 0; b < nb; b++) {
            double share = latency.length == 0 ? 0 : 100.0 * counts[b] / latency.length;
            bars.add(lo + (b + 0.5) * w, lo + b * w, lo + (b + 1) * w, share, 0, share);
        }
        XYIntervalSeriesCollection barData = new XYIntervalSeriesCollection();
        barData.addSeries(bars);
        double bw = Stats.silvermanBandwidth(latency);
        double[] grid = Stats.linspace(lo - 2 * bw, hi + 2 * bw, 200);
        double[] dens = Stats.kde(latency, bw, grid);
        for (int i = 0; i < dens.length; i++) {
            dens[i] *= w * 100; // density → % of images per bin, the bars' scale
        }
        DefaultXYDataset kde = new DefaultXYDataset();
        kde.addSeries("density (KDE)", new double[][] {grid, dens});
        XYPlot plot = new XYPlot();
        NumberAxis x = new NumberAxis((measured ? "measured" : "table") + " latency per image (ms)");
        x.setAutoRangeIncludesZero(false);
        NumberAxis y = new NumberAxis("share of images (%)");
        plot.setDomainAxis(x);
        plot.setRangeAxis(y);
        Color barColor = s.category(0);
        Color kdeColor = new Color(0xd62728);
        Color refColor = s.foreground();
        XYLineAndShapeRenderer lr = new XYLineAndShapeRenderer(true, false);
        lr.setSeriesPaint(0, kdeColor);
        lr.setSeriesStroke(
                0, new BasicStroke((float) (s.fontPt() * 0.18), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        plot.setDataset(0, kde);
        plot.setRenderer(0, lr);
        XYBarRenderer br = new XYBarRenderer(0.06);
        br.setBarPainter(new StandardXYBarPainter());
        br.setShadowVisible(false);
        br.setSeriesPaint(0, FigureStyle.blend(barColor, s.background(), 0.75));
        br.setDrawBarOutline(false);
        plot.setDataset(1, barData);
        plot.setRenderer(1, br);
        if (Double.isFinite(baselineMs)) {
            ValueMarker m = new ValueMarker(
                    baselineMs,
                    refColor,
                    new BasicStroke(
                            (float) (s.fontPt() * 0.12),
                            BasicStroke.CAP_BUTT,
                            BasicStroke.JOIN_MITER,
                            10,
                            new float[] {(float) s.fontPt() * 0.4f, (float) s.fontPt() * 0.3f},
                            0));
            m.setLabel("MobileNetV2 path " + Draw.ms(baselineMs) + " ms ");
            m.setLabelFont(s.tickFont());
            m.setLabelPaint(refColor);
            m.setLabelBackgroundColor(FigureStyle.alpha(s.background(), 0.85));
            boolean right = baselineMs > (lo + hi) / 2;
            m.setLabelAnchor(right ? RectangleAnchor.TOP_LEFT : RectangleAnchor.TOP_RIGHT);
            m.setLabelTextAnchor(right ? TextAnchor.TOP_RIGHT : TextAnchor.TOP_LEFT);
            plot.addDomainMarker(m);
            double span = hi - lo;
            if (baselineMs > hi) {
                x.setRange(lo - 0.05 * span, baselineMs + 0.05 * span);
            } else if (baselineMs < lo) {
                x.setRange(baselineMs - 0.05 * span, hi + 0.05 * span);
            }
        }
        y.setUpperMargin(0.15);
        JFreeChart chart = new JFreeChart(title(), s.titleFont(), plot, false);
        chart.addSubtitle(new TextTitle(subtitle()));
        LegendItemCollection items = new LegendItemCollection();
        items.add(new LegendItem(
                "images per bin",
                null,
                null,
                null,
                new Rectangle2D.Double(-5, -4, 10, 8),
                FigureStyle.blend(barColor, s.background(), 0.75)));
        items.add(new LegendItem(
                "density (KDE)",
                null,
                null,
                null,
                new Line2D.Double(-7, 0, 7, 0),
                new BasicStroke((float) (s.fontPt() * 0.2)),
                kdeColor));
        plot.setFixedLegendItems(items);
        LegendTitle legend = new LegendTitle(plot);
        legend.setPosition(RectangleEdge.BOTTOM);
        chart.addSubtitle(legend);
        return Charts.style(chart, s);
    }

    private String subtitle() {
        StringBuilder sb = new StringBuilder();
        if (caption != null && !caption.isEmpty()) {
            sb.append(caption).append(" · ");
        }
        double mean = Stats.mean(latency);
        sb.append(latency.length)
                .append(" images · mean ")
                .append(Draw.ms(mean))
                .append(" ± ")
                .append(Draw.ms(Stats.std(latency)))
                .append(" ms");
        if (Double.isFinite(baselineMs) && baselineMs > 0 && latency.length > 0) {
            sb.append(" (").append(Draw.signedPercent(mean / baselineMs - 1)).append(" vs MobileNetV2 path)");
        }
        return sb.toString();
    }

    @Override
    public void draw(Graphics2D g, Rectangle2D area, FigureStyle s) {
        Charts.draw(chart(s), g, area, s);
    }
}
