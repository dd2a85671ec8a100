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
import org.instanas.app.export.RunImages;
import org.instanas.run.AtomicFiles;
import org.instanas.run.RunSnapshot;
import org.instanas.run.SweepPlan;
import org.instanas.testutil.FakeRun;
import org.instanas.ui.routing.RoutingFixture;
import org.instanas.ui.routing.RunData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VariantsViewModelTest {
    @TempDir
    Path tmp;

    @Test
    void aSelectedVariantCanBeFineTunedOrEvaluatedTheBaselineCannot() throws Exception {
        RoutingFixture f = RoutingFixture.create(tmp.resolve("run"));
        List<String> calls = new ArrayList<>();
        VariantsViewModel vm = new VariantsViewModel(Runnable::run, (stage, cp) -> calls.add(stage.id() + " " + cp));
        vm.update(f.data);
        assertEquals(5, vm.rows().size());
        assertTrue(vm.rows().get(0).baseline());
        assertEquals(
                List.of("A", "B", "C", "D"),
                vm.rows().stream().skip(1).map(VariantsTable.Row::label).toList());
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
    void aBaselineTrainedAloneReplacesTheMetaGraphsOwnPath() throws Exception {
        RoutingFixture f = RoutingFixture.create(tmp.resolve("run"));
        VariantsViewModel vm = new VariantsViewModel(Runnable::run, Runnable::run, (a, b) -> {});
        vm.update(f.data);
        assertEquals(VariantsTable.BASELINE_LABEL, vm.rows().get(0).label());

        // a run that is not a fixed-architecture baseline is refused with the reason
        FakeRun other = FakeRun.create(tmp.resolve("other"), 60, 3, 30, 1, 4);
        vm.chooseBaseline(other.root);
        assertEquals(VariantsTable.BASELINE_LABEL, vm.rows().get(0).label());
        assertTrue(
                vm.statusProperty().get().contains("not a MobileNetV2 path trained alone"),
                vm.statusProperty().get());

        FakeRun base = FakeRun.create(tmp.resolve("mbv2"), 60, 3, 30, 1, 5);
        Path runJson = base.dir.runJson();
        Files.writeString(
                runJson, Files.readString(runJson).replace("\"searchEpochs\" : 10", "\"fixedArch\" : \"mbv2\""));
        vm.chooseBaseline(base.root);
        VariantsTable.Row row = vm.rows().get(0);
        assertEquals(VariantsTable.ALONE_LABEL, row.label());
        assertEquals(VariantsTable.percent(base.evaluations.get(0).accuracy()), row.accuracyPct(), 1e-9);
        assertEquals("mbv2", vm.baselineRunProperty().get());
        assertEquals(5, vm.rows().size(), "the variants stay");
        vm.update(f.reread());
        assertEquals(VariantsTable.ALONE_LABEL, vm.rows().get(0).label(), "kept across refreshes");
        vm.chooseBaseline(null);
        assertEquals(VariantsTable.BASELINE_LABEL, vm.rows().get(0).label());
        assertEquals("", vm.baselineRunProperty().get());
    }

    @Test
    void aRunOfASweepShowsTheWholeSweepAgainstItsBaselineTrainedAlone() throws Exception {
        Path folder = tmp.resolve("fmnist-sweep");
        FakeRun a = FakeRun.create(folder.resolve("ub-0.8"), 60, 3, 30, 2, 4);
        FakeRun b = FakeRun.create(folder.resolve("ub-0.5"), 60, 3, 30, 1, 6);
        FakeRun base = FakeRun.create(folder.resolve("baseline"), 60, 3, 30, 1, 5);
        Path runJson = base.dir.runJson();
        Files.writeString(
                runJson, Files.readString(runJson).replace("\"searchEpochs\" : 10", "\"fixedArch\" : \"mbv2\""));
        AtomicFiles.writeJson(
                folder.resolve(SweepPlan.FILE),
                new SweepPlan(
                        SweepPlan.FORMAT_VERSION,
                        "../fmnist",
                        "pretrain-0002",
                        List.of(
                                new SweepPlan.Member("ub-0.8", 0.8, false, 0),
                                new SweepPlan.Member("ub-0.5", 0.5, false, 0),
                                new SweepPlan.Member("baseline", Double.NaN, true, 5))));
        VariantsViewModel vm = new VariantsViewModel(Runnable::run, Runnable::run, (x, y) -> {});
        vm.update(RunData.of(RunSnapshot.load(a.dir), new RunImages(a.thumbnails(), a.classNames, null)));
        assertTrue(vm.showsSweep());
        assertEquals(VariantsTable.ALONE_LABEL, vm.rows().get(0).label(), "the sweep's own baseline, unasked");
        assertEquals(
                VariantsTable.percent(base.evaluations.get(0).accuracy()),
                vm.rows().get(0).accuracyPct(),
                1e-9);
        List<String> checkpoints =
                vm.rows().stream().skip(1).map(VariantsTable.Row::checkpoint).toList();
        assertTrue(checkpoints.stream().anyMatch(c -> c.startsWith("ub-0.8/")), checkpoints.toString());
        assertTrue(checkpoints.stream().anyMatch(c -> c.startsWith("ub-0.5/")), checkpoints.toString());
        assertTrue(checkpoints.stream().noneMatch(c -> c.startsWith("baseline/")), "the baseline is no variant");
        assertTrue(
                vm.statusProperty().get().startsWith("Sweep fmnist-sweep: 2 runs"),
                vm.statusProperty().get());
        // another run's checkpoint cannot be fine-tuned from this run
        vm.selectedProperty().set(vm.rows().get(1));
        assertFalse(vm.canActProperty().get());
    }

    @Test
    void noRunNoTable() {
        VariantsViewModel vm = new VariantsViewModel(Runnable::run, (a, b) -> {});
        vm.update(null);
        assertTrue(vm.rows().isEmpty());
        assertEquals("No run open.", vm.placeholderProperty().get());
    }
}
