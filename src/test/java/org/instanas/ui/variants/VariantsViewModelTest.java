// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.variants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.instanas.analysis.VariantsTable;
import org.instanas.ui.routing.RoutingFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VariantsViewModelTest {
    @TempDir
    Path tmp;

    @Test
    void aSelectedVariantCanBeFineTunedOrEvaluatedTheBaselineCannot() throws Exception {
        RoutingFixture f = RoutingFixture.create(tmp.resolve("run"));
        List<String> calls = new ArrayList<>();
        VariantsViewModel vm = new VariantsViewModel(Runnable::run, (stage, cp) -> calls.add(stage + " " + cp));
        vm.update(f.data);
        assertEquals(5, vm.rows().size());
        assertTrue(vm.rows().get(0).baseline());
        assertEquals(List.of("A", "B", "C", "D"), vm.rows().stream().skip(1).map(VariantsTable.Row::label).toList());
        assertNotNull(vm.figureProperty().get());
        assertFalse(vm.canActProperty().get());
        vm.selectedProperty().set(vm.rows().get(0));
        assertFalse(vm.canActProperty().get());
        vm.finetune();
        assertTrue(calls.isEmpty());
        VariantsTable.Row b = vm.rows().get(2);
        vm.selectedProperty().set(b);
        assertTrue(vm.canActProperty().get());
        vm.finetune();
        vm.evaluate();
        assertEquals(List.of("finetune " + b.checkpoint(), "evaluate " + b.checkpoint()), calls);
        // a refresh keeps the selection
        vm.update(f.reread());
        assertEquals(b.checkpoint(), vm.selectedProperty().get().checkpoint());
        Path csv = tmp.resolve("variants.csv");
        vm.csvWriter().write(csv);
        assertEquals(6, Files.readAllLines(csv).size());
    }

    @Test
    void noRunNoTable() {
        VariantsViewModel vm = new VariantsViewModel(Runnable::run, (a, b) -> { });
        vm.update(null);
        assertTrue(vm.rows().isEmpty());
        assertEquals("No run open.", vm.placeholderProperty().get());
    }
}
