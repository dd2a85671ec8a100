// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.figure;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.util.Locale;
import org.instanas.run.Arch;
import org.instanas.run.LatencyTable;

/**
 * One architecture as the 17 × 5 grid of the project page's demo: columns are cells, rows the five
 * options; selected options filled, the controller's probability as shade (and printed when it fits),
 * stage boundaries marked. An empty stage-entry cell runs the Basic block (dashed); an empty cell
 * inside a stage is skipped (identity, dashed line).
 */
public final class ArchitectureFigure implements Figure {
    private final String arch;
    private final boolean[][] bits;
    private final LatencyTable table;
    private final float[] probs;
    private final String caption;

    /**
     * @param table nullable: without it no latency is shown and the standard CIFAR stage layout is used
     * @param probs nullable: the controller's 85 probabilities
     */
    public ArchitectureFigure(String arch, LatencyTable table, float[] probs) {
        this(arch, table, probs, null);
    }

    /** @param caption e.g. "test image 123 (cat)"; shown under the title */
    public ArchitectureFigure(String arch, LatencyTable table, float[] probs, String caption) {
        this.arch = arch;
        this.bits = Arch.parse(arch);
        this.table = table;
        if (probs != null && probs.length != Arch.LENGTH) {
            throw new IllegalArgumentException("expected " + Arch.LENGTH + " probabilities, got " + probs.length);
        }
        this.probs = probs;
        this.caption = caption;
    }

    @Override
    public String id() {
        return "arch";
    }

    @Override
    public String title() {
        StringBuilder sb = new StringBuilder("Architecture");
        if (table != null) {
            double l = table.latencyOf(bits);
            sb.append(": ").append(Draw.ms(l)).append(" ms");
            double b = table.baseline();
            if (b > 0) {
                sb.append(" (").append(Draw.signedPercent(l / b - 1)).append(" vs MobileNetV2 path)");
            }
        }
        return sb.toString();
    }

    private String subtitle() {
        StringBuilder sb = new StringBuilder();
        if (caption != null && !caption.isEmpty()) {
            sb.append(caption).append(" · ");
        }
        sb.append(Arch.activeOptions(arch)).append(" of ").append(Arch.LENGTH).append(" options selected");
        if (probs != null) {
            sb.append(" · shade: controller probability");
        }
        return sb.toString();
    }

    @Override
    public double preferredWidth() {
        return 560;
    }

    @Override
    public double preferredHeight() {
        return 250;
    }

    private boolean[] entry() {
        return table != null ? table.stageEntry() : CellGrid.CIFAR_STAGE_ENTRY;
    }

    @Override
    public void draw(Graphics2D g, Rectangle2D area, FigureStyle s) {
        Draw.setup(g);
        Draw.background(g, area, s);
        Rectangle2D body = Draw.titleBlock(g, area, title(), subtitle(), s);
        double pad = s.fontPt() * 0.5;
        double barW = probs != null ? s.fontPt() * 0.9 : 0;
        double extra = probs != null ? Draw.colorBarExtra(g, s, "1.0", true) + s.fontPt() : 0;
        Rectangle2D gridArea = new Rectangle2D.Double(
                body.getX() + pad, body.getY(), body.getWidth() - 2 * pad - barW - extra, body.getHeight() - pad);
        CellGrid.Layout L = CellGrid.layout(g, gridArea, s, true, true, true, "cell");
        boolean[] entry = entry();
        Color on = s.dark() ? new Color(0x6baed6) : new Color(0x2171b5);
        Font pf = probs == null ? null : Draw.fit(g, s.tickFont(), "0.00", L.cw() * 0.8, 5);
        if (pf != null && Draw.height(g, pf) > L.ch() * 0.75) {
            pf = null;
        }
        float dash = (float) (s.fontPt() * 0.3);
        BasicStroke dashed = new BasicStroke(
                (float) (s.fontPt() * 0.1),
                BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER,
                10,
                new float[] {dash, dash},
                0);
        for (int t = 0; t < Arch.CELLS; t++) {
            boolean any = false;
            for (int a = 0; a < Arch.OPTIONS; a++) {
                any |= bits[t][a];
            }
            if (!any && !entry[t]) { // identity: the cell is skipped (line behind the nodes)
                g.setColor(s.muted());
                g.setStroke(dashed);
                double x = L.grid().getX() + (t + 0.5) * L.cw();
                g.draw(new Line2D.Double(
                        x, L.grid().getY() + L.ch() * 0.1, x, L.grid().getMaxY() - L.ch() * 0.1));
            }
            for (int a = 0; a < Arch.OPTIONS; a++) {
                Rectangle2D b = L.box(t, a);
                double inset = Math.min(b.getWidth(), b.getHeight()) * 0.12;
                double arc = Math.min(b.getWidth(), b.getHeight()) * 0.3;
                RoundRectangle2D node = new RoundRectangle2D.Double(
                        b.getX() + inset,
                        b.getY() + inset,
                        b.getWidth() - 2 * inset,
                        b.getHeight() - 2 * inset,
                        arc,
                        arc);
                double p = probs == null ? Double.NaN : probs[t * Arch.OPTIONS + a];
                Color fill;
                if (probs != null) {
                    fill = ColorMap.BLUES.at(p);
                } else {
                    fill = bits[t][a] ? on : s.background();
                }
                g.setColor(fill);
                g.fill(node);
                if (bits[t][a]) {
                    g.setColor(s.foreground());
                    g.setStroke(s.stroke(1.3));
                } else if (!any && entry[t] && a == Arch.OPTIONS - 1) {
                    g.setColor(s.foreground());
                    g.setStroke(dashed);
                } else {
                    g.setColor(s.frame());
                    g.setStroke(s.stroke(0.35));
                }
                g.draw(node);
                if (pf != null) {
                    g.setColor(ColorMap.textOn(fill));
                    Draw.text(
                            g,
                            String.format(Locale.ROOT, "%.2f", p).replaceFirst("^0", ""),
                            pf,
                            b.getCenterX(),
                            b.getCenterY(),
                            0.5,
                            0.5);
                }
            }
        }
        CellGrid.labels(g, L, entry, s, true, true, "cell");
        if (probs != null) {
            Rectangle2D bar = new Rectangle2D.Double(
                    gridArea.getMaxX() + s.fontPt(),
                    L.grid().getY(),
                    barW,
                    L.grid().getHeight());
            Draw.colorBar(g, bar, ColorMap.BLUES, 0, 1, "probability", null, s);
        }
    }
}
