// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import org.instanas.run.Arch;
import org.instanas.run.RoutingRow;
import org.junit.jupiter.api.Test;

class ProjectionTest {
    /** Clustered probability vectors with many exact duplicates, as a real controller produces. */
    static List<RoutingRow> clustered(int n, long seed) {
        Random r = new Random(seed);
        float[][] centres = new float[8][Arch.LENGTH];
        for (float[] c : centres) {
            for (int j = 0; j < c.length; j++) {
                c[j] = r.nextDouble() < 0.4 ? 0.9f : 0.1f;
            }
        }
        List<RoutingRow> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] c = centres[i % centres.length];
            float[] p = new float[Arch.LENGTH];
            boolean dup = i % 3 == 0; // every third point is exactly its cluster centre
            StringBuilder a = new StringBuilder();
            for (int j = 0; j < p.length; j++) {
                p[j] = dup ? c[j] : (float) Math.min(0.999, Math.max(0.001, c[j] + r.nextGaussian() * 0.15));
                a.append(p[j] >= 0.5 ? '1' : '0');
            }
            rows.add(new RoutingRow(i, i % 10, i % 10, true, 1 + i % 8, 0, a.toString(), Double.NaN, p));
        }
        return rows;
    }

    private static void assertAllFinite(double[][] xy) {
        for (double[] p : xy) {
            assertEquals(2, p.length);
            assertTrue(Double.isFinite(p[0]) && Double.isFinite(p[1]), Arrays.toString(p));
        }
    }

    @Test
    void umapKeepsEveryPointIncludingDuplicates() {
        List<RoutingRow> rows = clustered(1000, 1);
        ProjectionResult r = Projection.run(rows, Projection.Params.umap());
        assertEquals(1000, r.size(), "UMAP must not drop points");
        assertEquals(1000, r.sampledFrom());
        int[] all = new int[1000];
        Arrays.setAll(all, i -> i);
        assertArrayEquals(all, r.indices());
        assertAllFinite(r.xy());
        assertEquals("umap", r.method());
        assertEquals(15, r.params().get("neighbors"));
        assertTrue(r.describe().contains("1\u2009000 points"), r.describe());
    }

    @Test
    void umapOnDuplicateHeavyBinaryArchitectures() {
        // 600 rows but only 12 distinct architectures
        List<RoutingRow> base = clustered(12, 2);
        List<RoutingRow> rows = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            RoutingRow b = base.get(i % base.size());
            rows.add(new RoutingRow(
                    i, b.label(), b.prediction(), true, b.latencyMs(), 0, b.arch(), Double.NaN, b.probs()));
        }
        ProjectionResult r = Projection.run(rows, Projection.Params.umap().withInput(Projection.Input.ARCH));
        assertEquals(600, r.size());
        assertAllFinite(r.xy());
    }

    @Test
    void tsneSamplesAboveItsLimitDeterministically() {
        List<RoutingRow> rows = clustered(400, 3);
        Projection.Params p =
                Projection.Params.tsne().withMaxPoints(150).withIterations(300).withPerplexity(20);
        List<Double> progress = new ArrayList<>();
        ProjectionResult r = Projection.run(rows, p, () -> false, progress::add);
        assertEquals(150, r.size());
        assertEquals(400, r.sampledFrom());
        assertTrue(r.sampled());
        assertTrue(r.describe().contains("sampled 150 of 400"), r.describe());
        for (int i = 1; i < r.size(); i++) {
            assertTrue(r.indices()[i] > r.indices()[i - 1]);
        }
        assertAllFinite(r.xy());
        assertEquals(1.0, progress.get(progress.size() - 1));
        assertArrayEquals(r.indices(), Projection.sample(400, 150, 0));
        assertArrayEquals(Projection.sample(400, 150, 5), Projection.sample(400, 150, 5));
        assertEquals(400, Projection.sample(400, 0, 5).length);
    }

    @Test
    void cancellation() {
        List<RoutingRow> rows = clustered(200, 4);
        assertThrows(
                CancellationException.class, () -> Projection.run(rows, Projection.Params.umap(), () -> true, x -> {}));
        int[] calls = {0};
        assertThrows(
                CancellationException.class,
                () -> Projection.run(
                        rows, Projection.Params.tsne().withIterations(1000), () -> ++calls[0] > 2, x -> {}));
    }

    @Test
    void tinyInputs() {
        assertEquals(0, Projection.run(List.of(), Projection.Params.umap()).size());
        assertEquals(
                3, Projection.run(clustered(3, 5), Projection.Params.umap()).size());
        assertThrows(
                IllegalArgumentException.class, () -> Projection.Params.umap().withNeighbors(1));
    }
}
