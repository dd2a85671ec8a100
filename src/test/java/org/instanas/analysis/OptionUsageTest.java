// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.instanas.run.EvalSummary;
import org.instanas.run.RoutingRow;
import org.junit.jupiter.api.Test;

class OptionUsageTest {
    private static RoutingRow row(int label, int active) {
        return new RoutingRow(
                0, label, label, true, 1, 0, DifficultyTest.arch(active), Double.NaN, DifficultyTest.probs(0.25f));
    }

    @Test
    void frequencyCountsSelectedOptions() {
        // arch(n): the first n bits, cell-major: bit i is cell i / 5, option i % 5
        List<RoutingRow> rows = List.of(row(0, 1), row(0, 7), row(1, 0), row(1, 5));
        double[][] f = OptionUsage.frequency(rows);
        assertEquals(17, f.length);
        assertEquals(0.75, f[0][0], 1e-12); // rows 0, 1, 3
        assertEquals(0.5, f[0][1], 1e-12); // rows 1, 3
        assertEquals(0.25, f[1][1], 1e-12); // row 1 (bits 5, 6)
        assertEquals(0.0, f[1][2], 1e-12);
        assertEquals(0.0, f[16][4], 1e-12);
        double[][] c1 = OptionUsage.frequency(rows, 1);
        assertEquals(0.5, c1[0][4], 1e-12);
        assertEquals(0.25, OptionUsage.meanProbability(rows)[3][3], 1e-6);
        assertTrue(Double.isNaN(OptionUsage.frequency(List.of())[0][0]));
    }

    @Test
    void overEpochsIsChronological() {
        EvalSummary late = summary("finetune-0001", "2025-01-02T00:00:00Z");
        EvalSummary early = summary("search-0003", "2025-01-01T00:00:00Z");
        Map<String, List<RoutingRow>> rows =
                Map.of("finetune-0001", List.of(row(0, 2)), "search-0003", List.of(row(0, 4)));
        List<OptionUsage.AtEpoch> u = OptionUsage.overEpochs(List.of(late, early), rows::get);
        assertEquals(
                List.of("search-0003", "finetune-0001"),
                u.stream().map(OptionUsage.AtEpoch::checkpoint).toList());
        assertEquals(1.0, u.get(0).frequency()[0][3], 1e-12);
        assertEquals(0.0, u.get(1).frequency()[0][3], 1e-12);
    }

    static EvalSummary summary(String cp, String time) {
        return new EvalSummary(
                cp,
                cp.substring(0, cp.indexOf('-')),
                1,
                1,
                0.9,
                2,
                0.1,
                3,
                0.1,
                1,
                1,
                0.9,
                4,
                5,
                0.1,
                4,
                2,
                new double[0],
                new double[0],
                time,
                0.5,
                1.5,
                0,
                null);
    }
}
