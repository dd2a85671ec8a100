// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.figure;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.Arrays;
import org.instanas.run.LatencyTable;

/** The latency lookup table as a 17-cell × 5-option heatmap in milliseconds, values in the boxes. */
public final class LatencyHeatmapFigure implements Figure, AdaptiveSize {
    /** Narrower than this (points), exports turn the grid on its side so the values stay readable. */
    public static final double NARROW_PT = 330;

    private final LatencyTable table;

    public LatencyHeatmapFigure(LatencyTable table) {
        this.table = table;
    }

    @Override
    public String id() {
        return "latency";
    }

    @Override
    public String title() {
        return "Latency lookup table (ms per cell and option)";
    }

    @Override
    public double preferredWidth() {
        return 560;
    }

    @Override
    public double preferredHeight() {
        return 260;
    }

    @Override
    public double heightFor(double widthPt, double fontPt) {
        if (widthPt >= NARROW_PT) {
            double ratio = widthPt / preferredWidth();
            return preferredHeight() * ratio + (ratio < 1 ? 5 * fontPt * (1 - ratio) : 0);
        }
        // transposed: title + subtitle (wrapped) + two header lines + 17 rows
        return fontPt * (1.3 * 2 + 1.1 * 2 + 1.1 * 2 + 1.5) + 17 * fontPt * 1.45;
    }

    public String subtitle() {
        StringBuilder sb = new StringBuilder();
        if (table.device() != null) {
            sb.append(table.device());
            if (table.threads() > 0) {
                sb.append(", ").append(table.threads()).append(table.threads() == 1 ? " thread" : " threads");
            }
            sb.append(" · ");
        }
        sb.append("MobileNetV2 path ")
                .append(Draw.ms(table.baseline()))
                .append(" ms · min ")
                .append(Draw.ms(table.min()))
                .append(" ms · max ")
                .append(Draw.ms(table.max()))
                .append(" ms");
        return sb.toString();
    }

    @Override
    public void draw(Graphics2D g, Rectangle2D area, FigureStyle s) {
        Draw.setup(g);
        Draw.background(g, area, s);
        Rectangle2D body = Draw.titleBlock(g, area, title(), subtitle(), s);
        boolean tall = CellGrid.tall(area);
        double lo = 0;
        double hi =
                Arrays.stream(table.ms()).flatMapToDouble(Arrays::stream).max().orElse(1);
        if (!(hi > 0)) {
            hi = 1;
        }
        double pad = s.fontPt() * 0.5;
        double barW = s.fontPt() * 0.9;
        double extra = Draw.colorBarExtra(g, s, Draw.ms(hi), true);
        Rectangle2D gridArea = new Rectangle2D.Double(
                body.getX() + pad,
                body.getY(),
                body.getWidth() - 2 * pad - barW - extra - s.fontPt(),
                body.getHeight() - pad);
        CellGrid.Layout L = CellGrid.draw(
                g,
                gridArea,
                table.ms(),
                ColorMap.HEAT,
                lo,
                hi,
                table.stageEntry(),
                Draw::ms,
                s,
                true,
                true,
                "cell",
                tall);
        Rectangle2D bar = new Rectangle2D.Double(
                gridArea.getMaxX() + s.fontPt(), L.grid().getY(), barW, L.grid().getHeight());
        Draw.colorBar(g, bar, ColorMap.HEAT, lo, hi, "ms", null, s);
    }
}
