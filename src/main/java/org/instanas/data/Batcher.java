// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Builds normalised N×C×H×W float batches from uint8 images, with optional augmentation, into a
 * caller-owned array (reused across steps, so a training loop allocates nothing per batch). Given the
 * same generator state the result is identical; per image the generator is consulted in a fixed order:
 * crop row, crop column (if padCrop &gt; 0), flip (if flip), cutout centre y, x (if cutout &gt; 0).
 */
public final class Batcher {
    private Batcher() {}

    /** Writes images {@code indices} of {@code set} into out[0 .. indices.length*C*H*W). */
    public static void fill(
            ImageSet set, int[] indices, float[] mean, float[] std, Augment aug, SplittableRandom rng, float[] out) {
        int c = set.channels();
        int h = set.height();
        int w = set.width();
        int plane = h * w;
        int size = c * plane;
        if (mean.length != c || std.length != c) {
            throw new IllegalArgumentException(
                    "mean/std have " + mean.length + "/" + std.length + " entries for " + c + " channels");
        }
        if (out.length < (long) indices.length * size) {
            throw new IllegalArgumentException("out holds " + out.length + " floats, need " + indices.length * size);
        }
        if (aug == null) {
            aug = Augment.NONE;
        }
        float[][] lut = lookup(mean, std);
        byte[] px = set.pixels();
        int pad = aug.padCrop();
        for (int b = 0; b < indices.length; b++) {
            int src = indices[b] * size;
            if (indices[b] < 0 || indices[b] >= set.size()) {
                throw new IndexOutOfBoundsException("image " + indices[b] + " of " + set.size());
            }
            int dy = pad > 0 ? rng.nextInt(2 * pad + 1) - pad : 0;
            int dx = pad > 0 ? rng.nextInt(2 * pad + 1) - pad : 0;
            boolean flip = aug.flip() && rng.nextBoolean();
            int o = b * size;
            for (int ch = 0; ch < c; ch++) {
                float[] t = lut[ch];
                float zero = t[0];
                int sp = src + ch * plane;
                int op = o + ch * plane;
                for (int y = 0; y < h; y++) {
                    int sy = y + dy;
                    int row = op + y * w;
                    if (sy < 0 || sy >= h) {
                        Arrays.fill(out, row, row + w, zero);
                        continue;
                    }
                    int srow = sp + sy * w;
                    // Output column x shows cropped column x (or w-1-x when flipped) = source column x+dx.
                    for (int x = 0; x < w; x++) {
                        int sx = (flip ? w - 1 - x : x) + dx;
                        out[row + x] = sx < 0 || sx >= w ? zero : t[px[srow + sx] & 0xff];
                    }
                }
            }
            if (aug.cutout() > 0) {
                int cy = rng.nextInt(h + 1);
                int cx = rng.nextInt(w + 1);
                int half = aug.cutout() / 2;
                int y0 = Math.max(0, cy - half);
                int y1 = Math.min(h, cy - half + aug.cutout());
                int x0 = Math.max(0, cx - half);
                int x1 = Math.min(w, cx - half + aug.cutout());
                for (int ch = 0; ch < c; ch++) {
                    float zero = lut[ch][0];
                    for (int y = y0; y < y1; y++) {
                        int row = o + ch * plane + y * w;
                        Arrays.fill(out, row + x0, row + Math.max(x0, x1), zero);
                    }
                }
            }
        }
    }

    /** The labels of images {@code indices} into out[0 .. indices.length). */
    public static void labels(ImageSet set, int[] indices, int[] out) {
        int[] l = set.labels();
        for (int b = 0; b < indices.length; b++) {
            out[b] = l[indices[b]];
        }
    }

    /** (v/255 − mean)/std for every byte value, per channel. */
    private static float[][] lookup(float[] mean, float[] std) {
        float[][] t = new float[mean.length][256];
        for (int c = 0; c < mean.length; c++) {
            for (int v = 0; v < 256; v++) {
                t[c][v] = (float) ((v / 255.0 - mean[c]) / std[c]);
            }
        }
        return t;
    }
}
