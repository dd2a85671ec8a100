// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.figure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.awt.geom.Rectangle2D;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.instanas.analysis.VariantsTable;
import org.instanas.run.EvalSummary;
import org.junit.jupiter.api.Test;

/** A click on the variants plot finds the point drawn there (the pane selects that table row). */
class VariantsFigureTest {
    @Test
    void everyPointCanBeClickedAndEmptySpaceSelectsNothing() {
        List<EvalSummary> evals = List.of(
                eval("search-0001", 9.0, 0.90, "t1"),
                eval("search-0002", 7.0, 0.86, "t2"),
                eval("finetune-0001", 6.0, 0.89, "t3"));
        VariantsFigure f = new VariantsFigure(VariantsTable.of(evals), true);
        Rectangle2D area = new Rectangle2D.Double(0, 0, 520, 380);
        FigureStyle s = FigureStyle.screen();
        Set<String> found = new HashSet<>();
        for (int x = 0; x < 520; x += 2) {
            for (int y = 0; y < 380; y += 2) {
                VariantsTable.Row r = f.rowAt(x, y, area, s, 3);
                if (r != null) {
                    found.add(r.label());
                }
            }
        }
        assertEquals(Set.of(VariantsTable.BASELINE_LABEL, "A", "B", "C"), found, "the three variants and the baseline");
        assertNull(f.rowAt(1, 1, area, s, 10), "the top-left corner holds no point");
    }

    @Test
    void pointsOfASweepAreNamedAfterTheirMember() {
        VariantsTable t = VariantsTable.of(List.of(
                eval("ub-0.8/final-finetune-0002", 9.0, 0.90, "t1"),
                eval("ub-0.5/final-finetune-0002", 7.0, 0.86, "t2")));
        assertEquals(
                "2 evaluated checkpoints, 2 on the front · A ub-0.8, B ub-0.5", new VariantsFigure(t, true).subtitle());
        VariantsTable one = VariantsTable.of(List.of(eval("search-0001", 9.0, 0.90, "t1")));
        assertEquals(
                "1 evaluated checkpoint, 1 on the front · A = slowest",
                new VariantsFigure(one, true).subtitle(),
                "a single run's letters need no key");
    }

    static EvalSummary eval(String cp, double latency, double acc, String time) {
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
                0.80,
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
                0,
                null);
    }
}
