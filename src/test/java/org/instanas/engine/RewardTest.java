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

    @Test
    void perStepWindowHasTheEpochAnchorsAndMovesBetweenThem() {
        Schedule step = Schedule.linearOverSteps(28, 5);
        Schedule epoch = Schedule.linearOverEpochs(28, 5);
        // 3 epochs of 10 steps: the end is reached at the first step of the last epoch, as per epoch
        for (int e = 0; e < 3; e++) {
            Schedule.Progress first = new Schedule.Progress(e * 10L, 30, e, 3);
            assertEquals(epoch.at(first), step.at(first), 1e-12, "epoch " + e);
        }
        assertEquals(28 - 23 * 0.25, step.at(new Schedule.Progress(5, 30, 0, 3)), 1e-12);
        assertEquals(5, step.at(new Schedule.Progress(29, 30, 2, 3)), 1e-12);
        double previous = Double.POSITIVE_INFINITY;
        for (int s = 0; s < 20; s++) {
            double ub = step.at(new Schedule.Progress(s, 30, s / 10, 3));
            assertTrue(ub < previous, "falls at every step");
            previous = ub;
        }
        // a one-epoch search ramps over its whole length (per epoch it would sit at the end)
        assertEquals(28, step.at(new Schedule.Progress(0, 10, 0, 1)), 1e-12);
        assertEquals(5, step.at(new Schedule.Progress(9, 10, 0, 1)), 1e-12, "the last step is at the end");
        assertEquals(28 - 23 / 9.0, step.at(new Schedule.Progress(1, 10, 0, 1)), 1e-12);
        assertEquals(5, epoch.at(new Schedule.Progress(0, 10, 0, 1)), 1e-12);
    }

    @Test
    void aCheckpointKeepsTheLevelAFollowingWindowMayNotFallBelow() {
        LoopState at = new LoopState(1, 0, 3, 7, 3, 0.9, 2.5, 2.25);
        assertEquals(at, LoopState.of(at.toMap()));
        LoopState none = new LoopState(1, 0, 3, 7, 3, 0.9, 2.5, Double.NaN);
        assertFalse(none.toMap().containsKey("ubFollow"));
        assertTrue(Double.isNaN(LoopState.of(none.toMap()).follow()));
    }

    @Test
    void theWindowsLowerBoundIsTheCheapestNetworkUnlessAFractionOfTheBaselineLiesAbove() {
        org.instanas.run.LatencyTable t = LatencyProfiler.macs(Preset.load("tiny"));
        org.instanas.run.RunConfig c = new org.instanas.run.RunConfig();
        assertEquals(t.min(), Reward.lowerBound(t, c), 0);
        c.lbFraction = 0.8;
        c.ubEndFraction = 1.2;
        assertEquals(0.8 * t.baseline(), Reward.lowerBound(t, c), 1e-12);
        assertTrue(c.problems().isEmpty(), c.problems().toString());
        c.lbFraction = 1e-6; // below the cheapest network
        assertEquals(t.min(), Reward.lowerBound(t, c), 0);
        c.lbFraction = 1.3; // a window without inside
        assertTrue(
                c.problems().stream().anyMatch(m -> m.startsWith("lb-fraction")),
                c.problems().toString());
        // the schedule's UB never falls to the raised LB
        c.lbFraction = 0.8;
        c.ubEndFraction = 0.81;
        c.windowSchedule = "step";
        double end = Reward.upperBound(t, c).at(new Schedule.Progress(100, 100, 0, 1));
        assertTrue(end > 0.8 * t.baseline(), end + " against LB " + 0.8 * t.baseline());
    }
}
