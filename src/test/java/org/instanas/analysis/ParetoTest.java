// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.instanas.run.EvalSummary;
import org.junit.jupiter.api.Test;

class ParetoTest {
    @Test
    void frontOfHandMadePoints() {
        //                 0    1    2    3    4    5    6         7
        double[] lat = {5.0, 3.0, 4.0, 1.0, 3.0, 6.0, Double.NaN, 1.0};
        double[] acc = {0.9, 0.8, 0.7, 0.5, 0.85, 0.9, 0.99, 0.5};
        // 2 is dominated by 1 (faster and better); 1 by 4 (same speed, better); 5 by 0; 7 duplicates 3; 6 is NaN
        assertArrayEquals(new int[] {3, 4, 0}, Pareto.front(lat, acc));
        assertArrayEquals(new int[0], Pareto.front(new double[0], new double[0]));
        assertTrue(Pareto.dominated(2, 0.5, 1, 0.5));
        assertFalse(Pareto.dominated(1, 0.5, 1, 0.5));
        assertFalse(Pareto.dominated(1, 0.5, 2, 0.9));
    }

    @Test
    void variantsTableInThePapersStyle() {
        // latency, accuracy; baseline 10 ms
        EvalSummary a = eval("search-0001", 9.0, 0.95, "2025-01-01");
        EvalSummary b = eval("search-0002", 6.0, 0.94, "2025-01-02");
        EvalSummary c = eval("search-0003", 7.0, 0.90, "2025-01-03"); // dominated by b
        EvalSummary e = eval("search-0004", 2.0, 0.80, "2025-01-04");
        VariantsTable t = VariantsTable.of(List.of(c, e, a, b));
        VariantsTable.Row base = t.baseline();
        assertEquals(VariantsTable.BASELINE_LABEL, base.label());
        assertEquals(10.0, base.latencyMs());
        assertEquals(8.0, base.errorPct(), 1e-9);
        List<VariantsTable.Row> v = t.variants();
        assertEquals(
                List.of("A", "B", "C", "D"),
                v.stream().map(VariantsTable.Row::label).toList());
        assertEquals(
                List.of("search-0001", "search-0003", "search-0002", "search-0004"),
                v.stream().map(VariantsTable.Row::checkpoint).toList());
        assertEquals(
                List.of(true, false, true, true),
                v.stream().map(VariantsTable.Row::pareto).toList());
        assertEquals(-0.1, v.get(0).latencyChange(), 1e-12);
        assertEquals(5.0, v.get(0).errorPct(), 1e-9);
        assertEquals("\u221240.0%", VariantsTable.change(v.get(2).latencyChange()));
        assertEquals("0%", VariantsTable.change(0));
        // the meta-graph's own MobileNetV2 path flatters: nothing is marked as beating it
        assertFalse(v.get(0).beats(base));
        assertFalse(v.get(3).beats(base));
        assertEquals("A", VariantsTable.letter(0));
        assertEquals("Z", VariantsTable.letter(25));
        assertEquals("AA", VariantsTable.letter(26));
        assertEquals("\u221210.0%", t.formatted().get(1).get(4));
        assertEquals(VariantsTable.HEADER.size(), t.formatted().get(0).size());
    }

    @Test
    void aFinalReEvaluationReplacesItsCheckpointInTheVariantsTable() {
        EvalSummary ft = eval("finetune-0001", 6.0, 0.70, "2025-01-01");
        EvalSummary fin = eval("final-finetune-0001", 6.0, 0.70, "2025-01-02");
        EvalSummary s = eval("search-0002", 6.5, 0.60, "2025-01-01");
        VariantsTable t = VariantsTable.of(List.of(ft, fin, s));
        List<String> names =
                t.variants().stream().map(VariantsTable.Row::checkpoint).toList();
        assertEquals(List.of("search-0002", "final-finetune-0001"), names);
    }

