// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.figure;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/** Java2D helpers shared by the figures: aligned text, title blocks, colour bars, ticks. */
public final class Draw {
    private Draw() {}

    /** Antialiasing, text antialiasing and pure strokes (geometry as given, for vector exports). */
    public static void setup(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    }

    /** Fills the area with the style's background. */
    public static void background(Graphics2D g, Rectangle2D area, FigureStyle s) {
        g.setColor(s.background());
        g.fill(area);
    }

    public static double width(Graphics2D g, Font f, String s) {
        return g.getFontMetrics(f).getStringBounds(s, g).getWidth();
    }

    /** Ascent + descent of a font. */
    public static double height(Graphics2D g, Font f) {
        FontMetrics m = g.getFontMetrics(f);
        return m.getAscent() + m.getDescent();
    }

    /**
     * Draws text with its box aligned to (x, y): ha 0 = left, 0.5 = centre, 1 = right edge at x;
     * va 0 = top, 0.5 = middle, 1 = bottom of the text box at y.
     */
    public static void text(Graphics2D g, String s, Font f, double x, double y, double ha, double va) {
        if (s == null || s.isEmpty()) {
            return;
        }
        FontMetrics m = g.getFontMetrics(f);
        double w = m.getStringBounds(s, g).getWidth();
        double h = m.getAscent() + m.getDescent();
        g.setFont(f);
        g.drawString(s, (float) (x - ha * w), (float) (y - va * h + m.getAscent()));
    }

    /** Text rotated 90° counter-clockwise, centred on (x, y). */
    public static void textUp(Graphics2D g, String s, Font f, double x, double y) {
        AffineTransform old = g.getTransform();
        g.translate(x, y);
        g.rotate(-Math.PI / 2);
        text(g, s, f, 0, 0, 0.5, 0.5);
        g.setTransform(old);
    }

    /**
     * The largest whole-point size (≤ f's) at which s fits maxWidth, never below minPt; null if even
     * that does not fit.
     */
    public static Font fit(Graphics2D g, Font f, String s, double maxWidth, double minPt) {
        Font cur = f;
        while (width(g, cur, s) > maxWidth) {
            int next = (int) Math.ceil(cur.getSize2D()) - 1;
            if (next < minPt || next < 1) {
                return null;
            }
            cur = cur.deriveFont((float) next);
        }
        return cur;
    }

    /** f at {@code pt} points rounded down to a whole point (at least {@code min}). */
    public static Font derive(Font f, double pt, double min) {
        return f.deriveFont((float) Math.max(Math.max(1, min), Math.floor(pt)));
    }

    /** Shortens s with an ellipsis until it fits. */
    public static String ellipsize(Graphics2D g, Font f, String s, double maxWidth) {
        if (width(g, f, s) <= maxWidth) {
            return s;
        }
        String t = s;
        while (t.length() > 1 && width(g, f, t + "…") > maxWidth) {
            t = t.substring(0, t.length() - 1);
        }
        return t + "…";
    }

    /**
     * Draws a title (and a subtitle in grey, may be null) at the top of the area and returns what is
     * left below it.
     */
    public static Rectangle2D titleBlock(Graphics2D g, Rectangle2D area, String title, String subtitle, FigureStyle s) {
        double pad = s.fontPt() * 0.5;
        double y = area.getY() + pad;
        if (title != null && !title.isEmpty()) {
            Font tf = s.titleFont();
            List<String> lines = wrap(g, tf, title, area.getWidth() - 2 * pad);
            if (lines.size() > 2) {
                lines = List.of(
                        lines.get(0),
                        ellipsize(g, tf, String.join(" ", lines.subList(1, lines.size())), area.getWidth() - 2 * pad));
            }
            g.setColor(s.foreground());
            for (String line : lines) {
                text(g, ellipsize(g, tf, line, area.getWidth() - 2 * pad), tf, area.getCenterX(), y, 0.5, 0);
                y += height(g, tf);
            }
        }
        if (subtitle != null && !subtitle.isEmpty()) {
            Font sf = s.subtitleFont();
            g.setColor(s.muted());
            for (String line : wrap(g, sf, subtitle, area.getWidth() - 2 * pad)) {
                text(g, line, sf, area.getCenterX(), y, 0.5, 0);
                y += height(g, sf);
            }
        }
        y += pad * 0.6;
        return new Rectangle2D.Double(area.getX(), y, area.getWidth(), Math.max(0, area.getMaxY() - y));
    }

