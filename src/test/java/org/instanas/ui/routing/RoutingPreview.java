// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.routing;

import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.stage.Stage;
import org.instanas.figure.ProjectionFigure;
import org.instanas.run.RoutingRow;
import org.instanas.run.RunDirectory;
import org.instanas.run.RunSnapshot;
import org.instanas.testutil.FakeRun;
import org.instanas.ui.common.Theme;
import org.instanas.ui.difficulty.DifficultyView;
import org.instanas.ui.gallery.GalleryView;
import org.instanas.ui.projection.ProjectionView;
import org.instanas.ui.variants.VariantsView;

/**
 * Shows the routing panes on a FakeRun in a window and walks through them, for looking at them under
 * a display (e.g. Xvfb). Arguments: run folder (created), number of images, and optionally a folder:
 * then each pane is captured with ImageMagick's {@code import -window root} as routing-*.png there and
 * the program exits. Not a test; a launcher that does not extend Application.
 */
public final class RoutingPreview {
    private RoutingPreview() {}

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : "preview-run");
        int images = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        Path shots = args.length > 2 ? Path.of(args[2]) : null;
        FakeRun run =
                Files.isRegularFile(root.resolve("run.json")) ? null : FakeRun.create(root, images, 10, 300, 5, 7);
        ExecutorService bg = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "preview-bg");
            t.setDaemon(true);
            return t;
        });
        Path dir = root;
        RoutingContext ctx = RoutingContext.of(
                () -> RunSnapshot.load(new RunDirectory(dir)),
                FakeRun::thumbnail,
                FakeRun.CLASS_NAMES.subList(0, 10),
                bg,
                (s, cp) -> System.out.println("start stage " + s + " from " + cp));
        CompletableFuture<List<Tab>> ready = new CompletableFuture<>();
        Platform.startup(() -> {
            Theme.apply(false);
            List<Tab> tabs = RoutingPanes.create(ctx);
            TabPane pane = new TabPane();
            pane.getTabs().addAll(tabs);
            Stage stage = new Stage();
            stage.setTitle("InstaNAS Workbench – routing panes (" + images + " test images)");
            Scene scene = new Scene(pane, 1560, 960);
            scene.getStylesheets().add(Theme.stylesheet());
            stage.setScene(scene);
            stage.setX(0);
            stage.setY(0);
            stage.show();
            ready.complete(tabs);
        });
        List<Tab> tabs = ready.get();
        if (shots == null) {
            return; // stays open until closed
        }
        Files.createDirectories(shots);
        // difficulty: sorted by latency, slowest first, the slowest image selected
        DifficultyView diff = (DifficultyView) tabs.get(0).getContent();
        waitFor(() -> diff.table().getItems().size() > 0);
        fx(() -> {
            var col = diff.table().getColumns().get(5);
            col.setSortType(TableColumn.SortType.DESCENDING);
            diff.table().getSortOrder().setAll(List.of(col));
            diff.table().getSelectionModel().select(2);
            return null;
        });
        shoot(shots, "difficulty");
        // gallery: per class, the 4th image of the third class clicked
        fx(() -> {
            tabs.get(1).getTabPane().getSelectionModel().select(tabs.get(1));
            return null;
        });
        GalleryView gal = (GalleryView) tabs.get(1).getContent();
        waitFor(() -> gal.viewModel().figureProperty().get() != null);
        fx(() -> {
            RoutingRow r = gal.viewModel()
                    .figureProperty()
                    .get()
                    .rows()
                    .get(2)
                    .images()
                    .get(8);
            gal.viewModel().selectedProperty().set(r);
            return null;
        });
        shoot(shots, "gallery");
        // map: compute (or load) the UMAP, select a region, hover a point
        fx(() -> {
            tabs.get(2).getTabPane().getSelectionModel().select(tabs.get(2));
            return null;
        });
        ProjectionView map = (ProjectionView) tabs.get(2).getContent();
        waitFor(() -> map.viewModel().evaluation() != null);
        Thread.sleep(500);
        long t0 = System.nanoTime();
        long[] gaps = new long[2]; // longest gap between frames, frames
        AnimationTimer pulses = new AnimationTimer() {
            private long last;

            @Override
            public void handle(long now) {
                if (last > 0) {
                    gaps[0] = Math.max(gaps[0], now - last);
                }
                gaps[1]++;
                last = now;
            }
        };
        fx(() -> {
            pulses.start();
            map.viewModel().compute();
            return null;
        });
        waitFor(() -> map.viewModel().figureProperty().get() != null);
        fx(() -> {
            pulses.stop();
            return null;
        });
        System.out.printf(Locale.ROOT, "FX frames while computing: %d, longest gap %.0f ms%n", gaps[1], gaps[0] / 1e6);
        System.out.printf(
                Locale.ROOT,
                "map shown after %d ms: %s%n",
                (System.nanoTime() - t0) / 1_000_000,
                fx(() -> map.viewModel().messageProperty().get()));
        Thread.sleep(800);
        fx(() -> {
            ProjectionFigure f = map.viewModel().figureProperty().get();
            var node = map.mapNode();
            var area = new Rectangle2D.Double(
                    0,
                    0,
                    Math.floor(node.getLayoutBounds().getWidth()),
                    Math.floor(node.getLayoutBounds().getHeight()));
            var inner = f.mapArea(area);
            // the slowest point's neighbourhood: a rectangle around it
            int slow = 0;
            for (int i = 1; i < f.projection().size(); i++) {
                if (f.row(i).latencyMs() > f.row(slow).latencyMs()) {
                    slow = i;
                }
            }
            Point2D p = f.toScreen(area, slow);
            double w = inner.getWidth() * 0.16;
            double h = inner.getHeight() * 0.16;
            map.selectRectangle(p.getX() - w / 2, p.getY() - h / 2, p.getX() + w / 2, p.getY() + h / 2);
            System.out.printf(
                    Locale.ROOT,
                    "map repaint: %.1f ms for %d points%n",
                    map.lastRenderMillis(),
                    f.projection().size());
            long tp = System.nanoTime();
            for (int k = 0; k < 200; k++) {
                f.pointAt(area, inner.getX() + k * inner.getWidth() / 200, inner.getCenterY(), 8);
            }
            System.out.printf(Locale.ROOT, "pointAt: %.3f ms per lookup%n", (System.nanoTime() - tp) / 1e6 / 200);
            return null;
        });
        Thread.sleep(600);
        Point2D hover = fx(() -> {
            ProjectionFigure f = map.viewModel().figureProperty().get();
            int i = f.projection().size() / 3;
            Point2D p = map.pointPosition(i);
            var s = map.mapNode().localToScreen(p.getX(), p.getY());
            return new Point2D.Double(s.getX(), s.getY());
        });
        new ProcessBuilder(
                        "xdotool",
                        "mousemove",
                        Long.toString(Math.round(hover.getX())),
                        Long.toString(Math.round(hover.getY())))
                .inheritIO()
                .start()
                .waitFor();
        Thread.sleep(700);
        shoot(shots, "map");
        fx(() -> {
            tabs.get(3).getTabPane().getSelectionModel().select(tabs.get(3));
            return null;
        });
        VariantsView var = (VariantsView) tabs.get(3).getContent();
        waitFor(() -> !var.table().getItems().isEmpty());
        fx(() -> {
            var.table().getSelectionModel().select(2);
            return null;
        });
        new ProcessBuilder("xdotool", "mousemove", "1500", "940")
                .inheritIO()
                .start()
                .waitFor();
        shoot(shots, "variants");
        Platform.exit();
        bg.shutdownNow();
        System.exit(0);
    }

    private static void shoot(Path dir, String name) throws Exception {
        Thread.sleep(1200);
        Path png = dir.resolve("routing-" + name + ".png");
        int rc = new ProcessBuilder("import", "-window", "root", "-crop", "1560x960+0+0", png.toString())
                .inheritIO()
                .start()
                .waitFor();
        System.out.println("captured " + png + " (" + rc + ")");
    }

    private static void waitFor(Callable<Boolean> c) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(400);
        while (System.nanoTime() < end) {
            if (fx(c)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("timed out");
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(30, TimeUnit.SECONDS);
    }
}
