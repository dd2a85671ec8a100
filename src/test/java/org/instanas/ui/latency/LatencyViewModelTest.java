// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.latency;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.instanas.app.RunState;
import org.instanas.run.LatencyTable;
import org.instanas.run.RunDirectory;
import org.instanas.testutil.FakeRun;
import org.junit.jupiter.api.Test;

/** The latency pane says whether the clock confirms the table. */
class LatencyViewModelTest {
    private static RunState state(LatencyTable t, long version) {
        return new RunState(
                new RunDirectory(Path.of("run")),
                null,
                t,
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                true,
                0,
                0,
                version,
                0,
                0,
                List.of(),
                0);
    }

    private static LatencyTable.Check check(double rho, String note) {
        return new LatencyTable.Check(
                24, rho, 0.2, 0.5, 4.3, 1.6, new double[24], new double[24], note.isEmpty() ? 0 : 2, note);
    }

    @Test
    void aCheckedTableShowsItsRankCorrelationAndAPoorOrDisturbedOneIsFlagged() {
        LatencyViewModel vm = new LatencyViewModel();
        LatencyTable t = FakeRun.latencyTable();
        vm.update(state(t, 1));
        assertTrue(
                vm.checkProperty().get().startsWith("Not checked"),
                vm.checkProperty().get());
        assertTrue(vm.trustworthyProperty().get());

        vm.update(state(t.withCheck(check(0.95, "")), 2));
        assertTrue(
                vm.checkProperty().get().contains("rank correlation 0.95"),
                vm.checkProperty().get());
        assertTrue(vm.checkProperty().get().contains("4.30 ms by the table, 1.60 ms measured"));
        assertTrue(vm.trustworthyProperty().get());

        vm.update(state(t.withCheck(check(0.55, "")), 3));
        assertFalse(vm.trustworthyProperty().get(), "the table ranks architectures unlike the clock");

        vm.update(state(t.withCheck(check(0.95, "profiling was disturbed 2 times")), 4));
        assertFalse(vm.trustworthyProperty().get(), "profiled while something else ran");
        assertTrue(vm.checkProperty().get().endsWith("profiling was disturbed 2 times"));
    }
}
