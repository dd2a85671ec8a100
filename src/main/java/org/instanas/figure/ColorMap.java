// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.figure;

import java.awt.Color;

/** A continuous colour scale over [0, 1], built from evenly spaced stops with linear interpolation. */
public final class ColorMap {
    private final Color[] stops;
    private final String name;
    private final Color[] lut = new Color[256];

    private ColorMap(String name, int... rgb) {
        this.name = name;
        this.stops = new Color[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            stops[i] = new Color(rgb[i]);
        }
        for (int i = 0; i < lut.length; i++) {
            lut[i] = interpolate(i / 255.0);
        }
    }

    /** Blue (fast) → white → red (slow): ColorBrewer RdBu, reversed. */
    public static final ColorMap DIVERGING = new ColorMap(
            "blue-white-red",
            0x053061,
            0x2166ac,
            0x4393c3,
            0x92c5de,
            0xd1e5f0,
            0xf7f7f7,
            0xfddbc7,
            0xf4a582,
            0xd6604d,
            0xb2182b,
            0x67001f);

    /** Viridis (perceptually uniform, readable in grey). */
    public static final ColorMap VIRIDIS = new ColorMap(
            "viridis", 0x440154, 0x482878, 0x3e4989, 0x31688e, 0x26828e, 0x1f9e89, 0x35b779, 0x6ece58, 0xb5de2b,
            0xfde725);

    /** Light yellow → dark red, for latencies in ms (ColorBrewer YlOrRd). */
    public static final ColorMap HEAT = new ColorMap(
            "yellow-orange-red",
            0xffffcc,
            0xffeda0,
            0xfed976,
            0xfeb24c,
            0xfd8d3c,
            0xfc4e2a,
            0xe31a1c,
            0xbd0026,
            0x800026);

    /** White → blue, for probabilities (ColorBrewer Blues). */
    public static final ColorMap BLUES = new ColorMap(
            "blues", 0xf7fbff, 0xdeebf7, 0xc6dbef, 0x9ecae1, 0x6baed6, 0x4292c6, 0x2171b5, 0x08519c, 0x08306b);

    public String name() {
        return name;
    }

    /** Colour at t in [0, 1] (clamped; NaN gives grey), from a 256-entry table. */
    public Color at(double t) {
        if (Double.isNaN(t)) {
            return Color.LIGHT_GRAY;
        }
        int i = (int) Math.round(Math.max(0, Math.min(1, t)) * 255);
        return lut[i];
    }

    private Color interpolate(double t) {
        double pos = t * (stops.length - 1);
        int i = Math.min(stops.length - 2, (int) Math.floor(pos));
        double f = pos - i;
        return FigureStyle.blend(stops[i + 1], stops[i], f);
    }

    /** Black or white, whichever reads better on c. */
    public static Color textOn(Color c) {
        double l = 0.2126 * lin(c.getRed()) + 0.7152 * lin(c.getGreen()) + 0.0722 * lin(c.getBlue());
        return l > 0.22 ? Color.BLACK : Color.WHITE;
    }

    private static double lin(int v) {
        double s = v / 255.0;
        return s <= 0.04045 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    }
}
