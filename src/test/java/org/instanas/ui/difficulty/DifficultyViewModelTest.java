// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.difficulty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.instanas.analysis.Difficulty;
import org.instanas.run.RoutingRow;
import org.instanas.ui.routing.RoutingFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DifficultyViewModelTest {
    @TempDir
    Path tmp;

    RoutingFixture f;
    DifficultyViewModel vm;

    @BeforeEach
    void setUp() {
        f = RoutingFixture.create(tmp.resolve("run"));
        vm = new DifficultyViewModel(Runnable::run, Runnable::run);
        vm.update(f.data);
    }

    @Test
    void showsEveryImageOfTheNewestEvaluation() {
        assertEquals(f.run.newest(), vm.choice().checkpointProperty().get());
        assertEquals(500, vm.rows().size());
        assertEquals(10, vm.classes().size());
        assertEquals(10, vm.shownClasses().size());
        List<RoutingRow> rows = f.run.rows();
        double lo = rows.stream().mapToDouble(RoutingRow::latencyMs).min().orElseThrow();
        assertEquals(lo, vm.minLatencyProperty().get(), 1e-12);
        // relative latency against the class mean is the routing table's own
        for (ImageRow r : vm.rows()) {
            assertEquals(r.row().relLatency(), r.relLatency(), 1e-4);
        }
    }

    @Test
    void filtersGiveExactlyTheMatchingImages() {
        List<RoutingRow> rows = f.run.rows();
        double[] lat = rows.stream().mapToDouble(RoutingRow::latencyMs).sorted().toArray();
        double lo = lat[100];
        double hi = lat[400];
        vm.showClasses(Set.of(2, 5, 7));
        vm.correctnessProperty().set(DifficultyViewModel.Correctness.WRONG);
        vm.minLatencyProperty().set(lo);
        vm.maxLatencyProperty().set(hi);
        List<Integer> expected = rows.stream()
                .filter(r -> Set.of(2, 5, 7).contains(r.label())
                        && !r.correct()
                        && r.latencyMs() >= lo
                        && r.latencyMs() <= hi)
                .map(RoutingRow::index)
                .sorted()
                .toList();
        assertFalse(expected.isEmpty());
        assertEquals(expected, vm.rows().stream().map(ImageRow::index).sorted().toList());
        assertTrue(vm.summaryProperty().get().startsWith(expected.size() + " of 500 images"));
        vm.correctnessProperty().set(DifficultyViewModel.Correctness.CORRECT);
        assertTrue(vm.rows().stream().allMatch(ImageRow::correct));
        vm.showAllClasses();
        vm.correctnessProperty().set(DifficultyViewModel.Correctness.ALL);
        vm.resetLatencyRange();
        assertEquals(500, vm.rows().size());
    }

    @Test
    void sortsAsTheTableSaysAndExportsInThatOrder() throws Exception {
        vm.showClasses(Set.of(3));
        vm.rows().comparatorProperty().set(DifficultyViewModel.SLOWEST_FIRST);
        List<Integer> expected = f.run.rows().stream()
                .filter(r -> r.label() == 3)
                .sorted(Comparator.comparingDouble(RoutingRow::latencyMs)
                        .reversed()
                        .thenComparingInt(RoutingRow::index))
                .map(RoutingRow::index)
                .toList();
        assertEquals(expected, vm.rows().stream().map(ImageRow::index).toList());
        Path csv = tmp.resolve("out/difficulty.csv");
        Files.createDirectories(csv.getParent());
        vm.csvWriter().write(csv);
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertEquals(expected.size() + 1, lines.size());
        assertTrue(lines.get(0).startsWith("index,label,class,prediction,predicted_class,correct,latency_ms"));
        assertTrue(lines.get(1).startsWith(expected.get(0) + ",3,cat,"));
    }

    @Test
    void referenceKeepsTheFiltersAndANewCheckpointResetsThem() {
        vm.showClasses(Set.of(1));
        vm.referenceProperty().set(Difficulty.Reference.BASELINE);
        assertEquals(50, vm.rows().size());
        double base = f.run.table.baseline();
        ImageRow r = vm.rows().get(0);
        assertEquals(r.latencyMs() / base - 1, r.relLatency(), 1e-9);
        String older = f.run.checkpoints.get(0);
        vm.choice().checkpointProperty().set(older);
        assertEquals(older, vm.evaluation().checkpoint());
        // a new evaluation: every class again, the full latency range of that evaluation
        assertEquals(500, vm.rows().size());
    }

    @Test
    void selectionFollowsTheFilters() {
        ImageRow first = vm.rows().get(0);
        vm.selectedProperty().set(first);
        vm.showClasses(Set.of(first.label()));
        assertEquals(first, vm.selectedProperty().get());
        vm.showClasses(Set.of((first.label() + 1) % 10));
        assertNull(vm.selectedProperty().get());
    }
}
