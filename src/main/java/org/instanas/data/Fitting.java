// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.data;

import java.util.stream.IntStream;

/** Channel and spatial conversions of whole image sets (see {@link Datasets#fitTo}). */
final class Fitting {
    private Fitting() {}

    static ImageSet fit(ImageSet s, int channels, int height, int width, Datasets.Fit fit) {
        ImageSet c = channels(s, channels);
        if (c.height() == height && c.width() == width) {
            return c;
        }
        boolean padCrop = switch (fit) {
            case PAD_CROP -> true;
            case RESIZE -> false;
            case AUTO ->
                near(c.height(), height)
                        && near(c.width(), width)
                        && Integer.signum(height - c.height()) * Integer.signum(width - c.width()) >= 0;
        };
        return padCrop ? padCrop(c, height, width) : resize(c, height, width);
    }

    /** Within 25 % of the source size. */
    private static boolean near(int from, int to) {
        return Math.abs(to - from) * 4 <= from;
    }

    static ImageSet channels(ImageSet s, int channels) {
        if (s.channels() == channels) {
            return s;
        }
        int plane = s.height() * s.width();
        int n = s.size();
        byte[] src = s.pixels();
        if (s.channels() == 1 && channels == 3) {
            byte[] out = new byte[n * 3 * plane];
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < 3; c++) {
                    System.arraycopy(src, i * plane, out, (i * 3 + c) * plane, plane);
                }
            }
            return new ImageSet(3, s.height(), s.width(), out, s.labels());
        }
        if (s.channels() == 3 && channels == 1) {
            byte[] out = new byte[n * plane];
            for (int i = 0; i < n; i++) {
                int o = i * 3 * plane;
                for (int k = 0; k < plane; k++) {
                    int r = src[o + k] & 0xff;
                    int g = src[o + plane + k] & 0xff;
                    int b = src[o + 2 * plane + k] & 0xff;
                    out[i * plane + k] = (byte) ((299 * r + 587 * g + 114 * b + 500) / 1000);
                }
            }
            return new ImageSet(1, s.height(), s.width(), out, s.labels());
        }
        throw new DataException("cannot convert " + s.channels() + " channels to " + channels);
    }

    /** Centred zero-padding or cropping, per dimension. */
    static ImageSet padCrop(ImageSet s, int height, int width) {
        int c = s.channels();
        int h = s.height();
        int w = s.width();
        int dy = (height - h) / 2;
        int dx = (width - w) / 2;
        byte[] src = s.pixels();
        byte[] out = new byte[s.size() * c * height * width];
        int y0 = Math.max(0, dy);
        int y1 = Math.min(height, h + dy);
        int x0 = Math.max(0, dx);
        int x1 = Math.min(width, w + dx);
        for (int p = 0; p < s.size() * c; p++) {
            int so = p * h * w;
            int oo = p * height * width;
            for (int y = y0; y < y1; y++) {
                System.arraycopy(src, so + (y - dy) * w + (x0 - dx), out, oo + y * width + x0, x1 - x0);
            }
        }
        return new ImageSet(c, height, width, out, s.labels());
    }

    static ImageSet resize(ImageSet s, int height, int width) {
        int size = s.channels() * height * width;
        byte[] out = new byte[s.size() * size];
        IntStream.range(0, s.size())
                .parallel()
                .forEach(i -> Images.planes(Thumbnails.image(s, i), s.channels() == 1, height, width, out, i * size));
        return new ImageSet(s.channels(), height, width, out, s.labels());
    }
}
