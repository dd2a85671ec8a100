// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.figure;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.Locale;
import org.instanas.analysis.Difficulty;
import org.instanas.analysis.OptionUsage;
import org.instanas.run.Arch;
import org.instanas.run.RoutingRow;

/**
 * How often the controller selects each option of each cell (0–100 %), as one heatmap, or as small
 * multiples over evaluated checkpoints (epochs) with one shared colour bar.
 */
public final class OptionUsageFigure implements Figure, AdaptiveSize {
    /** At most this many panels in the small-multiples variant (evenly spread over the epochs). */
    public static final int MAX_PANELS = 12;

    private final List<OptionUsage.AtEpoch> panels;
    private final String subtitle;
    private final boolean[] stageEntry;

    private OptionUsageFigure(List<OptionUsage.AtEpoch> panels, String subtitle, boolean[] stageEntry) {
        this.panels = panels;
        this.subtitle = subtitle;
        this.stageEntry = stageEntry;
    }

    /** One heatmap of {@code frequency[cell][option]} (fractions 0..1). */
    public OptionUsageFigure(double[][] frequency, String subtitle, boolean[] stageEntry) {
        this(List.of(new OptionUsage.AtEpoch("", "", 0, 0, frequency)), subtitle, stageEntry);
    }

    /** Usage over the routing rows of one checkpoint. */
    public static OptionUsageFigure of(List<RoutingRow> rows, String checkpoint, boolean[] stageEntry) {
        return new OptionUsageFigure(
                OptionUsage.frequency(rows),
                (checkpoint == null ? "" : checkpoint + " · ") + rows.size() + " test images",
                stageEntry);
    }

    /** Usage among the images of one class. */
    public static OptionUsageFigure ofClass(
            List<RoutingRow> rows, int label, List<String> classNames, boolean[] stageEntry) {
        List<RoutingRow> c = rows.stream().filter(r -> r.label() == label).toList();
        return new OptionUsageFigure(
                OptionUsage.frequency(c),
                Difficulty.className(classNames, label) + " · " + c.size() + " images",
                stageEntry);
    }

    /** Small multiples: one panel per evaluation (at most {@link #MAX_PANELS}, evenly spread). */
    public static OptionUsageFigure overEpochs(List<OptionUsage.AtEpoch> epochs, boolean[] stageEntry) {
        if (epochs.isEmpty()) {
            throw new IllegalArgumentException("no evaluations to show");
        }
        List<OptionUsage.AtEpoch> p = Difficulty.spread(epochs, MAX_PANELS);
        String sub = p.size() < epochs.size()
                ? p.size() + " of " + epochs.size() + " evaluations"
                : p.size() + " evaluations";
        return new OptionUsageFigure(p, sub, stageEntry);
    }

    public boolean multiples() {
        return panels.size() > 1;
    }

    @Override
    public String id() {
        return "usage";
    }

    @Override
    public String title() {
        return multiples() ? "Option usage over the search" : "Option usage (share of test images)";
    }

    @Override
    public double preferredWidth() {
        return 560;
    }

    @Override
    public double preferredHeight() {
        if (!multiples()) {
            return 260;
        }
        int cols = columns(560);
        int rows = (panels.size() + cols - 1) / cols;
        return 70 + rows * 130;
    }

    @Override
    public double heightFor(double widthPt, double fontPt) {
        double ratio = widthPt / preferredWidth();
        double h = preferredHeight() * ratio + (ratio < 1 ? 5 * fontPt * (1 - ratio) : 0);
        if (multiples() || widthPt >= LatencyHeatmapFigure.NARROW_PT) {
            return h;
        }
        return fontPt * (1.3 * 2 + 1.1 * 2 + 1.1 * 2 + 1.5) + 17 * fontPt * 1.45; // on its side
    }

    private int columns(double width) {
        int n = panels.size();
        int cols = width < 400 ? 2 : 3;
        return Math.min(n, cols);
    }

    @Override
    public void draw(Graphics2D g, Rectangle2D area, FigureStyle s) {
        Draw.setup(g);
        Draw.background(g, area, s);
        Rectangle2D body = Draw.titleBlock(g, area, title(), subtitle, s);
        double pad = s.fontPt() * 0.5;
        double barW = s.fontPt() * 0.9;
        double extra = Draw.colorBarExtra(g, s, "100", true);
        Rectangle2D content = new Rectangle2D.Double(
                body.getX() + pad,
                body.getY(),
                body.getWidth() - 2 * pad - barW - extra - s.fontPt(),
                body.getHeight() - pad);
        Rectangle2D barRef;
        if (!multiples()) {
            CellGrid.Layout L = CellGrid.draw(
                    g,
                    content,
                    panels.get(0).frequency(),
                    ColorMap.VIRIDIS,
                    0,
                    1,
                    stageEntry,
                    v -> String.format(Locale.ROOT, "%.0f", v * 100),
                    s,
                    true,
                    true,
                    "cell",
                    CellGrid.tall(content));
            barRef = L.grid();
        } else {
            int cols = columns(content.getWidth());
            int rows = (panels.size() + cols - 1) / cols;
            double gapX = s.fontPt() * 0.8;
            double gapY = s.fontPt() * 0.5;
            double leftLabels = 0;
            for (String n : Arch.OPTION_NAMES) {
                leftLabels = Math.max(leftLabels, Draw.width(g, s.tickFont(), n) + s.fontPt() * 0.4);
            }
            double pw = (content.getWidth() - leftLabels - gapX * (cols - 1)) / cols;
            double ph = (content.getHeight() - gapY * (rows - 1)) / rows;
            double th = Draw.height(g, s.labelFont());
            double top = Double.NaN;
            double bottom = 0;
            for (int i = 0; i < panels.size(); i++) {
                int r = i / cols;
                int c = i % cols;
                boolean first = c == 0;
                double x = content.getX() + (first ? 0 : leftLabels + c * (pw + gapX));
                double w = first ? pw + leftLabels : pw;
                double y = content.getY() + r * (ph + gapY);
                OptionUsage.AtEpoch e = panels.get(i);
                g.setColor(s.foreground());
                String name = Draw.ellipsize(g, s.labelFont(), e.checkpoint(), pw);
                Draw.text(g, name, s.labelFont(), x + (first ? leftLabels : 0) + pw / 2, y, 0.5, 0);
                Rectangle2D pa = new Rectangle2D.Double(x, y + th, w, ph - th);
                CellGrid.Layout L = CellGrid.draw(
                        g, pa, e.frequency(), ColorMap.VIRIDIS, 0, 1, stageEntry, null, s, first, true, null);
                if (Double.isNaN(top)) {
                    top = L.grid().getY();
                }
                bottom = Math.max(bottom, L.grid().getMaxY());
            }
            barRef = new Rectangle2D.Double(0, top, 0, Math.max(1, bottom - top));
        }
        Rectangle2D bar =
                new Rectangle2D.Double(content.getMaxX() + s.fontPt(), barRef.getY(), barW, barRef.getHeight());
        Draw.colorBar(g, bar, ColorMap.VIRIDIS, 0, 100, "selected (%)", null, s);
    }
}
