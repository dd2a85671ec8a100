// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.analysis;

import java.util.Arrays;

/**
 * An x/y series of a metric, with debiased exponential smoothing and min/max decimation for drawing.
 *
 * @param x abscissae, non-decreasing
 * @param y values (NaN where missing)
 */
public record Series(double[] x, double[] y) {
    public Series {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y differ in length: " + x.length + " vs " + y.length);
        }
    }

    public static final Series EMPTY = new Series(new double[0], new double[0]);

    public int size() {
        return x.length;
    }

    /**
     * Debiased exponential moving average (as TensorBoard's): s_t = w·s_{t−1} + (1−w)·x_t, divided by
     * 1 − w^t where t counts the finite values seen so far. NaN values are skipped (the output is NaN there).
     */
    public static double[] ema(double[] y, double weight) {
        Ema e = new Ema(weight);
        double[] out = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = e.next(y[i]);
        }
        return out;
    }

    public Series smoothed(double weight) {
        return new Series(x, ema(y, weight));
    }

    /** Incremental debiased EMA: feed values one by one (for live curves). */
    public static final class Ema {
        private final double w;
        private double s;
        private double wt = 1;

        public Ema(double weight) {
            if (!(weight >= 0 && weight < 1)) {
                throw new IllegalArgumentException("smoothing weight must be in [0, 1): " + weight);
            }
            this.w = weight;
        }

        public double next(double v) {
            if (!Double.isFinite(v)) {
                return Double.NaN;
            }
            s = w * s + (1 - w) * v;
            wt *= w;
            return s / (1 - wt);
        }
    }

    /**
     * Keeps at most about {@code 2 × columns} points: x is cut into {@code columns} equal buckets and
     * each bucket keeps its minimum and maximum (in x order), so spikes survive. Series already short
     * enough are returned as they are.
     */
    public Series decimate(int columns) {
        int n = x.length;
        if (columns <= 0 || n <= 2L * columns + 2) {
            return this;
        }
        double x0 = x[0];
        double x1 = x[n - 1];
        double span = x1 - x0;
        double[] ox = new double[3 * columns + 2];
        double[] oy = new double[3 * columns + 2];
        int m = 0;
        int i = 0;
        for (int b = 0; b < columns && i < n; b++) {
            double end = b == columns - 1 ? Double.POSITIVE_INFINITY : x0 + span * (b + 1) / columns;
            int lo = -1;
            int hi = -1;
            double gapX = Double.NaN;
            for (; i < n && x[i] <= end; i++) {
                if (!Double.isFinite(y[i])) {
                    gapX = x[i]; // a break in the line survives decimation
                    continue;
                }
                if (lo < 0 || y[i] < y[lo]) {
                    lo = i;
                }
                if (hi < 0 || y[i] > y[hi]) {
                    hi = i;
                }
            }
            if (lo < 0) {
                if (!Double.isNaN(gapX) && m > 0 && !Double.isNaN(oy[m - 1])) {
                    ox[m] = gapX;
                    oy[m++] = Double.NaN;
                }
                continue;
            }
            int first = Math.min(lo, hi);
            int second = Math.max(lo, hi);
            boolean gapFirst = !Double.isNaN(gapX) && gapX < x[first];
            if (gapFirst && m > 0) {
                ox[m] = gapX;
                oy[m++] = Double.NaN;
            }
            ox[m] = x[first];
            oy[m++] = y[first];
            if (second != first) {
                ox[m] = x[second];
                oy[m++] = y[second];
            }
            if (!Double.isNaN(gapX) && !gapFirst) {
                ox[m] = gapX;
                oy[m++] = Double.NaN;
            }
        }
        return new Series(Arrays.copyOf(ox, m), Arrays.copyOf(oy, m));
    }

    public double minY() {
        return Stats.min(y);
    }

    public double maxY() {
        return Stats.max(y);
    }
}
