// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import org.instanas.run.Arch;
import org.instanas.run.LatencyTable;
import org.instanas.run.RunFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatencyTableTest extends EngineTestBase {
    @TempDir
    Path dir;

    @Test
    void derivedValuesAndEmptyCellRule() {
        LatencyTable t = LatencyProfiler.macs(Preset.load("c10"));
        double base = 0;
        double max = 0;
        double min = 0;
        for (int c = 0; c < 17; c++) {
            base += t.ms()[c][0];
            for (double v : t.ms()[c]) {
                max += v;
            }
            if (t.stageEntry()[c]) {
                min += t.ms()[c][4];
            }
        }
        assertEquals(base, t.baseline(), 1e-9);
        assertEquals(max, t.max(), 1e-9);
        assertEquals(min, t.min(), 1e-9);
        // option 0 everywhere = baseline; nothing selected = min (entry cells fall back to option 4)
        assertEquals(t.baseline(), t.latencyOf("10000".repeat(17)), 1e-9);
        assertEquals(t.min(), t.latencyOf("0".repeat(85)), 1e-9);
        // reference MACs of CIFAR-10 cell 0 (docs/algorithm.md §2.6): 11.21 / 5.60 / 14.35 / 7.18 / 7.08 MMACs
        assertEquals(11.21, t.ms()[0][0], 0.01);
        assertEquals(5.60, t.ms()[0][1], 0.01);
        assertEquals(14.35, t.ms()[0][2], 0.01);
        assertEquals(7.18, t.ms()[0][3], 0.01);
        assertEquals(7.08, t.ms()[0][4], 0.01);
        assertEquals(90.9, t.baseline(), 0.5);
    }

    @Test
    void measuredTableRoundTripsThroughJson() throws Exception {
        LatencyTable t = onEngine(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                MetaGraph net = new MetaGraph(m, Preset.load("tiny"), 10, 1);
                return LatencyProfiler.measure(net, m, "cpu", 1, 1, 5, () -> false);
            }
        });
        for (double[] row : t.ms()) {
            for (double v : row) {
                assertTrue(v > 0, "every option takes time");
            }
        }
        Path f = dir.resolve("latency.json");
        t.write(f);
        LatencyTable back = LatencyTable.read(f);
        for (int c = 0; c < 17; c++) {
            assertArrayEquals(t.ms()[c], back.ms()[c], 1e-12);
        }
        assertEquals(t.device(), back.device());
        assertEquals(t.baseline(), back.baseline(), 1e-12);
        String arch = "01000".repeat(17);
        assertEquals(t.latencyOf(Arch.parse(arch)), back.latencyOf(arch), 1e-12);
    }

    @Test
    void corruptTableNamesTheFile() throws Exception {
        Path f = dir.resolve("latency.json");
        Files.writeString(f, "{\"ms\": [[1,2,3]]}");
        RunFormatException e = assertThrows(RunFormatException.class, () -> LatencyTable.read(f));
        assertTrue(e.getMessage().contains("latency.json"), e.getMessage());
        assertTrue(e.getMessage().contains("17 cells"), e.getMessage());
    }

    @Test
    void tableAgainstClockSaysWhyThereIsNoRankCorrelationForOneArchitecture() {
        assertEquals(
                "rank correlation 1.00",
                Evaluator.rankCorrelation(new double[] {1, 2, 3}, new double[] {1.5, 2.5, 3.5}));
        assertEquals(
                "no rank correlation (every route has the same table latency)",
                Evaluator.rankCorrelation(new double[] {2, 2, 2}, new double[] {1.5, 2.5, 3.5}));
    }

    @Test
    void thePairedRatioIgnoresAChangeOfMachineSpeedBetweenStretchesOfImages() {
        // the routed network takes half the MobileNetV2 path's time throughout, and the machine runs
        // 1.8x slower for the first 3 of 10 images: the means of the columns depend on how many
        // images fell in the slow stretch (so evaluations made at different times do not compare),
        // the ratio image by image does not
        double[] mbv2 = {7.2, 7.2, 7.2, 4, 4, 4, 4, 4, 4, 4};
        double[] routed = new double[10];
        for (int i = 0; i < 10; i++) {
            routed[i] = mbv2[i] / 2;
        }
        assertEquals(0.5, Evaluator.pairedRatio(routed, mbv2), 1e-12);
        routed[9] = 40; // one disturbed image moves the mean, not the median
        assertEquals(0.5, Evaluator.pairedRatio(routed, mbv2), 1e-12);
    }
}
