// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.projection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;
import org.instanas.analysis.Projection;
import org.instanas.analysis.ProjectionCache;
import org.instanas.analysis.ProjectionResult;
import org.instanas.figure.FigureStyle;
import org.instanas.figure.ProjectionFigure;
import org.instanas.run.Arch;
import org.instanas.run.RoutingRow;
import org.instanas.ui.routing.RoutingFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectionViewModelTest {
    @TempDir
    Path tmp;

    /** A stand-in for UMAP: x = latency rank, y = a stripe by image index; counts its calls. */
    static final class FakeProjector implements ProjectionViewModel.Projector {
        int calls;
        int sample;

        @Override
        public ProjectionResult run(
                List<RoutingRow> rows, Projection.Params p, BooleanSupplier cancelled, DoubleConsumer progress) {
            calls++;
            int[] idx = Projection.sample(rows.size(), sample, p.seed());
            double[][] xy = new double[idx.length][];
            double[] lat =
                    rows.stream().mapToDouble(RoutingRow::latencyMs).sorted().toArray();
            for (int i = 0; i < idx.length; i++) {
                RoutingRow r = rows.get(idx[i]);
                double rank = Arrays.binarySearch(lat, r.latencyMs()) / (double) lat.length;
                xy[i] = new double[] {rank, (r.index() % 13) / 13.0 + Arch.activeOptions(r.arch()) * 1e-4};
            }
            progress.accept(0.5);
            return new ProjectionResult(xy, idx, p.methodId(), p.asMap(), 5, rows.size());
        }
    }

    @Test
    void aCachedMapIsLoadedInsteadOfComputedAgain() {
        RoutingFixture f = RoutingFixture.create(tmp.resolve("run"));
        FakeProjector fake = new FakeProjector();
        ProjectionViewModel vm = new ProjectionViewModel(Runnable::run, Runnable::run, fake);
        vm.update(f.data);
        assertNull(vm.resultProperty().get());
        assertEquals(ProjectionViewModel.State.EMPTY, vm.stateProperty().get());
        vm.compute();
        assertEquals(1, fake.calls);
        assertEquals(ProjectionViewModel.State.READY, vm.stateProperty().get());
        assertEquals(500, vm.resultProperty().get().size());
        String key = ProjectionCache.key(f.run.newest(), vm.params());
        assertTrue(Files.isRegularFile(ProjectionCache.json(f.run.dir, key)));
        vm.compute();
        assertEquals(1, fake.calls, "the same parameters: nothing to do");

        // the next session on the same run: the map comes from projections/, nothing is computed
        FakeProjector again = new FakeProjector();
        ProjectionViewModel vm2 = new ProjectionViewModel(Runnable::run, Runnable::run, again);
        vm2.update(f.reread());
        assertNotNull(vm2.resultProperty().get());
        vm2.compute();
        assertEquals(0, again.calls);
        assertTrue(
                vm2.messageProperty().get().contains("loaded from"),
                vm2.messageProperty().get());
        assertArrayEquals(
                vm.resultProperty().get().xy()[42], vm2.resultProperty().get().xy()[42], 1e-9);

        // other parameters: not cached, so computed once
        vm2.neighborsProperty().set(7);
        assertEquals(0, again.calls);
        assertTrue(vm2.messageProperty().get().contains("press Compute"));
        vm2.compute();
        assertEquals(1, again.calls);
        vm2.neighborsProperty().set(15); // back to the cached one, loaded at once
        assertEquals(1, again.calls);
        assertEquals(15, vm2.resultProperty().get().params().get("neighbors"));
    }

    @Test
    void selectionGivesExactlyTheImagesInsideTheShape() {
        RoutingFixture f = RoutingFixture.create(tmp.resolve("run"));
        ProjectionViewModel vm = new ProjectionViewModel(Runnable::run, Runnable::run, new FakeProjector());
        vm.update(f.data);
        vm.compute();
        ProjectionFigure fig = vm.figureProperty().get();
        Rectangle2D area = new Rectangle2D.Double(0, 0, 700, 520);
        BufferedImage im = new BufferedImage(700, 520, BufferedImage.TYPE_INT_ARGB);
        fig.draw(im.createGraphics(), area, FigureStyle.screen());
        Rectangle2D map = fig.mapArea(area);
        Rectangle2D sel = new Rectangle2D.Double(map.getX(), map.getY(), map.getWidth() * 0.4, map.getHeight());
        vm.select(fig.pointsIn(area, sel));
        Set<Integer> expected = new HashSet<>();
        List<RoutingRow> rows = f.run.rows();
        for (int i = 0; i < vm.resultProperty().get().size(); i++) {
            Point2D p = fig.toScreen(area, i);
            if (sel.contains(p)) {
                expected.add(rows.get(vm.resultProperty().get().indices()[i]).index());
            }
        }
        assertTrue(expected.size() > 10 && expected.size() < 490, "a part of the map: " + expected.size());
        Set<Integer> got = new HashSet<>();
        vm.selection().forEach(r -> got.add(r.index()));
        assertEquals(expected, got);
        assertEquals(expected.size(), fig.highlighted().length);
        double mean = vm.selection().stream()
                .mapToDouble(RoutingRow::latencyMs)
                .average()
                .orElseThrow();
        assertTrue(
                vm.selectionSummaryProperty()
                        .get()
                        .startsWith(expected.size() + " images selected · mean latency "
                                + String.format(Locale.ROOT, "%.3f ms", mean)),
                vm.selectionSummaryProperty().get());
        for (int k = 1; k < vm.selection().size(); k++) {
            assertTrue(vm.selection().get(k - 1).latencyMs()
                    <= vm.selection().get(k).latencyMs());
        }
        vm.colorByProperty().set(ProjectionFigure.ColorBy.CLASS); // a new figure keeps the selection
        assertEquals(expected.size(), vm.figureProperty().get().highlighted().length);
        vm.clearSelection();
        assertTrue(vm.selection().isEmpty());
        assertEquals("", vm.selectionSummaryProperty().get());
    }

    @Test
    void saysWhenOnlyASampleWasEmbedded() {
        RoutingFixture f = RoutingFixture.create(tmp.resolve("run"));
        FakeProjector fake = new FakeProjector();
        fake.sample = 200;
        ProjectionViewModel vm = new ProjectionViewModel(Runnable::run, Runnable::run, fake);
        vm.update(f.data);
        vm.methodProperty().set(Projection.Method.TSNE);
        vm.compute();
        assertTrue(
                vm.sampleNoteProperty().get().contains("200 of 500"),
                vm.sampleNoteProperty().get());
        assertTrue(
                vm.messageProperty().get().contains("sampled 200 of 500"),
                vm.messageProperty().get());
    }

    @Test
    void cancelStopsTheBackgroundComputation() throws Exception {
        RoutingFixture f = RoutingFixture.create(tmp.resolve("run"));
        ConcurrentLinkedQueue<Runnable> fxQueue = new ConcurrentLinkedQueue<>();
        ExecutorService bg = Executors.newSingleThreadExecutor();
        List<Double> seen = new ArrayList<>();
        ProjectionViewModel.Projector slow = (rows, p, cancelled, progress) -> {
            for (int i = 0; ; i++) {
                progress.accept(Math.min(0.99, i / 1000.0));
                if (cancelled.getAsBoolean()) {
                    throw new CancellationException("cancelled");
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    throw new CancellationException("interrupted");
                }
            }
        };
        try {
            ProjectionViewModel vm = new ProjectionViewModel(bg, fxQueue::add, slow);
            vm.update(f.data);
            drain(
                    fxQueue,
                    () -> vm.evaluation() != null && vm.stateProperty().get() == ProjectionViewModel.State.EMPTY);
            vm.methodProperty().set(Projection.Method.TSNE);
            drain(fxQueue, () -> vm.messageProperty().get().contains("press Compute"));
            vm.compute();
            assertEquals(ProjectionViewModel.State.COMPUTING, vm.stateProperty().get());
            drain(fxQueue, () -> {
                seen.add(vm.progressProperty().get());
                return vm.progressProperty().get() > 0.02;
            });
            vm.cancel();
            drain(fxQueue, () -> vm.stateProperty().get() != ProjectionViewModel.State.COMPUTING);
            assertEquals(ProjectionViewModel.State.EMPTY, vm.stateProperty().get());
            assertTrue(vm.messageProperty().get().startsWith("Cancelled"));
            assertNull(vm.resultProperty().get());
            assertEquals(1, vm.computations());
        } finally {
            bg.shutdownNow();
            assertTrue(bg.awaitTermination(5, TimeUnit.SECONDS));
        }
    }

    /** Runs the "FX" queue until the condition holds (at most 10 s). */
    static void drain(ConcurrentLinkedQueue<Runnable> q, BooleanSupplier until) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < end) {
            Runnable r;
            while ((r = q.poll()) != null) {
                r.run();
            }
            if (until.getAsBoolean()) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("condition not reached in 10 s");
    }

    @Test
    void realUmapKeepsEveryPoint() {
        RoutingFixture f = RoutingFixture.create(tmp.resolve("run"), 300, 10, 2);
        ProjectionViewModel vm = new ProjectionViewModel(Runnable::run, Runnable::run);
        vm.update(f.data);
        long t0 = System.nanoTime();
        vm.compute();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("UMAP of 300 FakeRun images: " + ms + " ms");
        assertEquals(300, vm.resultProperty().get().size());
        assertEquals(1, vm.computations());
        assertTrue(Map.of("neighbors", 15).entrySet().stream()
                .allMatch(e ->
                        e.getValue().equals(vm.resultProperty().get().params().get(e.getKey()))));
    }
}
