// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.figure;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.function.DoubleFunction;
import org.instanas.run.Arch;

/**
 * The 17 × 5 grid shared by the heatmaps and the architecture figure. Normally columns are cells
 * 0–16 and rows the five options (names at the left); transposed (for tall, narrow areas such as a
 * single paper column) rows are cells and columns options. Stage boundaries are heavier lines with
 * stage numbers beside them; values are printed in the boxes when they fit.
 */
final class CellGrid {
    /** Standard CIFAR layout: cells that start a stage. */
    static final boolean[] CIFAR_STAGE_ENTRY = stageEntry(0, 1, 3, 6, 10, 13, 16);

    private CellGrid() {}

    static boolean[] stageEntry(int... cells) {
        boolean[] b = new boolean[Arch.CELLS];
        for (int c : cells) {
            b[c] = true;
        }
        return b;
    }

    /** Where the boxes are; {@code headerLines} is how option names are split when transposed. */
    record Layout(Rectangle2D grid, double cw, double ch, boolean transposed, Font headerFont, int headerLines) {
        Rectangle2D box(int cell, int option) {
            return transposed
                    ? new Rectangle2D.Double(grid.getX() + option * cw, grid.getY() + cell * ch, cw, ch)
                    : new Rectangle2D.Double(grid.getX() + cell * cw, grid.getY() + option * ch, cw, ch);
        }

        /** Size of a box along the cell axis. */
        double cellSize() {
            return transposed ? ch : cw;
        }
    }

    /** Whether an area is better drawn transposed (taller than wide). */
    static boolean tall(Rectangle2D area) {
        return area.getHeight() > area.getWidth() * 0.9;
    }

    /** Where the boxes go inside {@code area}, leaving room for the labels asked for. */
    static Layout layout(
            Graphics2D g,
            Rectangle2D area,
            FigureStyle s,
            boolean rowLabels,
            boolean colLabels,
            boolean stageLabels,
            String xTitle,
            boolean transposed) {
        Font tf = s.tickFont();
        if (transposed) {
            double colW0 = area.getWidth() / Arch.OPTIONS;
            Font hf = tf;
            int lines = 1;
            double widest = 0;
            for (String n : Arch.OPTION_NAMES) {
                widest = Math.max(widest, Draw.width(g, hf, n));
            }
            if (widest > colW0 * 0.75) { // two lines: "IR k3" over "e6"
                lines = 2;
                widest = 0;
                for (String n : Arch.OPTION_NAMES) {
                    for (String part : split(n)) {
                        widest = Math.max(widest, Draw.width(g, hf, part));
                    }
                }
                if (widest > colW0 * 0.75) {
                    hf = Draw.derive(hf, hf.getSize2D() * colW0 * 0.75 / widest, 4);
                }
            }
            double left = 0;
            if (colLabels) {
                left += Math.max(Draw.width(g, tf, "16"), xTitle != null ? Draw.width(g, tf, xTitle) : 0)
                        + s.fontPt() * 0.4;
            }
            if (stageLabels) {
                left += Draw.width(g, tf, "S7") + s.fontPt() * 0.5;
            }
            double top = rowLabels ? Draw.height(g, hf) * lines + s.fontPt() * 0.3 : 0;
            Rectangle2D grid = new Rectangle2D.Double(
                    area.getX() + left,
                    area.getY() + top,
                    Math.max(1, area.getWidth() - left),
                    Math.max(1, area.getHeight() - top));
            return new Layout(grid, grid.getWidth() / Arch.OPTIONS, grid.getHeight() / Arch.CELLS, true, hf, lines);
        }
        double left = 0;
        if (rowLabels) {
            for (String n : Arch.OPTION_NAMES) {
                left = Math.max(left, Draw.width(g, tf, n));
            }
            left += s.fontPt() * 0.4;
        }
        double top = stageLabels ? Draw.height(g, tf) * 1.05 : 0;
        double bottom = colLabels ? Draw.height(g, tf) * 1.15 : 0;
        if (xTitle != null) {
            bottom += Draw.height(g, s.labelFont()) * 1.05;
        }
        Rectangle2D grid = new Rectangle2D.Double(
                area.getX() + left,
                area.getY() + top,
                Math.max(1, area.getWidth() - left),
                Math.max(1, area.getHeight() - top - bottom));
        return new Layout(grid, grid.getWidth() / Arch.CELLS, grid.getHeight() / Arch.OPTIONS, false, tf, 1);
    }

