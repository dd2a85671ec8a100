// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.figure;

import java.awt.Color;
import java.awt.Font;

/**
 * How a figure is drawn: font size and colours. {@link #screen()} for panes, {@link #print(double)}
 * for exports (light background, the requested font size in points).
 */
public record FigureStyle(double fontPt, Color background, Color foreground, Color grid, boolean dark) {
    public static FigureStyle screen() {
        return new FigureStyle(12, Color.WHITE, new Color(0x20, 0x20, 0x20), new Color(0xdd, 0xdd, 0xdd), false);
    }

    public static FigureStyle screenDark() {
        return new FigureStyle(12, new Color(0x1e, 0x1f, 0x22), new Color(0xe6, 0xe6, 0xe6), new Color(0x44, 0x44, 0x48), true);
    }

    public static FigureStyle print(double fontPt) {
        return new FigureStyle(fontPt, Color.WHITE, Color.BLACK, new Color(0xe0, 0xe0, 0xe0), false);
    }

    public Font font(int style, double scale) {
        return new Font(Font.SANS_SERIF, style, (int) Math.round(fontPt * scale));
    }
}
