// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import org.instanas.run.LatencyTable;
import org.instanas.run.RunConfig;

/**
 * The InstaNAS reward (docs/algorithm.md §6): a latency parabola between LB and UB, paid only for correct
 * predictions, and the dynamic window schedule.
 */
public final class Reward {
    private Reward() {}

    /** R_lat(z) = max(0, −(z − UB)(z − LB) / ((UB − LB)/2)²). */
    public static double latency(double z, double lb, double ub) {
        if (!(ub > lb)) {
            return 0;
        }
        double half = (ub - lb) / 2;
        return Math.max(0, -(z - ub) * (z - lb) / (half * half));
    }

    /** pos_w · R_lat^lat_exp if correct, else neg_w. */
    public static double of(boolean correct, double z, double lb, double ub, double posW, double negW, double latExp) {
        if (!correct) {
            return negW;
        }
        double r = latency(z, lb, ub);
        return posW * (latExp == 1 ? r : Math.pow(r, latExp));
    }

    /** p' = α·p + (1 − α)·(1 − p). */
    public static double bound(double p, double alpha) {
        return alpha * p + (1 - alpha) * (1 - p);
    }

    /** Greedy selection: p ≥ 0.5 selects. */
    public static boolean greedy(double p) {
        return p >= 0.5;
    }

    /**
     * The window at epoch e of E (dynamic): UB falls linearly from ubStart·max to ubEnd·baseline over
     * the epochs (reaching it at the last epoch), LB = min. Static: [min, max]. UB never drops below LB.
     *
     * @return {lb, ub}
     */
    public static double[] window(
            int epoch,
            int epochs,
            double min,
            double baseline,
            double max,
            double ubStartFraction,
            double ubEndFraction,
            boolean staticWindow) {
        Schedule ub = upperBound(min, baseline, max, ubStartFraction, ubEndFraction, staticWindow, false);
        return new double[] {min, ub.at(new Schedule.Progress(0, 0, epoch, epochs))};
    }

    /**
     * The schedule of the window's UB for a run's latency table and settings: the anchors of {@link
     * #window}, per epoch or step by step ({@link RunConfig#windowSchedule}). The search asks it at
     * the controller's own progress: its step among the controller steps of the stage.
     */
    static Schedule upperBound(LatencyTable t, RunConfig cfg) {
        return upperBound(
                lowerBound(t, cfg),
                t.baseline(),
                t.max(),
                cfg.ubStartFraction,
                cfg.ubEndFraction,
                cfg.staticWindow,
                cfg.windowPerStep());
    }

    /**
     * The window's LB for a run's latency table: the cheapest network's latency (the original), or
     * {@link RunConfig#lbFraction} × the MobileNetV2 path when that is higher.
     */
    static double lowerBound(LatencyTable t, RunConfig cfg) {
        return cfg.lbFraction > 0 ? Math.max(t.min(), cfg.lbFraction * t.baseline()) : t.min();
    }

    private static Schedule upperBound(
            double min,
            double baseline,
            double max,
            double ubStartFraction,
            double ubEndFraction,
            boolean fixed,
            boolean perStep) {
        if (fixed) {
            return Schedule.constant(max);
        }
        double start = ubStartFraction * max;
        double end = ubEndFraction * baseline;
        Schedule falling = perStep ? Schedule.linearOverSteps(start, end) : Schedule.linearOverEpochs(start, end);
        double floor = min * 1.0001 + 1e-9;
        return p -> Math.max(falling.at(p), floor);
    }
}