    static Layout layout(
            Graphics2D g,
            Rectangle2D area,
            FigureStyle s,
            boolean rowLabels,
            boolean colLabels,
            boolean stageLabels,
            String xTitle) {
        return layout(g, area, s, rowLabels, colLabels, stageLabels, xTitle, false);
    }

    private static String[] split(String name) {
        int cut = name.lastIndexOf(' ');
        return cut > 0 ? new String[] {name.substring(0, cut), name.substring(cut + 1)} : new String[] {name};
    }

    static Layout draw(
            Graphics2D g,
            Rectangle2D area,
            double[][] v,
            ColorMap map,
            double lo,
            double hi,
            boolean[] stageEntry,
            DoubleFunction<String> valueText,
            FigureStyle s,
            boolean rowLabels,
            boolean colLabels,
            String xTitle) {
        return draw(g, area, v, map, lo, hi, stageEntry, valueText, s, rowLabels, colLabels, xTitle, false);
    }

    /**
     * Draws v[cell][option] coloured by {@code map} over [lo, hi].
     *
     * @param valueText formats a value for its box; null draws no values
     * @param rowLabels option names; colLabels cell numbers (whichever axis they end up on)
     */
    static Layout draw(
            Graphics2D g,
            Rectangle2D area,
            double[][] v,
            ColorMap map,
            double lo,
            double hi,
            boolean[] stageEntry,
            DoubleFunction<String> valueText,
            FigureStyle s,
            boolean rowLabels,
            boolean colLabels,
            String xTitle,
            boolean transposed) {
        boolean[] entry = stageEntry != null ? stageEntry : CIFAR_STAGE_ENTRY;
        Layout L = layout(g, area, s, rowLabels, colLabels, true, xTitle, transposed);
        double gap = Math.min(L.cw(), L.ch()) * 0.06;
        Font vf = valueText == null ? null : valueFont(g, v, valueText, L, s);
        for (int t = 0; t < Arch.CELLS; t++) {
            for (int a = 0; a < Arch.OPTIONS; a++) {
                Rectangle2D b = L.box(t, a);
                double x = v[t][a];
                double u = hi > lo ? (x - lo) / (hi - lo) : 0.5;
                Color c = Double.isFinite(x) ? map.at(u) : s.grid();
                g.setColor(c);
                g.fill(new Rectangle2D.Double(
                        b.getX() + gap / 2, b.getY() + gap / 2, b.getWidth() - gap, b.getHeight() - gap));
                if (vf != null && Double.isFinite(x)) {
                    g.setColor(ColorMap.textOn(c));
                    Draw.text(g, valueText.apply(x), vf, b.getCenterX(), b.getCenterY(), 0.5, 0.5);
                }
            }
        }
        labels(g, L, entry, s, rowLabels, colLabels, xTitle);
        return L;
    }

    /** Option names, cell numbers, stage separators and stage numbers around a laid-out grid. */
    static void labels(
            Graphics2D g,
            Layout L,
            boolean[] entry,
            FigureStyle s,
            boolean rowLabels,
            boolean colLabels,
            String xTitle) {
        if (L.transposed()) {
            labelsTransposed(g, L, entry, s, rowLabels, colLabels, xTitle);
            return;
        }
        Font tf = s.tickFont();
        Rectangle2D grid = L.grid();
        g.setColor(s.foreground());
        if (rowLabels) {
            Font rf = tf;
            if (Draw.height(g, rf) > L.ch() * 1.05) {
                rf = Draw.derive(rf, rf.getSize2D() * L.ch() * 1.05 / Draw.height(g, rf), 4);
            }
            for (int a = 0; a < Arch.OPTIONS; a++) {
                Draw.text(
                        g,
                        Arch.OPTION_NAMES[a],
                        rf,
                        grid.getX() - s.fontPt() * 0.4,
                        grid.getY() + (a + 0.5) * L.ch(),
                        1,
                        0.5);
            }
        }
        if (colLabels) {
            int every = Draw.width(g, tf, "16") > L.cw() * 0.95 ? 2 : 1;
            for (int t = 0; t < Arch.CELLS; t += every) {
                Draw.text(
                        g,
                        Integer.toString(t),
                        tf,
                        grid.getX() + (t + 0.5) * L.cw(),
                        grid.getMaxY() + s.fontPt() * 0.15,
                        0.5,
                        0);
            }
        }
        if (xTitle != null) {
            double y = grid.getMaxY() + (colLabels ? Draw.height(g, tf) * 1.15 : 0);
            Draw.text(g, xTitle, s.labelFont(), grid.getCenterX(), y, 0.5, 0);
        }
        stages(g, L, entry, s, (xs, xe, lab) -> {
            if (Draw.width(g, tf, lab) < xe - xs) {
                g.setColor(s.muted());
                Draw.text(g, lab, tf, (xs + xe) / 2, grid.getY() - s.fontPt() * 0.1, 0.5, 1);
            }
        });
    }

