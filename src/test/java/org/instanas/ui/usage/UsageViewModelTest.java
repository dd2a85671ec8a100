// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.instanas.app.RunWatcher;
import org.instanas.figure.OptionUsageFigure;
import org.instanas.run.RunDirectory;
import org.instanas.ui.SampleRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsageViewModelTest {
    @TempDir
    Path tmp;

    @Test
    void showsTheNewestEvaluationAndSlidesOverEpochs() throws Exception {
        RunDirectory d = SampleRuns.finished(tmp.resolve("r"), 450, 1);
        try (RunWatcher w = RunWatcher.open(d.root())) {
            w.poll();
            UsageViewModel vm = new UsageViewModel(Runnable::run);
            vm.update(w.state());
            assertEquals(3, vm.evaluations().size());
            assertEquals(2, vm.indexProperty().get());
            assertNotNull(vm.figureProperty().get());
            assertTrue(vm.captionProperty().get().startsWith("search-0003 · accuracy"));
            vm.indexProperty().set(0);
            vm.update(w.state());
            assertTrue(vm.captionProperty().get().startsWith("search-0001"));
            vm.overEpochsProperty().set(true);
            vm.update(w.state());
            assertTrue(((OptionUsageFigure) vm.figureProperty().get()).multiples());
        }
    }

    @Test
    void saysWhyItIsEmpty() throws Exception {
        RunDirectory d = SampleRuns.info(tmp.resolve("r"), "r");
        try (RunWatcher w = RunWatcher.open(d.root())) {
            w.poll();
            UsageViewModel vm = new UsageViewModel(Runnable::run);
            vm.update(w.state());
            assertNull(vm.figureProperty().get());
            assertTrue(vm.placeholderProperty().get().startsWith("No evaluated checkpoint yet"));
        }
    }
}