    @Test
    void variantsOfCopiedRunsMergeOnceAndABaselineTrainedAloneIsTheReference() {
        // the main run and two copies fine-tuned from different search epochs; the copies carry the
        // main run's search evaluations (same checkpoint and time) and their own fine-tuning
        EvalSummary s1 = eval("search-0001", 8.0, 0.80, "2025-01-01T01");
        EvalSummary s2 = eval("search-0002", 6.0, 0.78, "2025-01-01T02");
        Map<String, List<EvalSummary>> byRun = new LinkedHashMap<>();
        byRun.put("main", List.of(s1, s2));
        byRun.put(
                "A",
                List.of(
                        s1,
                        s2,
                        eval("finetune-0001", 7.5, 0.91, "2025-01-02T01"),
                        eval("final-finetune-0001", 7.5, 0.915, "2025-01-02T02")));
        byRun.put("B", List.of(s1, s2, eval("finetune-0001", 5.5, 0.90, "2025-01-03T01")));
        List<EvalSummary> merged = Evaluations.merge(byRun);
        assertEquals(
                List.of("search-0001", "search-0002", "A/finetune-0001", "A/final-finetune-0001", "B/finetune-0001"),
                merged.stream().map(EvalSummary::checkpoint).toList());

        EvalSummary alone = new EvalSummary(
                "final-pretrain-0004",
                "evaluate",
                4,
                100,
                0.905,
                10.0,
                0,
                3.0,
                0.1,
                1,
                17,
                0.905,
                10.0,
                3.0,
                0.1,
                Double.NaN,
                Double.NaN,
                new double[0],
                new double[0],
                "2025-01-04",
                0,
                3.0,
                0,
                null);
        VariantsTable t = VariantsTable.of(merged, alone);
        VariantsTable.Row base = t.baseline();
        assertEquals(VariantsTable.ALONE_LABEL, base.label());
        assertEquals(
                90.5,
                base.accuracyPct(),
                1e-9,
                "the accuracy of the network trained alone, not the one-shot path's 92 %");
        assertEquals(10.0, base.latencyMs(), 1e-12);
        assertEquals(3.0, base.measuredMs(), 1e-12);
        List<String> names =
                t.variants().stream().map(VariantsTable.Row::checkpoint).toList();
        assertEquals(
                List.of("search-0001", "A/final-finetune-0001", "search-0002", "B/finetune-0001"),
                names,
                "the final re-evaluation of A replaces A's own fine-tuning checkpoint only");
        assertTrue(t.variants().get(1).beats(base), "A: 91.5 % at 7.5 ms beats 90.5 % at 10 ms");
        assertFalse(t.variants().get(3).beats(base), "B: 90.0 % is below the baseline");
        assertEquals(
                VariantsTable.BASELINE_LABEL,
                VariantsTable.of(merged).baseline().label());
        assertEquals(92.0, VariantsTable.of(merged).baseline().accuracyPct(), 1e-9);
    }

    @Test
    void theEvaluationsOfOneControllerAreOneVariantWithTheirBestAccuracy() {
        // a search checkpoint and three fine-tuning epochs from it route every image alike (same
        // latency mean, std and unique architectures): one point, not four with identical latency
        EvalSummary s2 = eval("search-0002", 6.0, 0.60, "2025-01-01");
        EvalSummary f1 = eval("finetune-0001", 6.0, 0.73, "2025-01-02");
        EvalSummary f2 = eval("finetune-0002", 6.0, 0.75, "2025-01-03");
        EvalSummary f3 = eval("finetune-0003", 6.0, 0.74, "2025-01-04");
        EvalSummary s1 = eval("search-0001", 8.0, 0.67, "2025-01-01");
        VariantsTable t = VariantsTable.of(List.of(s1, s2, f1, f2, f3));
        List<VariantsTable.Row> v = t.variants();
        assertEquals(
                List.of("search-0001", "finetune-0002"),
                v.stream().map(VariantsTable.Row::checkpoint).toList());
        assertEquals(
                List.of(1, 4), v.stream().map(VariantsTable.Row::evaluations).toList());
        assertEquals(75.0, v.get(1).accuracyPct(), 1e-9);
        assertEquals("finetune-0002 (best of 4)", VariantsTable.checkpointText(v.get(1)));
        assertEquals("finetune-0002 (best of 4)", t.formatted().get(2).get(1));
    }

    @Test
    void theMeasuredDiffIsTheImageByImageRatioAndBlankWhereItWasNotRecorded() {
        EvalSummary recorded = eval("finetune-0001", 6.0, 0.70, "2025-01-02", 0.784);
        EvalSummary older = eval("search-0001", 9.0, 0.60, "2025-01-01"); // written before the ratio was
        VariantsTable t = VariantsTable.of(List.of(recorded, older));
        VariantsTable.Row fine = t.variants().stream()
                .filter(r -> r.checkpoint().equals("finetune-0001"))
                .findFirst()
                .orElseThrow();
        assertEquals(-0.216, fine.measuredChange(), 1e-12);
        int col = VariantsTable.HEADER.indexOf("measured diff");
        List<List<String>> f = t.formatted();
        int row = t.rows().indexOf(fine);
        assertEquals("\u221221.6%", f.get(row).get(col));
        VariantsTable.Row old = t.rows().stream()
                .filter(r -> "search-0001".equals(r.checkpoint()))
                .findFirst()
                .orElseThrow();
        assertTrue(Double.isNaN(old.measuredChange()));
        assertEquals("", f.get(t.rows().indexOf(old)).get(col), "not recorded: blank, not 0 or -100 %");
        assertEquals("0%", f.get(0).get(col), "the meta-graph's MobileNetV2 path against itself");
    }

    static EvalSummary eval(String cp, double latency, double acc, String time) {
        return eval(cp, latency, acc, time, 0);
    }

    /** @param pairedRatio the evaluation's measured image-by-image ratio; 0: not recorded */
    static EvalSummary eval(String cp, double latency, double acc, String time, double pairedRatio) {
        return new EvalSummary(
                cp,
                "search",
                1,
                100,
                acc,
                latency,
                0.5,
                latency * 2,
                0.2,
                10,
                20,
                0.92,
                10,
                20,
                0.1,
                10,
                6,
                new double[0],
                new double[0],
                time,
                0.5,
                latency * 1.5,
                pairedRatio,
                null);
    }
}
