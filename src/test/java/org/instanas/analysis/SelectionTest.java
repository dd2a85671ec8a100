// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.instanas.run.RoutingRow;
import org.junit.jupiter.api.Test;

class SelectionTest {
    // a 5 x 5 lattice: point i at (i % 5, i / 5)
    static final double[][] GRID = new double[25][];

    static {
        for (int i = 0; i < 25; i++) {
            GRID[i] = new double[] {i % 5, i / 5};
        }
    }

    @Test
    void rectangleIncludesEdgesInAnyCornerOrder() {
        assertArrayEquals(new int[] {6, 7, 8, 11, 12, 13}, Selection.inRectangle(GRID, 3, 2, 1, 1));
        assertArrayEquals(new int[] {12}, Selection.inRectangle(GRID, 1.5, 1.5, 2.5, 2.5));
        assertArrayEquals(new int[0], Selection.inRectangle(GRID, 0.2, 0.2, 0.8, 0.8));
    }

    @Test
    void lassoPolygonIncludingAConcaveOne() {
        // triangle with the hypotenuse x + y = 4.3: the points with x + y <= 4
        int[] tri = Selection.inPolygon(GRID, new double[] {-0.1, 4.4, -0.1}, new double[] {-0.1, -0.1, 4.4});
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 15, 16, 20}, tri);
        // a U shape: the two arms x in [-0.5, 1.5] and [2.5, 4.5] over y in [-0.5, 4.5], joined at the bottom (y < 0.5)
        double[] ux = {-0.5, 4.5, 4.5, 2.5, 2.5, 1.5, 1.5, -0.5};
        double[] uy = {-0.5, -0.5, 4.5, 4.5, 0.5, 0.5, 4.5, 4.5};
        int[] u = Selection.inPolygon(GRID, ux, uy);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 13, 14, 15, 16, 18, 19, 20, 21, 23, 24}, u);
        assertArrayEquals(new int[0], Selection.inPolygon(GRID, new double[] {0, 1}, new double[] {0, 1}));
    }

    @Test
    void rowsOfAProjectionAndTheirMeanLatency() {
        ProjectionResult r = new ProjectionResult(
                new double[][] {{0, 0}, {1, 1}, {5, 5}}, new int[] {2, 0, 1}, "umap", Map.of(), 0, 3);
        List<RoutingRow> rows = List.of(row(10), row(20), row(30));
        int[] sel = Selection.rowsInRectangle(r, -1, -1, 2, 2);
        assertArrayEquals(new int[] {2, 0}, sel);
        assertEquals(20.0, Selection.meanLatency(rows, sel), 1e-12);
        assertArrayEquals(
                new int[] {1}, Selection.rowsInPolygon(r, new double[] {4, 6, 6, 4}, new double[] {4, 4, 6, 6}));
    }

    private static RoutingRow row(double latency) {
        return new RoutingRow(0, 0, 0, true, latency, 0, DifficultyTest.arch(0), Double.NaN, DifficultyTest.probs(0));
    }
}