    private static void labelsTransposed(
            Graphics2D g,
            Layout L,
            boolean[] entry,
            FigureStyle s,
            boolean rowLabels,
            boolean colLabels,
            String xTitle) {
        Font tf = s.tickFont();
        Rectangle2D grid = L.grid();
        g.setColor(s.foreground());
        if (rowLabels) {
            double lh = Draw.height(g, L.headerFont());
            for (int a = 0; a < Arch.OPTIONS; a++) {
                String[] parts =
                        L.headerLines() == 2 ? split(Arch.OPTION_NAMES[a]) : new String[] {Arch.OPTION_NAMES[a]};
                double y = grid.getY() - s.fontPt() * 0.2 - parts.length * lh;
                for (String p : parts) {
                    Draw.text(g, p, L.headerFont(), grid.getX() + (a + 0.5) * L.cw(), y, 0.5, 0);
                    y += lh;
                }
            }
        }
        double numRight = grid.getX() - s.fontPt() * 0.4;
        if (colLabels) {
            Font cf = tf;
            if (Draw.height(g, cf) > L.ch() * 1.1) {
                cf = Draw.derive(cf, cf.getSize2D() * L.ch() * 1.1 / Draw.height(g, cf), 4);
            }
            for (int t = 0; t < Arch.CELLS; t++) {
                Draw.text(g, Integer.toString(t), cf, numRight, grid.getY() + (t + 0.5) * L.ch(), 1, 0.5);
            }
            if (xTitle != null && rowLabels) {
                Draw.text(g, xTitle, tf, numRight, grid.getY() - s.fontPt() * 0.2, 1, 1);
            }
        }
        double stageRight = numRight
                - (colLabels
                        ? Math.max(Draw.width(g, tf, "16"), xTitle != null ? Draw.width(g, tf, xTitle) : 0)
                                + s.fontPt() * 0.5
                        : 0);
        stages(g, L, entry, s, (ys, ye, lab) -> {
            if (Draw.height(g, tf) * 0.8 < ye - ys) {
                g.setColor(s.muted());
                Draw.text(g, lab, tf, stageRight, (ys + ye) / 2, 1, 0.5);
            }
        });
    }

    private interface StageLabel {
        void draw(double from, double to, String label);
    }

    /** Separator lines at stage boundaries; each stage's extent (along the cell axis) is passed to {@code label}. */
    private static void stages(Graphics2D g, Layout L, boolean[] entry, FigureStyle s, StageLabel label) {
        Rectangle2D grid = L.grid();
        double ext = s.fontPt() * 0.2;
        double origin = L.transposed() ? grid.getY() : grid.getX();
        int stage = 0;
        int start = 0;
        for (int t = 0; t <= Arch.CELLS; t++) {
            boolean boundary = t == Arch.CELLS || (t > 0 && entry[t]);
            if (!boundary) {
                continue;
            }
            stage++;
            double from = origin + start * L.cellSize();
            double to = origin + t * L.cellSize();
            label.draw(from, to, "S" + stage);
            if (t < Arch.CELLS) {
                g.setStroke(s.stroke(1.0));
                g.setColor(s.foreground());
                g.draw(
                        L.transposed()
                                ? new Line2D.Double(grid.getX() - ext, to, grid.getMaxX() + ext, to)
                                : new Line2D.Double(to, grid.getY() - ext, to, grid.getMaxY() + ext));
            }
            start = t;
        }
    }

    /** One font for all values: the tick font shrunk until the widest value fits; null below 5 pt. */
    private static Font valueFont(Graphics2D g, double[][] v, DoubleFunction<String> fmt, Layout L, FigureStyle s) {
        String widest = "";
        for (double[] row : v) {
            for (double x : row) {
                if (Double.isFinite(x)) {
                    String t = fmt.apply(x);
                    if (Draw.width(g, s.tickFont(), t) > Draw.width(g, s.tickFont(), widest)) {
                        widest = t;
                    }
                }
            }
        }
        Font f = s.tickFont();
        double hmax = L.ch() * 0.8;
        if (Draw.height(g, f) > hmax) {
            f = Draw.derive(f, f.getSize2D() * hmax / Draw.height(g, f), 1);
        }
        Font fitted = Draw.fit(g, f, widest, L.cw() * 0.88, 5);
        return fitted != null && fitted.getSize2D() >= 5 ? fitted : null;
    }
}
