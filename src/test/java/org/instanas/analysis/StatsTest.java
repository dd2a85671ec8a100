// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StatsTest {
    @Test
    void rankCorrelationAndLineByHand() {
        assertArrayEquals(new double[] {1, 2.5, 2.5, 4}, Stats.ranks(new double[] {1, 5, 5, 9}));
        // monotone but not linear: Spearman 1, Pearson below 1
        double[] x = {1, 2, 3, 4, 5};
        double[] y = {1, 4, 9, 16, 25};
        assertEquals(1.0, Stats.spearman(x, y), 1e-12);
        assertTrue(Stats.pearson(x, y) < 0.99);
        assertEquals(-1.0, Stats.spearman(x, new double[] {5, 4, 3, 2, 1}), 1e-12);
        // scipy.stats.spearmanr([1,2,3,4,5],[2,1,4,3,5]) = 0.8
        assertEquals(0.8, Stats.spearman(x, new double[] {2, 1, 4, 3, 5}), 1e-12);
        double[] fit = Stats.leastSquares(x, new double[] {2.5, 4.5, 6.5, 8.5, 10.5});
        assertEquals(0.5, fit[0], 1e-12);
        assertEquals(2.0, fit[1], 1e-12);
        assertTrue(Double.isNaN(Stats.spearman(new double[] {1}, new double[] {2})));
    }
}
