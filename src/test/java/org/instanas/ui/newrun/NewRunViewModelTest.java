// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.newrun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.instanas.run.RunConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NewRunViewModelTest {
    @TempDir
    Path tmp;

    private NewRunViewModel valid() {
        NewRunViewModel vm = new NewRunViewModel();
        vm.runDirProperty().set(tmp.resolve("new").toString());
        return vm;
    }

    @Test
    void defaultsAreValidAndBecomeTheConfig() {
        NewRunViewModel vm = valid();
        assertTrue(vm.isValid(), vm.problems().toString());
        vm.field("search-epochs").textProperty().set("3");
        vm.presetProperty().set("c10");
        RunConfig c = vm.config();
        assertEquals(3, c.searchEpochs);
        assertEquals("c10", c.preset);
        assertEquals(new RunConfig().lr, c.lr);
        assertTrue(c.problems().isEmpty());
    }

    @Test
    void theExecutionChoiceReachesTheConfigAndComesBackFromARun() {
        NewRunViewModel vm = valid();
        assertEquals("gathered", vm.config().execution, "the default since the full-size A/B");
        vm.executionProperty().set("masked");
        assertTrue(vm.isValid(), vm.problems().toString());
        RunConfig c = vm.config();
        assertEquals("masked", c.execution);
        NewRunViewModel again = valid();
        again.load(c, tmp.resolve("other"));
        assertEquals("masked", again.executionProperty().get());
    }

    @Test
    void theWindowScheduleChoiceReachesTheConfigAndComesBackFromARun() {
        NewRunViewModel vm = valid();
        assertEquals("follow", vm.config().windowSchedule);
        vm.windowScheduleProperty().set("epoch");
        assertTrue(vm.isValid(), vm.problems().toString());
        RunConfig c = vm.config();
        assertEquals("epoch", c.windowSchedule);
        NewRunViewModel again = valid();
        again.load(c, tmp.resolve("other"));
        assertEquals("epoch", again.windowScheduleProperty().get());
    }

    @Test
    void aRaisedLowerBoundReachesTheConfigAndAnEmptyWindowIsShownAtItsField() {
        NewRunViewModel vm = valid();
        vm.field("lb-fraction").textProperty().set("0.8");
        vm.field("ub-end-fraction").textProperty().set("1.2");
        assertTrue(vm.isValid(), vm.problems().toString());
        assertEquals(0.8, vm.config().lbFraction);
        vm.field("lb-fraction").textProperty().set("1.3");
        assertFalse(vm.isValid());
        assertTrue(
                vm.field("lb-fraction").error().contains("must be below ub-end-fraction"),
                vm.field("lb-fraction").error());
    }

    @Test
    void eachProblemIsShownNextToItsField() {
        NewRunViewModel vm = valid();
        vm.field("lr").textProperty().set("-1");
        assertFalse(vm.isValid());
        assertEquals("must be a positive number (was -1.0)", vm.field("lr").error());
        vm.field("batch-size").textProperty().set("many");
        assertEquals("not a number: 'many'", vm.field("batch-size").error());
        vm.field("alpha").textProperty().set("0.2");
        assertTrue(vm.field("alpha").error().startsWith("must be between 0.5 and 1"));
        assertEquals(3, vm.problems().size());
        vm.field("lr").textProperty().set("1e-3");
        vm.field("batch-size").textProperty().set("32");
        vm.field("alpha").textProperty().set("0.8");
        assertTrue(vm.isValid());
        assertEquals("", vm.field("lr").error());
    }

    @Test
    void checksTheDatasetAndTheRunFolder() throws Exception {
        NewRunViewModel vm = valid();
        vm.field("data").textProperty().set(tmp.resolve("nowhere").toString());
        assertFalse(vm.isValid());
        assertFalse(vm.field("data").error().isEmpty());
        vm.field("data").textProperty().set("samples");
        Path busy = Files.createDirectories(tmp.resolve("busy"));
        Files.writeString(busy.resolve("notes.txt"), "mine");
        vm.runDirProperty().set(busy.toString());
        assertTrue(vm.runDirErrorProperty().get().contains("not an InstaNAS run"));
        assertFalse(vm.isValid());
    }
}
