// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The test vectors of docs/algorithm.md §6.6 and the window schedule (§6.3). */
class RewardTest {
    @Test
    void latencyParabola() {
        assertEquals(1.0, Reward.latency(2.0, 1, 3), 1e-12);
        assertEquals(0.75, Reward.latency(1.5, 1, 3), 1e-12);
        assertEquals(0.75, Reward.latency(2.5, 1, 3), 1e-12);
        assertEquals(0.0, Reward.latency(0.5, 1, 3), 1e-12);
        assertEquals(0.0, Reward.latency(3.5, 1, 3), 1e-12);
        assertEquals(0.0, Reward.latency(1.0, 1, 3), 1e-12);
    }

    @Test
    void gatedReward() {
        assertEquals(22.5, Reward.of(true, 1.5, 1, 3, 30, 0, 1), 1e-9);
        assertEquals(0.0, Reward.of(false, 1.5, 1, 3, 30, 0, 1), 1e-9);
        assertEquals(16.875, Reward.of(true, 1.5, 1, 3, 30, 0, 2), 1e-9);
        assertEquals(-10.0, Reward.of(false, 2.0, 1, 3, 10, -10, 1), 1e-9);
    }

    @Test
    void boundingAndGreedy() {
        assertEquals(0.2, Reward.bound(0, 0.8), 1e-12);
        assertEquals(0.8, Reward.bound(1, 0.8), 1e-12);
        assertEquals(0.5, Reward.bound(0.5, 0.8), 1e-12);
        assertTrue(Reward.greedy(0.5));
        assertFalse(Reward.greedy(0.4999));
    }

    @Test
    void dynamicWindowFallsFromMaxToHalfBaseline() {
        double[] first = Reward.window(0, 5, 1, 10, 40, 0.7, 0.5, false);
        double[] last = Reward.window(4, 5, 1, 10, 40, 0.7, 0.5, false);
        double[] mid = Reward.window(2, 5, 1, 10, 40, 0.7, 0.5, false);
        assertEquals(1, first[0], 1e-12);
        assertEquals(28, first[1], 1e-12);
        assertEquals(5, last[1], 1e-12);
        assertEquals((28 + 5) / 2.0, mid[1], 1e-12);
        double[] stat = Reward.window(3, 5, 1, 10, 40, 0.7, 0.5, true);
        assertEquals(1, stat[0], 1e-12);
        assertEquals(40, stat[1], 1e-12);
        // UB never drops below LB, even with a window the user made empty
        double[] empty = Reward.window(4, 5, 8, 10, 40, 0.7, 0.5, false);
        assertTrue(empty[1] > empty[0]);
    }
}
