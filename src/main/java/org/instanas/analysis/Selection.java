// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.analysis;

import java.util.Arrays;
import java.util.List;
import org.instanas.run.RoutingRow;

/** Selecting points of a 2-D map by rectangle or lasso polygon, in data coordinates. */
public final class Selection {
    private Selection() {}

    /** Positions i with (xy[i]) inside the rectangle spanned by two corners (any order, edges included). */
    public static int[] inRectangle(double[][] xy, double xa, double ya, double xb, double yb) {
        double x0 = Math.min(xa, xb);
        double x1 = Math.max(xa, xb);
        double y0 = Math.min(ya, yb);
        double y1 = Math.max(ya, yb);
        int[] out = new int[xy.length];
        int n = 0;
        for (int i = 0; i < xy.length; i++) {
            double x = xy[i][0];
            double y = xy[i][1];
            if (x >= x0 && x <= x1 && y >= y0 && y <= y1) {
                out[n++] = i;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Positions inside a closed polygon (vertices px[k], py[k]; even–odd rule). */
    public static int[] inPolygon(double[][] xy, double[] px, double[] py) {
        if (px.length != py.length) {
            throw new IllegalArgumentException("polygon x and y differ in length");
        }
        if (px.length < 3) {
            return new int[0];
        }
        double minX = Stats.min(px);
        double maxX = Stats.max(px);
        double minY = Stats.min(py);
        double maxY = Stats.max(py);
        int[] out = new int[xy.length];
        int n = 0;
        for (int i = 0; i < xy.length; i++) {
            double x = xy[i][0];
            double y = xy[i][1];
            if (x < minX || x > maxX || y < minY || y > maxY) {
                continue;
            }
            if (contains(px, py, x, y)) {
                out[n++] = i;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Even–odd ray casting. */
    public static boolean contains(double[] px, double[] py, double x, double y) {
        boolean in = false;
        for (int a = 0, b = px.length - 1; a < px.length; b = a++) {
            if ((py[a] > y) != (py[b] > y)) {
                double xc = px[a] + (y - py[a]) * (px[b] - px[a]) / (py[b] - py[a]);
                if (x < xc) {
                    in = !in;
                }
            }
        }
        return in;
    }

    /** Routing-row positions of the given projection points. */
    public static int[] rows(ProjectionResult r, int[] points) {
        int[] out = new int[points.length];
        for (int i = 0; i < points.length; i++) {
            out[i] = r.indices()[points[i]];
        }
        return out;
    }

    public static int[] rowsInRectangle(ProjectionResult r, double xa, double ya, double xb, double yb) {
        return rows(r, inRectangle(r.xy(), xa, ya, xb, yb));
    }

    public static int[] rowsInPolygon(ProjectionResult r, double[] px, double[] py) {
        return rows(r, inPolygon(r.xy(), px, py));
    }

    /** Mean latency of the selected rows (positions in {@code rows}); NaN for an empty selection. */
    public static double meanLatency(List<RoutingRow> rows, int[] rowPositions) {
        return Difficulty.meanLatency(rows, rowPositions);
    }
}
