// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.figure;

import java.awt.BasicStroke;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.text.TextUtils;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.title.Title;
import org.jfree.chart.ui.RectangleInsets;

/** Gives JFreeChart charts the figures' fonts and colours, so charts and hand-drawn figures match. */
public final class Charts {
    static {
        // rotated axis titles as real text (the workaround draws glyph outlines, so SVG/PDF lose the text)
        TextUtils.setUseDrawRotatedStringWorkaround(false);
    }

    private Charts() {}

    public static JFreeChart style(JFreeChart c, FigureStyle s) {
        c.setBackgroundPaint(s.background());
        c.setBorderVisible(false);
        c.setAntiAlias(true);
        c.setTextAntiAlias(true);
        double p = s.fontPt() * 0.5;
        c.setPadding(new RectangleInsets(p, p, p, p));
        if (c.getTitle() != null) {
            c.getTitle().setFont(s.titleFont());
            c.getTitle().setPaint(s.foreground());
            c.getTitle().setPadding(new RectangleInsets(0, 0, s.fontPt() * 0.2, 0));
        }
        for (int i = 0; i < c.getSubtitleCount(); i++) {
            Title t = c.getSubtitle(i);
            if (t instanceof LegendTitle l) {
                l.setItemFont(s.labelFont());
                l.setItemPaint(s.foreground());
                l.setBackgroundPaint(s.background());
                l.setFrame(BlockBorder.NONE);
                l.setItemLabelPadding(new RectangleInsets(0, s.fontPt() * 0.3, 0, s.fontPt() * 0.6));
                l.setPadding(new RectangleInsets(s.fontPt() * 0.3, 0, 0, 0));
            } else if (t instanceof TextTitle tt) {
                tt.setFont(s.subtitleFont());
                tt.setPaint(s.muted());
                tt.setPadding(new RectangleInsets(0, 0, s.fontPt() * 0.3, 0));
            }
        }
        stylePlot(c.getPlot(), s);
        return c;
    }

    static void stylePlot(Plot plot, FigureStyle s) {
        plot.setBackgroundPaint(s.background());
        plot.setOutlinePaint(s.frame());
        plot.setOutlineStroke(new BasicStroke((float) (s.fontPt() * 0.05)));
        if (plot instanceof CombinedDomainXYPlot cp) {
            styleAxis(cp.getDomainAxis(), s);
            for (XYPlot sub : cp.getSubplots()) {
                stylePlot(sub, s);
            }
        } else if (plot instanceof XYPlot xp) {
            xp.setDomainGridlinePaint(s.grid());
            xp.setRangeGridlinePaint(s.grid());
            xp.setDomainGridlineStroke(new BasicStroke((float) (s.fontPt() * 0.06)));
            xp.setRangeGridlineStroke(new BasicStroke((float) (s.fontPt() * 0.06)));
            xp.setAxisOffset(RectangleInsets.ZERO_INSETS);
            for (int i = 0; i < xp.getDomainAxisCount(); i++) {
                styleAxis(xp.getDomainAxis(i), s);
            }
            for (int i = 0; i < xp.getRangeAxisCount(); i++) {
                styleAxis(xp.getRangeAxis(i), s);
            }
        }
    }

    static void styleAxis(Axis a, FigureStyle s) {
        if (a == null) {
            return;
        }
        a.setLabelFont(s.labelFont());
        a.setLabelPaint(s.foreground());
        a.setTickLabelFont(s.tickFont());
        a.setTickLabelPaint(s.foreground());
        a.setAxisLinePaint(s.frame());
        a.setTickMarkPaint(s.frame());
        a.setTickMarkOutsideLength((float) (s.fontPt() * 0.3));
        a.setLabelInsets(new RectangleInsets(s.fontPt() * 0.2, s.fontPt() * 0.2, s.fontPt() * 0.2, s.fontPt() * 0.2));
        if (a instanceof ValueAxis v) {
            v.setTickLabelInsets(
                    new RectangleInsets(s.fontPt() * 0.15, s.fontPt() * 0.15, s.fontPt() * 0.15, s.fontPt() * 0.15));
        }
    }

    /** Draws a chart as a figure: antialiased, background filled. */
    public static void draw(JFreeChart c, Graphics2D g, Rectangle2D area, FigureStyle s) {
        Draw.setup(g);
        Draw.background(g, area, s);
        c.draw(g, area);
    }
}
