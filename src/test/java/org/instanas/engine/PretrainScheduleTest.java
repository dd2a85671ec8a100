// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The option keep probability of pretraining falls step by step, never in one jump. */
class PretrainScheduleTest {
    @Test
    void allOnThenLinearlyDownToTheFinalKeepStepByStep() {
        long total = 1874; // two epochs of full Fashion-MNIST at batch 64
        long allOn = Math.round(0.25 * total);
        assertEquals(1.0, keepAt(0, allOn, total, 0.25));
        assertEquals(1.0, keepAt(allOn - 1, allOn, total, 0.25));
        assertEquals(0.25, keepAt(total - 1, allOn, total, 0.25), 1e-12, "the last step reaches the final keep");
        double prev = 1.0;
        double largestDrop = 0;
        for (long s = allOn; s < total; s++) {
            double k = keepAt(s, allOn, total, 0.25);
            assertTrue(k <= prev && k >= 0.25, "step " + s + ": " + k);
            largestDrop = Math.max(largestDrop, prev - k);
            prev = k;
        }
        assertTrue(largestDrop < 0.001, "no jump: largest change between steps " + largestDrop);
        // halfway through the dropping phase: halfway between 1 and the final keep
        long mid = allOn + (total - allOn) / 2;
        assertEquals(0.625, keepAt(mid, allOn, total, 0.25), 0.001);
        // every option on throughout
        assertEquals(1.0, keepAt(total - 1, total, total, 0.25));
    }

    private static double keepAt(long step, long allOn, long total, double finalKeep) {
        return Schedule.keep((double) allOn / total, finalKeep).at(new Schedule.Progress(step, total, 0, 1));
    }
}