    /**
     * Splits text into lines no wider than maxWidth: whole " · "-separated parts where possible,
     * else at spaces.
     */
    public static List<String> wrap(Graphics2D g, Font f, String text, double maxWidth) {
        List<String> lines = new ArrayList<>();
        String cur = "";
        for (String part : text.split(" · ")) {
            String cand = cur.isEmpty() ? part : cur + " · " + part;
            if (width(g, f, cand) <= maxWidth) {
                cur = cand;
                continue;
            }
            if (!cur.isEmpty()) {
                lines.add(cur);
            }
            cur = "";
            if (width(g, f, part) <= maxWidth) {
                cur = part;
                continue;
            }
            for (String w : part.split(" ")) { // a part too long on its own: at spaces
                String c2 = cur.isEmpty() ? w : cur + " " + w;
                if (width(g, f, c2) <= maxWidth || cur.isEmpty()) {
                    cur = c2;
                } else {
                    lines.add(cur);
                    cur = w;
                }
            }
        }
        if (!cur.isEmpty()) {
            lines.add(cur);
        }
        return lines;
    }

    /** About {@code max} round tick values covering [lo, hi]. */
    public static double[] ticks(double lo, double hi, int max) {
        if (!(hi > lo)) {
            return new double[] {lo};
        }
        double raw = (hi - lo) / Math.max(1, max);
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = mag;
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * mag >= raw) {
                step = m * mag;
                break;
            }
        }
        List<Double> t = new ArrayList<>();
        for (double v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) {
            t.add(Math.abs(v) < step * 1e-9 ? 0 : v);
        }
        return t.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Number with as many decimals as the tick step needs. */
    public static String tickLabel(double v, double step) {
        int dec = step >= 1 ? 0 : (int) Math.ceil(-Math.log10(step) - 1e-9);
        if (step < 1 && Math.abs(step * Math.pow(10, dec) - Math.round(step * Math.pow(10, dec))) > 1e-6) {
            dec++;
        }
        return minus(String.format(Locale.ROOT, "%." + Math.max(0, dec) + "f", v));
    }

    /** Typographic minus sign. */
    public static String minus(String s) {
        return s.startsWith("-") ? "\u2212" + s.substring(1) : s;
    }

    /** Compact milliseconds: 3 significant figures at most, e.g. 0.052, 1.23, 12.3, 123. */
    public static String ms(double v) {
        if (!Double.isFinite(v)) {
            return "–";
        }
        double a = Math.abs(v);
        String f = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 0.1 ? "%.2f" : "%.3f";
        return minus(String.format(Locale.ROOT, f, v));
    }

    /** Signed percentage of a fraction: −12%, +7%, 0%. */
    public static String signedPercent(double frac) {
        if (!Double.isFinite(frac)) {
            return "";
        }
        long p = Math.round(frac * 100);
        return p == 0 ? "0%" : (p < 0 ? "\u2212" : "+") + Math.abs(p) + "%";
    }

    /**
     * Vertical colour bar in {@code bar} (the gradient) with tick labels to its right and a rotated
     * title beyond them. Returns the total width used.
     */
    public static double colorBar(
            Graphics2D g,
            Rectangle2D bar,
            ColorMap map,
            double lo,
            double hi,
            String title,
            DoubleFunction<String> label,
            FigureStyle s) {
        return colorBar(g, bar, v -> map.at(hi > lo ? (v - lo) / (hi - lo) : 0.5), lo, hi, title, label, s);
    }

    /** Colour bar over [lo, hi] where value v has colour {@code colorOf(v)}. */
    public static double colorBar(
            Graphics2D g,
            Rectangle2D bar,
            DoubleFunction<Color> colorOf,
            double lo,
            double hi,
            String title,
            DoubleFunction<String> label,
            FigureStyle s) {
        int steps = 64;
        double h = bar.getHeight() / steps;
        for (int i = 0; i < steps; i++) {
            double t = (i + 0.5) / steps;
            g.setColor(colorOf.apply(lo + t * (hi - lo)));
            // slight overlap so no hairlines appear between the steps in vector viewers
            g.fill(new Rectangle2D.Double(bar.getX(), bar.getMaxY() - (i + 1) * h, bar.getWidth(), h + 0.3));
        }
        g.setColor(s.frame());
        g.setStroke(s.stroke(0.5));
        g.draw(bar);
        Font tf = s.tickFont();
        double[] ticks = ticks(lo, hi, Math.max(2, (int) (bar.getHeight() / (height(g, tf) * 2.2))));
        double step = ticks.length > 1 ? ticks[1] - ticks[0] : Math.max(Math.abs(hi - lo), 1e-9);
        double maxW = 0;
        g.setColor(s.foreground());
        for (double v : ticks) {
            double y = bar.getMaxY() - (v - lo) / (hi - lo) * bar.getHeight();
            if (!(hi > lo)) {
                y = bar.getCenterY();
            }
            g.draw(new Line2D.Double(bar.getMaxX(), y, bar.getMaxX() + s.fontPt() * 0.3, y));
            String txt = label != null ? label.apply(v) : tickLabel(v, step);
            text(g, txt, tf, bar.getMaxX() + s.fontPt() * 0.45, y, 0, 0.5);
            maxW = Math.max(maxW, width(g, tf, txt));
        }
        double used = bar.getWidth() + s.fontPt() * 0.45 + maxW;
        if (title != null) {
            Font lf = s.labelFont();
            double x = bar.getMaxX() + s.fontPt() * 0.45 + maxW + s.fontPt() * 0.35 + height(g, lf) / 2;
            textUp(g, title, lf, x, bar.getCenterY());
            used += s.fontPt() * 0.35 + height(g, lf);
        }
        return used;
    }

    /** Width that {@link #colorBar} will need beyond the bar for the given tick labels and title. */
    public static double colorBarExtra(Graphics2D g, FigureStyle s, String widestTick, boolean title) {
        double w = s.fontPt() * 0.45 + width(g, s.tickFont(), widestTick);
        if (title) {
            w += s.fontPt() * 0.35 + height(g, s.labelFont());
        }
        return w;
    }

    /** A right-pointing arrow from (x0, y) to (x1, y). */
    public static void arrow(Graphics2D g, double x0, double x1, double y, double head, FigureStyle s) {
        g.setStroke(s.stroke(0.8));
        g.draw(new Line2D.Double(x0, y, x1 - head * 0.6, y));
        Path2D p = new Path2D.Double();
        p.moveTo(x1, y);
        p.lineTo(x1 - head, y - head * 0.45);
        p.lineTo(x1 - head, y + head * 0.45);
        p.closePath();
        g.fill(p);
    }

    /** Colour swatch + label entries laid out in rows; returns the height used. */
    public static double legend(
            Graphics2D g, Rectangle2D area, List<String> labels, List<Color> colors, FigureStyle s, boolean dots) {
        Font f = s.labelFont();
        double h = height(g, f);
        double sw = h * 0.7;
        double gap = s.fontPt() * 0.8;
        double x = area.getX();
        double y = area.getY();
        for (int i = 0; i < labels.size(); i++) {
            double w = sw + s.fontPt() * 0.3 + width(g, f, labels.get(i));
            if (x > area.getX() && x + w > area.getMaxX()) {
                x = area.getX();
                y += h * 1.15;
            }
            g.setColor(colors.get(i));
            if (dots) {
                g.fill(new Ellipse2D.Double(x, y + (h - sw) / 2, sw, sw));
            } else {
                g.fill(new Rectangle2D.Double(x, y + (h - sw) / 2, sw, sw));
            }
            g.setColor(s.foreground());
            text(g, labels.get(i), f, x + sw + s.fontPt() * 0.3, y, 0, 0);
            x += w + gap;
        }
        return y + h - area.getY();
    }

    public static Color withAlpha(Color c, double a) {
        return FigureStyle.alpha(c, a);
    }
}
