// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's memory-growth lines and libtorch profile, which docs/performance.md relies on. */
class BenchTest extends EngineTestBase {
    @TempDir
    Path tmp;

    @Test
    void reportsResidentSizeEveryNIterationsAndWritesAProfileTrace() throws Exception {
        List<Map<String, Object>> rss = new ArrayList<>();
        Path trace = tmp.resolve("trace.json");
        Map<String, Object> rec = onEngine(() -> Bench.run(
                "tiny",
                2,
                "infer_routed_gathered",
                4,
                0,
                new Bench.Extras(2, rss::add, trace, Controller.Size.PRESET, Double.NaN)));
        assertEquals(
                List.of(2, 4),
                rss.stream().map(m -> ((Number) m.get("iteration")).intValue()).toList());
        for (Map<String, Object> m : rss) {
            assertTrue(((Number) m.get("rss_mb")).doubleValue() > 10, m.toString());
        }
        assertTrue(((Number) rec.get("median_ms")).doubleValue() > 0);
        assertTrue(
                ((Number) rec.get("profiled_wall_ms")).doubleValue() >= ((Number) rec.get("median_ms")).doubleValue());
        String json = Files.readString(trace);
        assertTrue(
                json.contains("\"aten::mkldnn_convolution\"") || json.contains("\"aten::convolution\""),
                "the trace names libtorch's operators");
        assertTrue(json.contains("\"aten::index\""), "gathered execution indexes rows");
    }

    @Test
    void fineTuningPoliciesSelectTheAskedShareOnAFewArchitecturesAndSearchDensitiesAreChecked() throws Exception {
        float[] p = Bench.finetunePolicy(8, 0.2, new java.util.SplittableRandom(1));
        java.util.Set<String> distinct = new java.util.HashSet<>();
        for (int r = 0; r < 8; r++) {
            float[] row = java.util.Arrays.copyOfRange(p, r * 85, (r + 1) * 85);
            double on = 0;
            for (float v : row) {
                on += v;
            }
            assertEquals(17, on, 0, "row " + r);
            distinct.add(java.util.Arrays.toString(row));
        }
        assertEquals(Bench.FINETUNE_ARCHS, distinct.size());
        Map<String, Object> rec = onEngine(() -> Bench.run(
                "tiny", 2, "search_step", 1, 0, new Bench.Extras(0, null, null, Controller.Size.PRESET, 0.25)));
        assertEquals(0.25, ((Number) rec.get("density")).doubleValue());
        // below α's floor no probability gives it
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> onEngine(() -> Bench.run(
                        "tiny", 2, "search_step", 1, 0, new Bench.Extras(0, null, null, Controller.Size.PRESET, 0.1))));
    }
}
