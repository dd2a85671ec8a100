// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;

/** Java2D conversions between {@link BufferedImage}s and planar uint8 pixels, with bilinear resizing. */
final class Images {
    private Images() {}

    /** Whether the image's colour space is grayscale (with or without alpha). */
    static boolean isGray(BufferedImage img) {
        return img.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
    }

    /**
     * Writes the image resized to h×w into dst at off: one plane if gray is true (the image must then be
     * grayscale), else three planes R, G, B. Alpha is composited over black.
     */
    static void planes(BufferedImage img, boolean gray, int h, int w, byte[] dst, int off) {
        if (gray) {
            BufferedImage g = resize(toByteGray(img), BufferedImage.TYPE_BYTE_GRAY, h, w);
            byte[] px = ((DataBufferByte) g.getRaster().getDataBuffer()).getData();
            System.arraycopy(px, 0, dst, off, h * w);
            return;
        }
        BufferedImage src = isGray(img) ? grayToRgb(toByteGray(img)) : img;
        BufferedImage rgb = resize(src, BufferedImage.TYPE_INT_RGB, h, w);
        int[] px = ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
        int plane = h * w;
        for (int k = 0; k < plane; k++) {
            int v = px[k];
            dst[off + k] = (byte) (v >> 16);
            dst[off + plane + k] = (byte) (v >> 8);
            dst[off + 2 * plane + k] = (byte) v;
        }
    }

    /** A TYPE_BYTE_GRAY copy holding the raw gray samples (scaled to 8 bits), without gamma conversion. */
    static BufferedImage toByteGray(BufferedImage img) {
        if (img.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            return img;
        }
        int w = img.getWidth();
        int h = img.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        byte[] px = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        Raster r = img.getRaster();
        int bits = img.getColorModel().getComponentSize(0);
        int max = (1 << bits) - 1;
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            r.getSamples(0, y, w, 1, 0, row);
            for (int x = 0; x < w; x++) {
                px[y * w + x] = (byte) (max == 255 ? row[x] : Math.round(row[x] * 255.0 / max));
            }
        }
        return out;
    }

    /** Gray replicated into R, G and B (no gamma conversion). */
    private static BufferedImage grayToRgb(BufferedImage gray) {
        int w = gray.getWidth();
        int h = gray.getHeight();
        byte[] g = ((DataBufferByte) gray.getRaster().getDataBuffer()).getData();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] px = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        for (int k = 0; k < g.length; k++) {
            int v = g[k] & 0xff;
            px[k] = (v << 16) | (v << 8) | v;
        }
        return out;
    }

    /** Bilinear resize (Java2D) into a new image of the given type; a copy when the size already matches. */
    static BufferedImage resize(BufferedImage src, int type, int h, int w) {
        if (src.getType() == type && src.getWidth() == w && src.getHeight() == h) {
            return src;
        }
        BufferedImage out = new BufferedImage(w, h, type);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(src, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
