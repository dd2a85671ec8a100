// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FitToTest {
    static DatasetSplits gray(int h, int w) {
        int n = 3;
        byte[] px = new byte[n * h * w];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i % 200 + 20);
        }
        ImageSet s = new ImageSet(1, h, w, px, new int[] {0, 1, 0});
        float[][] ms = Normalisation.meanStd(s);
        return new DatasetSplits("t", "idx", "mem", s, s, List.of("a", "b"), ms[0], ms[1], true);
    }

    @Test
    void sameShapeReturnsItself() {
        DatasetSplits d = gray(28, 28);
        assertSame(d, Datasets.fitTo(d, 1, 28, 28));
    }

    @Test
    void replicateAndPad28To32() {
        DatasetSplits d = gray(28, 28);
        DatasetSplits f = Datasets.fitTo(d, 3, 32, 32);
        ImageSet s = f.train();
        assertEquals("3×32×32", s.shape());
        for (int c = 0; c < 3; c++) {
            assertEquals(d.train().pixel(1, 0, 0, 0), s.pixel(1, c, 2, 2));
            assertEquals(d.train().pixel(2, 0, 27, 27), s.pixel(2, c, 29, 29));
            assertEquals(0, s.pixel(1, c, 1, 5), "zero padding");
            assertEquals(0, s.pixel(1, c, 30, 5), "zero padding");
        }
        assertEquals(3, f.mean().length);
        assertEquals(f.mean()[0], f.mean()[2]);
        assertEquals(d.classNames(), f.classNames());
    }

    @Test
    void luminanceAndCentreCrop() {
        byte[] px = new byte[3 * 32 * 32];
        Arrays.fill(px, 0, 1024, (byte) 200);
        Arrays.fill(px, 1024, 2048, (byte) 100);
        Arrays.fill(px, 2048, 3072, (byte) 50);
        px[(0 * 32 + 2) * 32 + 2] = 0;
        ImageSet s = new ImageSet(3, 32, 32, px, new int[] {0});
        DatasetSplits d =
                new DatasetSplits("t", "cifar10", "mem", s, s, List.of("a"), new float[3], new float[3], true);
        ImageSet f = Datasets.fitTo(d, 1, 28, 28).train();
        assertEquals("1×28×28", f.shape());
        assertEquals((299 * 200 + 587 * 100 + 114 * 50 + 500) / 1000, f.pixel(0, 0, 5, 5));
        assertEquals((587 * 100 + 114 * 50 + 500) / 1000, f.pixel(0, 0, 0, 0), "crop starts at (2,2)");
    }

    @Test
    void largeChangesResize() {
        DatasetSplits d = gray(28, 28);
        ImageSet f = Datasets.fitTo(d, 1, 64, 64).train();
        assertEquals("1×64×64", f.shape());
        ImageSet p = Datasets.fitTo(d, 1, 64, 64, Datasets.Fit.PAD_CROP).train();
        assertEquals(0, p.pixel(0, 0, 0, 0));
        ImageSet r = Datasets.fitTo(d, 1, 32, 32, Datasets.Fit.RESIZE).train();
        assertNear(d.train().pixel(0, 0, 0, 0), r.pixel(0, 0, 0, 0));
    }

    private static void assertNear(int want, int got) {
        assertEquals(want, got, 12);
    }

    @Test
    void unsupportedChannels() {
        assertThrows(DataException.class, () -> Datasets.fitTo(gray(8, 8), 4, 8, 8));
    }
}
