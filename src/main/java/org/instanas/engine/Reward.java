// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

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
        if (staticWindow) {
            return new double[] {min, max};
        }
        double r = epochs <= 1 ? 1.0 : Math.min(1.0, (double) epoch / (epochs - 1));
        double start = ubStartFraction * max;
        double end = ubEndFraction * baseline;
        double ub = start - (start - end) * r;
        return new double[] {min, Math.max(ub, min * 1.0001 + 1e-9)};
    }
}
