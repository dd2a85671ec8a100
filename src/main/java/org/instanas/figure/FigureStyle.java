// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.figure;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Stroke;

/**
 * How a figure is drawn: font size and colours. {@link #screen()} for panes, {@link #print(double)}
 * for exports (light background, the requested font size in points).
 */
public record FigureStyle(double fontPt, Color background, Color foreground, Color grid, boolean dark) {
    public static FigureStyle screen() {
        return new FigureStyle(12, Color.WHITE, new Color(0x20, 0x20, 0x20), new Color(0xdd, 0xdd, 0xdd), false);
    }

    public static FigureStyle screenDark() {
        return new FigureStyle(
                12, new Color(0x1e, 0x1f, 0x22), new Color(0xe6, 0xe6, 0xe6), new Color(0x44, 0x44, 0x48), true);
    }

    public static FigureStyle print(double fontPt) {
        return new FigureStyle(fontPt, Color.WHITE, Color.BLACK, new Color(0xe0, 0xe0, 0xe0), false);
    }

    public Font font(int style, double scale) {
        return new Font(Font.SANS_SERIF, style, (int) Math.round(fontPt * scale));
    }

    /**
     * A font of {@code fontPt × scale} points rounded to a whole point: SVG writes font sizes as
     * integers, so whole sizes keep SVG, PDF and PNG alike.
     */
    public Font sized(int style, double scale) {
        return new Font(Font.SANS_SERIF, style, (int) Math.max(1, Math.round(fontPt * scale)));
    }

    /** Figure titles. */
    public Font titleFont() {
        return sized(Font.BOLD, 1.1);
    }

    /** Subtitles and notes under a title. */
    public Font subtitleFont() {
        return sized(Font.PLAIN, 0.85);
    }

    /** Axis titles, legend entries, row labels. */
    public Font labelFont() {
        return sized(Font.PLAIN, 1.0);
    }

    /** Tick labels and values inside cells. */
    public Font tickFont() {
        return sized(Font.PLAIN, 0.85);
    }

    /** Secondary text (grey). */
    public Color muted() {
        return blend(foreground, background, 0.4);
    }

    /** Lines of a frame or separator, between foreground and grid. */
    public Color frame() {
        return blend(foreground, background, 0.65);
    }

    /** Stroke width proportional to the font size (0.1 × font points at scale 1). */
    public Stroke stroke(double scale) {
        return new BasicStroke(
                (float) Math.max(0.3, fontPt * 0.1 * scale), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    }

    /** Distinct colours for categories (Tableau 10, brighter on dark backgrounds). */
    public Color category(int i) {
        Color c = TABLEAU[Math.floorMod(i, TABLEAU.length)];
        if (i >= TABLEAU.length) { // second round: a lighter/darker variant so 20 classes stay apart
            c = dark ? c.darker() : blend(c, Color.WHITE, 0.55);
        }
        return dark ? blend(c, Color.WHITE, 0.85) : c;
    }

    private static final Color[] TABLEAU = {
        new Color(0x4e79a7), new Color(0xf28e2b), new Color(0xe15759), new Color(0x76b7b2), new Color(0x59a14f),
        new Color(0xedc948), new Color(0xb07aa1), new Color(0xff9da7), new Color(0x9c755f), new Color(0xbab0ac)
    };

    /** t·a + (1 − t)·b. */
    public static Color blend(Color a, Color b, double t) {
        return new Color(
                (int) Math.round(a.getRed() * t + b.getRed() * (1 - t)),
                (int) Math.round(a.getGreen() * t + b.getGreen() * (1 - t)),
                (int) Math.round(a.getBlue() * t + b.getBlue() * (1 - t)));
    }

    public static Color alpha(Color c, double a) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), (int) Math.round(255 * Math.max(0, Math.min(1, a))));
    }
}
