// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.instanas.run.Arch;
import org.instanas.run.RoutingCsv;
import org.instanas.run.RoutingRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DifficultyTest {
    /** An architecture with the first {@code n} bits on. */
    static String arch(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Arch.LENGTH; i++) {
            sb.append(i < n ? '1' : '0');
        }
        return sb.toString();
    }

    static float[] probs(float p) {
        float[] f = new float[Arch.LENGTH];
        Arrays.fill(f, p);
        return f;
    }

    static RoutingRow row(int index, int label, double latency, int active, float p, boolean correct) {
        return new RoutingRow(
                index, label, correct ? label : 1 - label, correct, latency, 0, arch(active), Double.NaN, probs(p));
    }

    /** Class 0: 1, 2, 3, 6 ms (mean 3, median 2.5); class 1: 4, 4 ms (mean 4). */
    static List<RoutingRow> handMade(Path dir) {
        List<RoutingRow> rows = List.of(
                row(10, 0, 1.0, 5, 0.5f, true),
                row(11, 0, 2.0, 10, 0.0f, true),
                row(12, 0, 3.0, 20, 1.0f, false),
                row(13, 0, 6.0, 40, 0.5f, true),
                row(20, 1, 4.0, 30, 0.5f, true),
                row(21, 1, 4.0, 31, 0.5f, false));
        Path f = dir.resolve("routing.csv");
        try {
            RoutingCsv.write(f, rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return RoutingCsv.read(f); // through the file format, as the workbench reads it
    }

    @Test
    void exactNumbersOnHandMadeRouting(@TempDir Path dir) {
        List<RoutingRow> rows = handMade(dir);
        Difficulty d = Difficulty.of(rows, List.of("cat", "dog"));
        assertEquals(6, d.images().size());
        Difficulty.Image first = d.images().get(0);
        assertEquals(10, first.index());
        assertEquals("cat", first.className());
        assertEquals(-2.0 / 3.0, first.relLatency(), 1e-12); // (1 − 3) / 3
        assertEquals(1.0, d.images().get(3).relLatency(), 1e-12); // (6 − 3) / 3
        assertEquals(0.0, d.images().get(4).relLatency(), 1e-12); // class 1: 4 vs mean 4
        assertEquals(5, first.activeOptions());
        assertEquals(1.0, first.entropy(), 1e-9); // p = 0.5 everywhere: 1 bit
        assertEquals(0.0, d.images().get(1).entropy(), 1e-12); // p = 0
        assertEquals(0.0, d.images().get(2).entropy(), 1e-12); // p = 1
        assertEquals(20.0 / 6, d.meanLatencyMs(), 1e-12);

        Difficulty.ClassStats c0 = d.classStats(0);
        assertEquals(3.0, c0.meanMs(), 1e-12);
        assertEquals(2.5, c0.medianMs(), 1e-12);
        assertEquals(4, c0.count());
        assertEquals(0.75, c0.accuracy(), 1e-12);
        assertEquals(1.0, c0.minMs());
        assertEquals(6.0, c0.maxMs());
        assertEquals(Math.sqrt(14.0 / 3), c0.stdMs(), 1e-12); // deviations −2, −1, 0, 3
        Difficulty.ClassStats c1 = d.classStats(1);
        assertEquals(4.0, c1.meanMs());
        assertEquals("dog", c1.name());
        assertEquals(0.5, c1.accuracy());
    }

    @Test
    void otherReferences(@TempDir Path dir) {
        List<RoutingRow> rows = handMade(dir);
        Difficulty med = Difficulty.of(rows, null, Difficulty.Reference.CLASS_MEDIAN, Double.NaN);
        assertEquals((1 - 2.5) / 2.5, med.images().get(0).relLatency(), 1e-12);
        assertEquals("class 0", med.images().get(0).className());
        Difficulty base = Difficulty.of(rows, null, Difficulty.Reference.BASELINE, 8.0);
        assertEquals(-0.5, base.images().get(4).relLatency(), 1e-12);
        Difficulty all = Difficulty.of(rows, null, Difficulty.Reference.DATASET_MEAN, Double.NaN);
        assertEquals((6 - 20.0 / 6) / (20.0 / 6), all.images().get(3).relLatency(), 1e-12);
        assertThrows(
                IllegalArgumentException.class,
                () -> Difficulty.of(rows, null, Difficulty.Reference.BASELINE, Double.NaN));
    }

    @Test
    void slowFastPicksEvenlySpacedQuantilesFromFastToSlow(@TempDir Path dir) {
        List<RoutingRow> rows = handMade(dir);
        assertEquals(
                List.of(10, 11, 12, 13),
                Difficulty.slowFast(rows, 0, 10).stream().map(RoutingRow::index).toList());
        // 4 images, 3 wanted: positions round(0), round(1.5) = 2, 3
        assertEquals(
                List.of(10, 12, 13),
                Difficulty.slowFast(rows, 0, 3).stream().map(RoutingRow::index).toList());
        assertEquals(
                List.of(10, 13),
                Difficulty.slowFast(rows, 0, 2).stream().map(RoutingRow::index).toList());
        // ties in latency: fewer active options first
        assertEquals(
                List.of(20, 21),
                Difficulty.slowFast(rows, 1, 5).stream().map(RoutingRow::index).toList());
        assertEquals(List.of(), Difficulty.slowFast(rows, 7, 5));
    }

    @Test
    void easiestAndHardest(@TempDir Path dir) {
        List<RoutingRow> rows = handMade(dir);
        Difficulty.EasiestHardest eh = Difficulty.easiestHardest(rows, 2);
        assertEquals(
                List.of(10, 11), eh.easiest().stream().map(RoutingRow::index).toList());
        assertEquals(
                List.of(21, 13), eh.hardest().stream().map(RoutingRow::index).toList());
        assertEquals(6, Difficulty.easiestHardest(rows, 50).hardest().size());
        assertEquals(3.0, Difficulty.meanLatency(rows, new int[] {0, 3, 1, 2}), 1e-12);
        assertEquals(Double.NaN, Difficulty.meanLatency(rows, new int[0]));
    }
}
