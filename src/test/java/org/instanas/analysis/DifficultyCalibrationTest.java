// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.instanas.run.RoutingRow;
import org.junit.jupiter.api.Test;

class DifficultyCalibrationTest {
    private static RoutingRow row(int index, int label, boolean correct, double latency) {
        return new RoutingRow(index, label, correct ? label : 1 - label, correct, latency, 0, "", Double.NaN, null);
    }

    @Test
    void slowRoutesForTheBaselinesErrorsCorrelatePositivelyPerClassAndOverall() {
        List<RoutingRow> routed = new ArrayList<>();
        List<RoutingRow> baseline = new ArrayList<>();
        // class 0: the baseline fails on images 0-1, which get the slowest routes; class 1: no relation
        double[] lat0 = {3.0, 2.8, 1.0, 1.2, 1.1, 0.9};
        for (int i = 0; i < 6; i++) {
            routed.add(row(i, 0, true, lat0[i]));
            baseline.add(row(i, 0, i >= 2, 4.0));
        }
        double[] lat1 = {1.0, 2.0, 1.5, 1.5};
        boolean[] ok1 = {false, false, true, true};
        for (int i = 0; i < 4; i++) {
            routed.add(row(10 + i, 1, true, lat1[i]));
            baseline.add(row(10 + i, 1, ok1[i], 4.0));
        }
        baseline.add(row(99, 0, false, 4.0)); // not routed: ignored
        DifficultyCalibration c = DifficultyCalibration.of(routed, baseline, List.of("shirt", "bag"));
        assertEquals(10, c.images());
        assertEquals(4, c.hard());
        assertEquals((3.0 + 2.8 + 1.0 + 2.0) / 4, c.hardMs(), 1e-12);
        assertEquals((1.0 + 1.2 + 1.1 + 0.9 + 1.5 + 1.5) / 6, c.easyMs(), 1e-12);
        DifficultyCalibration.ClassRow shirt = c.classes().get(0);
        assertEquals("shirt", shirt.name());
        // the two errors hold ranks 5 and 6 of 6: a perfect rank-biserial separation
        assertEquals(
                Stats.pearson(new double[] {6, 5, 2, 4, 3, 1}, new double[] {1, 1, 0, 0, 0, 0}),
                shirt.spearman(),
                1e-12);
        assertTrue(shirt.spearman() > 0.8);
        assertEquals(0.0, c.classes().get(1).spearman(), 1e-12, "bag: errors at 1.0 and 2.0, successes at 1.5");
        assertTrue(c.spearman() > 0);
        assertTrue(c.describe().contains("the 4 images the MobileNetV2 path trained alone misclassifies"));
        assertThrows(
                IllegalArgumentException.class,
                () -> DifficultyCalibration.of(routed, List.of(row(500, 0, true, 1)), List.of()));
    }
}
