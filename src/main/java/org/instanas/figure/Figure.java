// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.figure;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;

/**
 * A figure drawn with Java2D. The same {@link #draw} paints the pane on screen (through
 * FXGraphics2D on a JavaFX canvas) and the exported SVG, PDF and PNG, so exports look like the pane.
 */
public interface Figure {
    /** Short id used in file names and on the CLI: curves, latency, usage, gallery, map, variants, arch. */
    String id();

    String title();

    /** Natural size in points (1/72 inch), used when the user does not choose one. */
    default double preferredWidth() {
        return 640;
    }

    default double preferredHeight() {
        return 400;
    }

    void draw(Graphics2D g, Rectangle2D area, FigureStyle style);
}
