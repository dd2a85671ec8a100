// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SeriesTest {
    @Test
    void debiasedEma() {
        double w = 0.6;
        double[] s = Series.ema(new double[] {2, 4, Double.NaN, 8}, w);
        assertEquals(2, s[0], 1e-12); // the first value is not pulled to 0
        double s1 = w * (1 - w) * 2 + (1 - w) * 4;
        assertEquals(s1 / (1 - w * w), s[1], 1e-12);
        assertTrue(Double.isNaN(s[2]));
        double s3 = w * s1 + (1 - w) * 8;
        assertEquals(s3 / (1 - w * w * w), s[3], 1e-12);
        assertEquals(5.0, Series.ema(new double[] {5, 5, 5}, 0.9)[2], 1e-12);
        assertEquals(3.0, Series.ema(new double[] {1, 3}, 0)[1], 1e-12);
    }

    @Test
    void decimationKeepsExtremesAndBoundsThePointCount() {
        int n = 100_000;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = Math.sin(i / 1000.0);
        }
        y[54_321] = 50; // a spike
        y[77_777] = -50;
        Series d = new Series(x, y).decimate(500);
        assertTrue(d.size() <= 1002, "points: " + d.size());
        assertEquals(50, d.maxY());
        assertEquals(-50, d.minY());
        for (int i = 1; i < d.size(); i++) {
            assertTrue(d.x()[i] >= d.x()[i - 1]);
        }
        Series small = new Series(new double[] {0, 1}, new double[] {1, 2});
        assertTrue(small.decimate(500) == small);
    }

    @Test
    void stats() {
        double[] v = {1, 2, 3, 4, Double.NaN};
        assertEquals(2.5, Stats.mean(v), 1e-12);
        assertEquals(2.5, Stats.median(v), 1e-12);
        assertEquals(1.75, Stats.quantile(v, 0.25), 1e-12);
        double[] grid = Stats.linspace(-10, 14, 2401);
        double[] k = Stats.kde(v, 0.7, grid);
        double integral = Arrays.stream(k).sum() * (grid[1] - grid[0]);
        assertEquals(1.0, integral, 1e-3);
        assertEquals(2, Stats.histogram(new double[] {0, 0.5, 1, 1.5, 2}, 0, 2, 2)[0]);
        assertEquals(3, Stats.histogram(new double[] {0, 0.5, 1, 1.5, 2}, 0, 2, 2)[1]);
    }
}
