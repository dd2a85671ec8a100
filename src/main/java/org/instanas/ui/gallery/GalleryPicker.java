// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.gallery;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.instanas.figure.FigureStyle;
import org.instanas.figure.GalleryFigure;
import org.instanas.run.RoutingRow;

/**
 * Which image of a gallery figure lies under a point. The figure is drawn once more off screen, at
 * the size it has on screen, with every picture replaced by a flat colour that encodes it (4 bits per
 * channel, each in the middle of its range so that smoothing cannot change it); the pixel under the
 * mouse names the image. This needs nothing of the figure's layout code.
 */
final class GalleryPicker {
    private static final int MAX = 4094;

    private final List<RoutingRow> images = new ArrayList<>();
    private final Map<Integer, Integer> slotOf = new HashMap<>();
    private final GalleryFigure pickFigure;
    private int[] pixels;
    private int width;
    private int height;
    private FigureStyle style;

    GalleryPicker(List<GalleryFigure.Row> rows, String title, String subtitle) {
        for (GalleryFigure.Row r : rows) {
            for (RoutingRow im : r.images()) {
                if (!slotOf.containsKey(im.index()) && images.size() < MAX) {
                    images.add(im);
                    slotOf.put(im.index(), images.size());
                }
            }
        }
        pickFigure = new GalleryFigure(rows, title, subtitle, this::flat);
    }

    private BufferedImage flat(int index) {
        Integer slot = slotOf.get(index);
        int rgb = slot == null ? 0 : encode(slot);
        BufferedImage im = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                im.setRGB(x, y, rgb);
            }
        }
        return im;
    }

    static int encode(int slot) {
        return ((slot >> 8 & 15) * 16 + 8) << 16 | ((slot >> 4 & 15) * 16 + 8) << 8 | ((slot & 15) * 16 + 8);
    }

    /** The slot a colour encodes, or 0 when it is not a flat picture colour. */
    static int decode(int rgb) {
        int r = rgb >> 16 & 255;
        int g = rgb >> 8 & 255;
        int b = rgb & 255;
        if (!mid(r) || !mid(g) || !mid(b)) {
            return 0;
        }
        return (r >> 4) << 8 | (g >> 4) << 4 | (b >> 4);
    }

    private static boolean mid(int c) {
        int low = c & 15;
        return low >= 5 && low <= 11;
    }

    /** The image at (x, y) of a figure drawn into a w × h area, or null. */
    RoutingRow pick(double x, double y, double w, double h, FigureStyle s) {
        render(w, h, s);
        int px = (int) Math.floor(x);
        int py = (int) Math.floor(y);
        if (px < 0 || py < 0 || px >= width || py >= height) {
            return null;
        }
        int slot = decode(pixels[py * width + px]);
        return slot >= 1 && slot <= images.size() ? images.get(slot - 1) : null;
    }

    /** Where an image is drawn (its first appearance), or null. */
    Rectangle2D bounds(RoutingRow r, double w, double h, FigureStyle s) {
        Integer slot = slotOf.get(r.index());
        if (slot == null) {
            return null;
        }
        render(w, h, s);
        int x0 = Integer.MAX_VALUE;
        int y0 = Integer.MAX_VALUE;
        int x1 = -1;
        int y1 = -1;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (decode(pixels[y * width + x]) == slot) {
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x);
                    y1 = Math.max(y1, y);
                }
            }
        }
        return x1 < 0 ? null : new Rectangle2D.Double(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
    }

    private void render(double w, double h, FigureStyle s) {
        int iw = Math.max(1, (int) Math.floor(w));
        int ih = Math.max(1, (int) Math.floor(h));
        if (pixels != null && iw == width && ih == height && s.equals(style)) {
            return;
        }
        BufferedImage im = new BufferedImage(iw, ih, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = im.createGraphics();
        try {
            pickFigure.draw(g, new Rectangle2D.Double(0, 0, iw, ih), s);
        } finally {
            g.dispose();
        }
        pixels = im.getRGB(0, 0, iw, ih, null, 0, iw);
        width = iw;
        height = ih;
        style = s;
    }
}
