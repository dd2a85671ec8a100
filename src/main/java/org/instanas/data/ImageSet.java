// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.data;

/**
 * One split of a dataset held compactly as uint8 pixels, channel-first:
 * image i occupies {@code pixels[i*C*H*W, (i+1)*C*H*W)} in C×H×W order.
 */
public record ImageSet(int channels, int height, int width, byte[] pixels, int[] labels) {
    public ImageSet {
        long need = (long) labels.length * channels * height * width;
        if (pixels.length != need) {
            throw new IllegalArgumentException("pixels: " + pixels.length + " bytes for " + labels.length
                    + " images of " + channels + "x" + height + "x" + width);
        }
    }

    public int size() {
        return labels.length;
    }

    public int imageBytes() {
        return channels * height * width;
    }

    /** How many images carry each label 0..numClasses-1. */
    public int[] classCounts(int numClasses) {
        int[] counts = new int[numClasses];
        for (int l : labels) {
            counts[l]++;
        }
        return counts;
    }

    /** "C×H×W", e.g. {@code 1×28×28}. */
    public String shape() {
        return channels + "×" + height + "×" + width;
    }

    /** Pixel value 0..255 of image i, channel c, row y, column x. */
    public int pixel(int i, int c, int y, int x) {
        return pixels[((i * channels + c) * height + y) * width + x] & 0xff;
    }
}
