// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.curves;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.instanas.app.RunWatcher;
import org.instanas.run.MetricRecord;
import org.instanas.run.MetricsWriter;
import org.instanas.run.RunDirectory;
import org.instanas.ui.SampleRuns;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The curves view-model without any window: builds run synchronously. */
class CurvesViewModelTest {
    @TempDir
    Path tmp;

    private static CombinedDomainXYPlot plot(CurvesViewModel vm) {
        return (CombinedDomainXYPlot) vm.built().chart().getPlot();
    }

    @Test
    void buildsThePanelsOfTheCurrentStageAndFollowsSettings() throws Exception {
        RunDirectory d = SampleRuns.finished(tmp.resolve("a"), 450, 1);
        try (RunWatcher w = RunWatcher.open(d.root())) {
            w.poll();
            CurvesViewModel vm = new CurvesViewModel(Runnable::run, Runnable::run);
            vm.setPrimary(w, "a");
            assertTrue(vm.tick());
            assertEquals(
                    List.of("reward", "accuracy", "latency", "entropy", "unique"),
                    plot(vm).getSubplots().stream()
                            .map(p -> ((XYPlot) p).getRangeAxis().getLabel())
                            .map(l -> l.split(" ")[0])
                            .toList());
            assertTrue(vm.keys().containsAll(List.of("loss", "lr", "advantage")));
            assertFalse(vm.keys().contains("ub"), "the window bounds are the latency band, not panels");
            assertEquals(
                    List.of(CurvesViewModel.CURRENT_STAGE, CurvesViewModel.ALL_STAGES, "pretrain", "search"),
                    vm.stages());
            assertFalse(vm.tick(), "nothing changed");

            vm.setShown("loss", true);
            vm.setShown("entropy", false);
            assertTrue(vm.tick());
            assertEquals(5, plot(vm).getSubplots().size());
            vm.stageProperty().set("pretrain");
            vm.tick();
            assertEquals(2, plot(vm).getSubplots().size(), "pretrain has accuracy and loss of the shown keys");
            assertEquals(
                    600, ((XYPlot) plot(vm).getSubplots().get(0)).getDataset(0).getItemCount(0));
        }
    }

    @Test
    void theCurrentStageShowsOnlyKeysItsStepsHave() throws Exception {
        // a finished run that ends with fine-tuning: steps carry loss and accuracy, the epoch summary
        // adds latency and unique architectures (from the evaluation)
        RunDirectory d = SampleRuns.info(tmp.resolve("ft"), "ft");
        try (RunWatcher w = RunWatcher.open(d.root());
                MetricsWriter mw = new MetricsWriter(d.metrics())) {
            for (int i = 0; i < 50; i++) {
                mw.append(new MetricRecord(
                        "finetune",
                        MetricRecord.STEP,
                        0,
                        i + 1,
                        1.75e9 + i,
                        Map.of("loss", 1.0 - i * 0.01, "accuracy", 0.5 + i * 0.005),
                        null));
            }
            mw.append(new MetricRecord(
                    "finetune",
                    MetricRecord.EPOCH,
                    0,
                    50,
                    1.75e9 + 60,
                    Map.of("accuracy", 0.8, "latency", 2.0, "unique", 40.0),
                    null));
            w.poll();
            CurvesViewModel vm = new CurvesViewModel(Runnable::run, Runnable::run);
            vm.setPrimary(w, "ft");
            assertTrue(vm.tick());
            List<String> panels = plot(vm).getSubplots().stream()
                    .map(p -> ((XYPlot) p).getRangeAxis().getLabel())
                    .map(l -> l.split(" ")[0])
                    .toList();
            assertTrue(panels.contains("accuracy"), panels.toString());
            assertFalse(panels.contains("latency") || panels.contains("unique"), "no empty panels: " + panels);
        }
    }

    @Test
    void newLinesArePickedUpAndLongSeriesAreDecimated() throws Exception {
        RunDirectory d = SampleRuns.info(tmp.resolve("big"), "big");
        Random rnd = new Random(1);
        try (RunWatcher w = RunWatcher.open(d.root());
                MetricsWriter mw = new MetricsWriter(d.metrics())) {
            CurvesViewModel vm = new CurvesViewModel(Runnable::run, Runnable::run);
            vm.setPrimary(w, "big");
            vm.widthProperty().set(1600);
            for (int i = 0; i < 100_000; i++) {
                mw.append(SampleRuns.searchStep(i, 10_000, 1.75e9, rnd));
            }
            w.poll();
            long t0 = System.nanoTime();
            assertTrue(vm.tick());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertNotNull(vm.built().chart());
            assertEquals(100_000, vm.built().records());
            int n = ((XYPlot) plot(vm).getSubplots().get(0)).getDataset(0).getItemCount(0);
            assertTrue(n <= 2 * 800 + 2, "decimated to two points per bucket of two pixels, was " + n);
            assertNotNull(vm.built().image());
            assertEquals(1600, vm.built().image().getWidth());
            assertTrue(ms < 5_000, "building 100 000 points took " + ms + " ms");
            mw.append(SampleRuns.searchStep(100_000, 10_000, 1.75e9, rnd));
            w.poll();
            try {
                Thread.sleep(Math.max(100, 2 * vm.lastBuildNanos() / 1_000_000) + 10);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            assertTrue(vm.tick());
            assertEquals(100_001, vm.built().records());
        }
    }

    @Test
    void comparesSeveralRuns() throws Exception {
        RunDirectory a = SampleRuns.finished(tmp.resolve("a"), 300, 1);
        RunDirectory b = SampleRuns.finished(tmp.resolve("b"), 450, 2);
        try (RunWatcher w = RunWatcher.open(a.root())) {
            w.poll();
            CurvesViewModel vm = new CurvesViewModel(Runnable::run, Runnable::run);
            vm.setPrimary(w, "a");
            RunWatcher other = vm.addComparison(b.root());
            other.poll();
            vm.tick();
            assertEquals(2, vm.sources().size());
            XYPlot reward = (XYPlot) plot(vm).getSubplots().get(0);
            assertEquals(4, reward.getDataset(0).getSeriesCount(), "raw + smoothed for each run");
            vm.clearComparisons();
            assertEquals(1, vm.sources().size());
        }
    }
}
