// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.data;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;

/** One image of a set as a {@link BufferedImage}: TYPE_BYTE_GRAY for one channel, TYPE_INT_RGB for three. */
public final class Thumbnails {
    private Thumbnails() {}

    public static BufferedImage image(ImageSet set, int index) {
        return image(set, index, 1);
    }

    /** Enlarged by an integer factor with nearest-neighbour sampling (crisp pixels for galleries). */
    public static BufferedImage image(ImageSet set, int index, int scale) {
        if (index < 0 || index >= set.size()) {
            throw new IndexOutOfBoundsException("image " + index + " of " + set.size());
        }
        if (scale < 1) {
            throw new IllegalArgumentException("scale " + scale);
        }
        int h = set.height();
        int w = set.width();
        int plane = h * w;
        int off = index * set.imageBytes();
        byte[] px = set.pixels();
        int oh = h * scale;
        int ow = w * scale;
        if (set.channels() == 1) {
            BufferedImage img = new BufferedImage(ow, oh, BufferedImage.TYPE_BYTE_GRAY);
            byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    dst[y * ow + x] = px[off + (y / scale) * w + x / scale];
                }
            }
            return img;
        }
        if (set.channels() != 3) {
            throw new IllegalArgumentException(set.channels() + " channels: only 1 or 3 can be shown");
        }
        BufferedImage img = new BufferedImage(ow, oh, BufferedImage.TYPE_INT_RGB);
        int[] dst = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                int k = off + (y / scale) * w + x / scale;
                dst[y * ow + x] = (px[k] & 0xff) << 16 | (px[k + plane] & 0xff) << 8 | (px[k + 2 * plane] & 0xff);
            }
        }
        return img;
    }
}
