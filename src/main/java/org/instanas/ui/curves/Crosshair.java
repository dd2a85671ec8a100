// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.curves;

import java.util.Locale;
import org.jfree.data.xy.XYDataset;

/** Number formatting and nearest-point lookup for the crosshair read-out. */
final class Crosshair {
    private Crosshair() {}

    /** The y of the point whose x is nearest, NaN when the series is empty. */
    static double nearest(XYDataset d, int s, double x) {
        int n = d.getItemCount(s);
        if (n == 0) {
            return Double.NaN;
        }
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (d.getXValue(s, mid) < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if (lo > 0 && Math.abs(d.getXValue(s, lo - 1) - x) < Math.abs(d.getXValue(s, lo) - x)) {
            lo--;
        }
        return d.getYValue(s, lo);
    }

    static String fmt(double v) {
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-3 || a >= 1e5)) {
            return String.format(Locale.ROOT, "%.3e", v);
        }
        return a >= 100 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.4g", v);
    }
}
