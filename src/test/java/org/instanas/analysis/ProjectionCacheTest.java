// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.instanas.run.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectionCacheTest {
    @Test
    void storeAndLoadRoundTrip(@TempDir Path root) throws Exception {
        RunDirectory dir = new RunDirectory(root);
        Projection.Params p = Projection.Params.umap().withSeed(3);
        ProjectionResult r = new ProjectionResult(
                new double[][] {{0.5, -1.25}, {3, 4}, {1e-7, 2}}, new int[] {0, 2, 5}, "umap", p.asMap(), 42, 6);
        ProjectionCache.store(dir, "search-0003", p, r);
        ProjectionResult back = ProjectionCache.load(dir, "search-0003", p, 6).orElseThrow();
        assertArrayEquals(r.indices(), back.indices());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(r.xy()[i], back.xy()[i], 0);
        }
        assertEquals(6, back.sampledFrom());
        assertEquals(42, back.millis());
        assertEquals(p.asMap(), back.params());
        // other parameters, another checkpoint or another row count: no hit
        assertTrue(
                ProjectionCache.load(dir, "search-0003", p.withNeighbors(30), 6).isEmpty());
        assertTrue(ProjectionCache.load(dir, "search-0004", p, 6).isEmpty());
        assertTrue(ProjectionCache.load(dir, "search-0003", p, 7).isEmpty());
        assertNotEquals(ProjectionCache.key("a", p), ProjectionCache.key("a", p.withMinDist(0.2)));
        assertTrue(ProjectionCache.key("search-0003", p).startsWith("search-0003-umap-probs-"));
        try (Stream<Path> s = Files.list(dir.projections())) {
            assertEquals(2, s.count(), "csv + json, no temporary files left");
        }
        // a damaged entry is a miss, not an error
        Files.writeString(ProjectionCache.csv(dir, ProjectionCache.key("search-0003", p)), "point,row,x,y\n0,0,zz,1\n");
        assertTrue(ProjectionCache.load(dir, "search-0003", p, 6).isEmpty());
        assertEquals(Map.of(), Map.of());
    }
}
