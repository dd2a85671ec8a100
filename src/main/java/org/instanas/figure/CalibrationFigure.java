// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.figure;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.instanas.analysis.DifficultyCalibration;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.annotations.XYLineAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Is "hard" what the controller thinks is hard? (docs/algorithm.md §10.5) Per class and over all test
 * images: the mean route latency of the images the MobileNetV2 path trained alone gets right (hollow)
 * and of those it gets wrong (filled), joined by a line, with the rank correlation ρ of route latency
 * and the baseline's error in the row's label. The paper's claim predicts filled dots to the right
 * (ρ > 0): the images a plain network fails on get the slower routes.
 */
public final class CalibrationFigure implements Figure {
    private final DifficultyCalibration cal;
    private final String caption;

    /** @param caption e.g. "run/final-finetune-0003 against baseline/final-pretrain-0006" */
    public CalibrationFigure(DifficultyCalibration cal, String caption) {
        this.cal = cal;
        this.caption = caption;
    }

    /** The calibration drawn. */
    public DifficultyCalibration calibration() {
        return cal;
    }

    @Override
    public String id() {
        return "calibration";
    }

    @Override
    public String title() {
        return "Route latency of the images the baseline gets wrong";
    }

    @Override
    public double preferredWidth() {
        return 560;
    }

    @Override
    public double preferredHeight() {
        return 150 + 24.0 * (cal.classes().size() + 1);
    }

    /** Row labels from the bottom up: the classes in reverse, then "all images" on top. */
    List<String> labels() {
        List<String> out = new ArrayList<>();
        for (int i = cal.classes().size() - 1; i >= 0; i--) {
            DifficultyCalibration.ClassRow c = cal.classes().get(i);
            out.add(label(c.name(), c.spearman(), c.hard(), c.images()));
        }
        out.add(label("all images", cal.spearman(), cal.hard(), cal.images()));
        return out;
    }

    private static String label(String name, double rho, int hard, int images) {
        return String.format(
                Locale.ROOT,
                "%s  ρ %s  (%d/%d wrong)",
                name,
                Double.isFinite(rho) ? Draw.minus(String.format(Locale.ROOT, "%+.2f", rho)) : "–",
                hard,
                images);
    }

    public JFreeChart chart(FigureStyle s) {
        List<String> labels = labels();
        XYSeries easy = new XYSeries("baseline right", false, true);
        XYSeries hard = new XYSeries("baseline wrong", false, true);
        int n = cal.classes().size();
        List<double[]> rows = new ArrayList<>(); // y, easy, hard
        for (int i = 0; i < n; i++) {
            DifficultyCalibration.ClassRow c = cal.classes().get(n - 1 - i);
            rows.add(new double[] {i, c.easyMs(), c.hardMs()});
        }
        rows.add(new double[] {n, cal.easyMs(), cal.hardMs()});
        XYPlot plot = new XYPlot();
        Color easyColor = s.category(0);
        Color hardColor = new Color(0xd62728);
        float lw = (float) Math.max(0.6, s.fontPt() * 0.12);
        for (double[] r : rows) {
            if (Double.isFinite(r[1])) {
                easy.add(r[1], r[0]);
            }
            if (Double.isFinite(r[2])) {
                hard.add(r[2], r[0]);
            }
            if (Double.isFinite(r[1]) && Double.isFinite(r[2])) {
                plot.addAnnotation(new XYLineAnnotation(r[1], r[0], r[2], r[0], new BasicStroke(lw * 2), s.muted()));
            }
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(easy);
        data.addSeries(hard);
        double d = s.fontPt() * 0.75;
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        r.setSeriesShape(0, new Ellipse2D.Double(-d / 2, -d / 2, d, d));
        r.setSeriesShape(1, new Ellipse2D.Double(-d / 2, -d / 2, d, d));
        r.setSeriesPaint(0, easyColor);
        r.setSeriesPaint(1, hardColor);
        r.setSeriesShapesFilled(0, false);
        r.setSeriesShapesFilled(1, true);
        r.setUseOutlinePaint(false);
        r.setSeriesStroke(0, new BasicStroke(lw * 1.6f));
        plot.setDataset(data);
        plot.setRenderer(r);
        NumberAxis x = new NumberAxis("mean route latency (ms, latency table)");
        x.setAutoRangeIncludesZero(false);
        x.setUpperMargin(0.08);
        x.setLowerMargin(0.08);
        SymbolAxis y = new SymbolAxis(null, labels.toArray(new String[0]));
        y.setGridBandsVisible(false);
        y.setRange(-0.6, n + 0.6);
        plot.setDomainAxis(x);
        plot.setRangeAxis(y);
        plot.setOrientation(PlotOrientation.VERTICAL);
        JFreeChart chart = new JFreeChart(title(), s.titleFont(), plot, false);
        chart.addSubtitle(new TextTitle(subtitle()));
        LegendItemCollection items = new LegendItemCollection();
        items.add(new LegendItem(
                "images the MobileNetV2 path trained alone gets right",
                null,
                null,
                null,
                true,
                new Ellipse2D.Double(-d / 2, -d / 2, d, d),
                false,
                easyColor,
                true,
                easyColor,
                new BasicStroke(lw * 1.6f),
                false,
                new Rectangle2D.Double(),
                new BasicStroke(),
                easyColor));
        items.add(new LegendItem(
                "… gets wrong", null, null, null, new Ellipse2D.Double(-d / 2, -d / 2, d, d), hardColor));
        plot.setFixedLegendItems(items);
        LegendTitle legend = new LegendTitle(plot);
        legend.setPosition(RectangleEdge.BOTTOM);
        chart.addSubtitle(legend);
        return Charts.style(chart, s);
    }

    private String subtitle() {
        String head = String.format(
                Locale.ROOT,
                "ρ %s over %d test images: the baseline's %d errors get %s ms routes, the others %s ms (%s)",
                Draw.minus(String.format(Locale.ROOT, "%+.3f", cal.spearman())),
                cal.images(),
                cal.hard(),
                Draw.ms(cal.hardMs()),
                Draw.ms(cal.easyMs()),
                Draw.signedPercent(cal.hardMs() / cal.easyMs() - 1));
        return caption == null || caption.isEmpty() ? head : caption + "\n" + head;
    }

    @Override
    public void draw(Graphics2D g, Rectangle2D area, FigureStyle s) {
        Charts.draw(chart(s), g, area, s);
    }
}
