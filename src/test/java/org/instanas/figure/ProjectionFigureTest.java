// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.figure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Graphics2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.instanas.analysis.ProjectionResult;
import org.instanas.run.RoutingRow;
import org.junit.jupiter.api.Test;

class ProjectionFigureTest {
    static final Rectangle2D AREA = new Rectangle2D.Double(10, 20, 800, 600);

    static ProjectionFigure figure(int n, ProjectionFigure.ColorBy by) {
        Random r = new Random(1);
        double[][] xy = new double[n][];
        List<RoutingRow> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            xy[i] = new double[] {r.nextGaussian() * 3 + (i % 4) * 8, r.nextGaussian() * 2 - (i % 3) * 5};
            rows.add(new RoutingRow(
                    i, i % 10, i % 10, i % 7 != 0, 2 + xy[i][0] * 0.1, 0, "0".repeat(85), Double.NaN, new float[85]));
        }
        ProjectionResult p = new ProjectionResult(
                xy,
                IntStream.range(0, n).toArray(),
                "umap",
                Map.of("neighbors", 15, "minDist", 0.1, "input", "probs"),
                1,
                n);
        return new ProjectionFigure(p, rows, null, by);
    }

    @Test
    void screenMappingHitTestingAndSelection() {
        ProjectionFigure f = figure(300, ProjectionFigure.ColorBy.LATENCY);
        for (int i = 0; i < 300; i += 17) {
            Point2D p = f.toScreen(AREA, i);
            assertTrue(AREA.contains(p), "point " + i + " off the figure: " + p);
            int hit = f.pointAt(AREA, p.getX() + 0.5, p.getY() - 0.5, 3);
            Point2D q = f.toScreen(AREA, hit);
            assertTrue(q.distance(p.getX() + 0.5, p.getY() - 0.5) <= p.distance(p.getX() + 0.5, p.getY() - 0.5) + 1e-9);
            Point2D d = f.toData(AREA, p.getX(), p.getY());
            assertEquals(f.projection().xy()[i][0], d.getX(), 1e-9);
            assertEquals(f.projection().xy()[i][1], d.getY(), 1e-9);
        }
        assertEquals(-1, f.pointAt(AREA, -500, -500, 5));
        // a lasso in pixels: exactly the points whose screen position lies inside it
        Path2D lasso = new Path2D.Double();
        lasso.moveTo(200, 150);
        lasso.lineTo(600, 200);
        lasso.lineTo(450, 500);
        lasso.lineTo(300, 350);
        lasso.closePath();
        int[] expected = IntStream.range(0, 300)
                .filter(i -> lasso.contains(f.toScreen(AREA, i)))
                .toArray();
        assertTrue(expected.length > 5);
        assertArrayEquals(expected, f.pointsIn(AREA, lasso));
        Rectangle2D rect = new Rectangle2D.Double(100, 100, 300, 300);
        assertArrayEquals(
                IntStream.range(0, 300)
                        .filter(i -> rect.contains(f.toScreen(AREA, i)))
                        .toArray(),
                f.pointsIn(AREA, rect));
        f.setHighlighted(expected);
        assertArrayEquals(expected, f.highlighted());
    }

    @Test
    void drawsTenThousandPointsFast() {
        for (ProjectionFigure.ColorBy by : ProjectionFigure.ColorBy.values()) {
            ProjectionFigure f = figure(10_000, by);
            BufferedImage img = new BufferedImage(820, 640, BufferedImage.TYPE_INT_RGB);
            long best = Long.MAX_VALUE;
            for (int k = 0; k < 8; k++) {
                Graphics2D g = img.createGraphics();
                long t0 = System.nanoTime();
                f.draw(g, AREA, FigureStyle.screen());
                best = Math.min(best, System.nanoTime() - t0);
                g.dispose();
            }
            System.out.printf("map of 10 000 points (%s): %.1f ms%n", by, best / 1e6);
            assertTrue(best < 50_000_000L, "drawing 10 000 points took " + best / 1e6 + " ms");
        }
    }
}
