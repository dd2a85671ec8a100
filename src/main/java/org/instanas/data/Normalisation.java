// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.data;

/** Per-channel mean and standard deviation of pixel/255, from a histogram built in one pass. */
final class Normalisation {
    private Normalisation() {}

    /** {mean, std}, each of length C; a constant channel gets std 1 so that normalising stays finite. */
    static float[][] meanStd(ImageSet set) {
        int c = set.channels();
        int plane = set.height() * set.width();
        long[][] hist = new long[c][256];
        byte[] px = set.pixels();
        for (int i = 0, off = 0; i < set.size(); i++) {
            for (int ch = 0; ch < c; ch++, off += plane) {
                long[] h = hist[ch];
                for (int k = off, end = off + plane; k < end; k++) {
                    h[px[k] & 0xff]++;
                }
            }
        }
        float[] mean = new float[c];
        float[] std = new float[c];
        for (int ch = 0; ch < c; ch++) {
            double n = 0;
            double s = 0;
            double s2 = 0;
            for (int v = 0; v < 256; v++) {
                double cnt = hist[ch][v];
                double x = v / 255.0;
                n += cnt;
                s += cnt * x;
                s2 += cnt * x * x;
            }
            double m = n == 0 ? 0 : s / n;
            double var = n == 0 ? 0 : Math.max(0, s2 / n - m * m);
            mean[ch] = (float) m;
            std[ch] = var < 1e-12 ? 1f : (float) Math.sqrt(var);
        }
        return new float[][] {mean, std};
    }
}
