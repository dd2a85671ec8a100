// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a front end reads from a sweep: its typed settings and the member it is on. */
class SweepPlanTest {
    @Test
    void settingsAsTypedAreParsedAndBadOnesNamed() {
        assertEquals(List.of(0.95, 0.8, 0.35), SweepPlan.parseSettings(" 0.95,0.8 , 0.35"));
        assertEquals(List.of(), SweepPlan.parseSettings("  "));
        assertTrue(assertThrows(UserException.class, () -> SweepPlan.parseSettings("0.9, x"))
                .getMessage()
                .contains("'x' is not a number"));
        assertTrue(assertThrows(UserException.class, () -> SweepPlan.parseSettings("0.5, 0.50"))
                .getMessage()
                .contains("given twice"));
        assertTrue(assertThrows(UserException.class, () -> SweepPlan.parseSettings("0"))
                .getMessage()
                .contains("between 0 and 10"));
    }

    @Test
    void theMemberASweepIsOnIsReadFromItsMessagesOnly() {
        SweepPlan.Member v = new SweepPlan.Member("ub-0.65", 0.65, false, 0);
        SweepPlan.Member b = new SweepPlan.Member(SweepPlan.BASELINE, Double.NaN, true, 5);
        assertEquals("ub-0.65", SweepPlan.startedMember(SweepPlan.startMessage(v)));
        assertEquals("baseline", SweepPlan.startedMember(SweepPlan.startMessage(b)));
        // what else a sweep says does not move a front end
        assertNull(SweepPlan.startedMember("sweep: ub-0.65 is being run by another process; on to the next"));
        assertNull(SweepPlan.startedMember("sweep: done here; still running in another process: ub-0.8"));
        assertNull(SweepPlan.startedMember("search started from pretrain-0002: 1 epochs"));
    }
}
