// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.analysis;

import java.util.Arrays;
import java.util.Comparator;

/** Small descriptive statistics (NaN values are ignored, except by the paired ones: correlations and fits). */
public final class Stats {
    private Stats() {}

    public static double[] finite(double[] v) {
        return Arrays.stream(v).filter(Double::isFinite).toArray();
    }

    public static double mean(double[] v) {
        double s = 0;
        int n = 0;
        for (double x : v) {
            if (Double.isFinite(x)) {
                s += x;
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    /** Sample standard deviation (n − 1); 0 for a single value. */
    public static double std(double[] v) {
        double m = mean(v);
        double s = 0;
        int n = 0;
        for (double x : v) {
            if (Double.isFinite(x)) {
                s += (x - m) * (x - m);
                n++;
            }
        }
        return n == 0 ? Double.NaN : n == 1 ? 0 : Math.sqrt(s / (n - 1));
    }

    public static double median(double[] v) {
        return quantile(v, 0.5);
    }

    /** Quantile with linear interpolation between order statistics (type 7, as numpy's default). */
    public static double quantile(double[] v, double q) {
        double[] s = finite(v);
        if (s.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(s);
        return quantileSorted(s, q);
    }

    public static double quantileSorted(double[] sorted, double q) {
        double pos = Math.max(0, Math.min(1, q)) * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    public static double min(double[] v) {
        return Arrays.stream(v).filter(Double::isFinite).min().orElse(Double.NaN);
    }

    public static double max(double[] v) {
        return Arrays.stream(v).filter(Double::isFinite).max().orElse(Double.NaN);
    }

    /** Silverman's rule-of-thumb bandwidth for a Gaussian kernel; a small positive value for constant data. */
    public static double silvermanBandwidth(double[] v) {
        double[] s = finite(v);
        if (s.length < 2) {
            return 1;
        }
        double sd = std(s);
        double iqr = quantile(s, 0.75) - quantile(s, 0.25);
        double a = Math.min(sd, iqr / 1.34);
        if (!(a > 0)) {
            a = sd > 0 ? sd : Math.max(1e-3, Math.abs(mean(s)) * 1e-3);
        }
        return 0.9 * a * Math.pow(s.length, -0.2);
    }

    /** Gaussian kernel density estimate at each grid point (integrates to 1 over x). */
    public static double[] kde(double[] v, double bandwidth, double[] grid) {
        double[] s = finite(v);
        double[] out = new double[grid.length];
        if (s.length == 0) {
            return out;
        }
        double norm = 1.0 / (s.length * bandwidth * Math.sqrt(2 * Math.PI));
        for (int g = 0; g < grid.length; g++) {
            double acc = 0;
            for (double x : s) {
                double z = (grid[g] - x) / bandwidth;
                if (z > -8 && z < 8) {
                    acc += Math.exp(-0.5 * z * z);
                }
            }
            out[g] = acc * norm;
        }
        return out;
    }

    public static double[] linspace(double a, double b, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = n == 1 ? a : a + (b - a) * i / (n - 1);
        }
        return out;
    }

    /**
     * Histogram with {@code bins} equal bins over [lo, hi]: counts per bin; the last bin includes hi.
     */
    public static int[] histogram(double[] v, double lo, double hi, int bins) {
        int[] c = new int[bins];
        double w = (hi - lo) / bins;
        for (double x : v) {
            if (!Double.isFinite(x) || x < lo || x > hi) {
                continue;
            }
            int b = w > 0 ? (int) ((x - lo) / w) : 0;
            c[Math.min(bins - 1, Math.max(0, b))]++;
        }
        return c;
    }

    /** Spearman's rank correlation of paired values (ties get their average rank); NaN for fewer than 2 pairs. */
    public static double spearman(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("paired values: " + x.length + " against " + y.length);
        }
        if (x.length < 2) {
            return Double.NaN;
        }
        return pearson(ranks(x), ranks(y));
    }

    /** Pearson's correlation; NaN when either side is constant. */
    public static double pearson(double[] x, double[] y) {
        double mx = mean(x);
        double my = mean(y);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }

    /** Least squares y ≈ a + b·x: {a, b}; b is NaN when x is constant. */
    public static double[] leastSquares(double[] x, double[] y) {
        double mx = mean(x);
        double my = mean(y);
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        double b = sxx == 0 ? Double.NaN : sxy / sxx;
        return new double[] {my - b * mx, b};
    }

    /** 1-based ranks, ties sharing their average rank. */
    static double[] ranks(double[] v) {
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> v[i]));
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; ) {
            int j = i;
            while (j + 1 < v.length && v[order[j + 1]] == v[order[i]]) {
                j++;
            }
            double avg = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                r[order[k]] = avg;
            }
            i = j + 1;
        }
        return r;
    }
}
