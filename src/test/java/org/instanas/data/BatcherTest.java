// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BatcherTest {
    /** One 1×4×4 image with pixel (y, x) = 10*y + x + 1 (no zeros), plus a second image. */
    static ImageSet known() {
        byte[] px = new byte[2 * 16];
        for (int k = 0; k < 16; k++) {
            px[k] = (byte) (10 * (k / 4) + k % 4 + 1);
            px[16 + k] = (byte) (200 + k);
        }
        return new ImageSet(1, 4, 4, px, new int[] {3, 7});
    }

    static final float[] MEAN0 = {0f};
    static final float[] STD1 = {1f / 255f};

    /** Normalised with mean 0 and std 1/255 the outputs are the raw pixel values. */
    static int[] raw(float[] out, int from, int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = Math.round(out[from + i]);
        }
        return r;
    }

    @Test
    void noAugmentationNormalises() {
        ImageSet s = known();
        float[] out = new float[32];
        Batcher.fill(
                s,
                new int[] {1, 0},
                new float[] {0.5f},
                new float[] {0.25f},
                Augment.NONE,
                new SplittableRandom(1),
                out);
        assertEquals((200 / 255f - 0.5f) / 0.25f, out[0], 1e-5);
        assertEquals((1 / 255f - 0.5f) / 0.25f, out[16], 1e-5);
        int[] labels = new int[2];
        Batcher.labels(s, new int[] {1, 0}, labels);
        assertArrayEquals(new int[] {7, 3}, labels);
    }

    @Test
    void cropAndFlipSemantics() {
        ImageSet s = known();
        boolean sawFlip = false;
        boolean sawShift = false;
        for (int t = 0; t < 200; t++) {
            SplittableRandom rng = new SplittableRandom(42 + t);
            SplittableRandom mirror = new SplittableRandom(42 + t);
            float[] out = new float[16];
            Batcher.fill(s, new int[] {0}, MEAN0, STD1, new Augment(2, true, 0), rng, out);
            int dy = mirror.nextInt(5) - 2;
            int dx = mirror.nextInt(5) - 2;
            boolean flip = mirror.nextBoolean();
            int[] got = raw(out, 0, 16);
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 4; x++) {
                    int sy = y + dy;
                    int sx = (flip ? 3 - x : x) + dx;
                    int want = sy < 0 || sy >= 4 || sx < 0 || sx >= 4 ? 0 : s.pixel(0, 0, sy, sx);
                    assertEquals(want, got[y * 4 + x], "dy=" + dy + " dx=" + dx + " flip=" + flip);
                }
            }
            sawFlip |= flip && dy == 0 && dx == 0;
            sawShift |= dy != 0 && dx != 0;
        }
        assertTrue(sawFlip && sawShift);
    }

    @Test
    void flippedImageIsMirrored() {
        ImageSet s = known();
        // find a seed whose first draw flips (no crop: the flip is the first draw)
        for (long seed = 0; ; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            if (r.nextBoolean()) {
                float[] out = new float[16];
                Batcher.fill(s, new int[] {0}, MEAN0, STD1, new Augment(0, true, 0), new SplittableRandom(seed), out);
                assertArrayEquals(
                        new int[] {4, 3, 2, 1, 14, 13, 12, 11, 24, 23, 22, 21, 34, 33, 32, 31}, raw(out, 0, 16));
                return;
            }
        }
    }

    @Test
    void cutoutBlanksAClippedBoxToPixelZero() {
        byte[] px = new byte[28 * 28];
        Arrays.fill(px, (byte) 255);
        ImageSet s = new ImageSet(1, 28, 28, px, new int[] {0});
        float[] mean = {0.3f};
        float[] std = {0.2f};
        float black = -0.3f / 0.2f;
        for (int t = 0; t < 100; t++) {
            SplittableRandom rng = new SplittableRandom(7 + t);
            SplittableRandom mirror = new SplittableRandom(7 + t);
            float[] out = new float[784];
            Batcher.fill(s, new int[] {0}, mean, std, new Augment(0, false, 14), rng, out);
            int cy = mirror.nextInt(29);
            int cx = mirror.nextInt(29);
            int blanks = 0;
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    boolean in = y >= cy - 7 && y < cy + 7 && x >= cx - 7 && x < cx + 7;
                    assertEquals(in ? black : (1 - 0.3f) / 0.2f, out[y * 28 + x], 1e-5);
                    blanks += in ? 1 : 0;
                }
            }
            assertTrue(blanks > 0 && blanks <= 196);
        }
    }

    @Test
    void deterministicForASeed() {
        DatasetSplits d = FitToTest.gray(28, 28);
        Augment aug = Augment.standard(d, 28);
        assertEquals(new Augment(4, true, 14), aug);
        assertEquals(16, Augment.standard(d, 32).cutout());
        int[] idx = {0, 1, 2, 2, 1};
        float[] a = new float[5 * 784];
        float[] b = new float[5 * 784];
        Batcher.fill(d.train(), idx, d.mean(), d.std(), aug, new SplittableRandom(99), a);
        Batcher.fill(d.train(), idx, d.mean(), d.std(), aug, new SplittableRandom(99), b);
        assertArrayEquals(a, b);
        Batcher.fill(d.train(), idx, d.mean(), d.std(), aug, new SplittableRandom(100), b);
        assertFalse(Arrays.equals(a, b));
    }

    @Test
    void thumbnailsMatchPixels() {
        ImageSet s = known();
        BufferedImage g = Thumbnails.image(s, 0);
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, g.getType());
        assertEquals(23, g.getRaster().getSample(2, 2, 0));
        BufferedImage big = Thumbnails.image(s, 0, 3);
        assertEquals(12, big.getWidth());
        assertEquals(23, big.getRaster().getSample(8, 7, 0));
        byte[] rgb = new byte[3 * 4];
        rgb[0] = 10;
        rgb[4] = 20;
        rgb[8] = 30;
        BufferedImage c = Thumbnails.image(new ImageSet(3, 2, 2, rgb, new int[] {0}), 0);
        assertEquals(0x0a141e, c.getRGB(0, 0) & 0xffffff);
        assertEquals(List.of(1), List.of(c.getType()));
    }
}
