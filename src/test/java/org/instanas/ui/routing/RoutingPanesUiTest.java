// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableRow;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.instanas.analysis.Selection;
import org.instanas.figure.GalleryFigure;
import org.instanas.figure.ProjectionFigure;
import org.instanas.run.RoutingRow;
import org.instanas.run.RunSnapshot;
import org.instanas.testutil.FakeRun;
import org.instanas.ui.common.Theme;
import org.instanas.ui.difficulty.DifficultyView;
import org.instanas.ui.difficulty.DifficultyViewModel;
import org.instanas.ui.gallery.GalleryView;
import org.instanas.ui.projection.ProjectionView;
import org.instanas.ui.variants.VariantsView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The routing panes on a small FakeRun (300 images, real UMAP), driven as a user would, headless. */
@ExtendWith(ApplicationExtension.class)
class RoutingPanesUiTest {
    static {
        System.setProperty("headless.geometry", "1440x900-32");
    }

    private Path tmp;
    private FakeRun run;
    private ExecutorService background;
    private final List<String> stages = Collections.synchronizedList(new ArrayList<>());
    private TabPane tabs;
    private List<Tab> routing;

    @Start
    void start(Stage stage) throws Exception {
        tmp = Files.createTempDirectory("instanas-routing-ui");
        run = FakeRun.create(tmp.resolve("small run"), 300, 10, 60, 3, 7);
        background = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "routing-test-bg");
            t.setDaemon(true);
            return t;
        });
        Theme.apply(false);
        RoutingContext ctx = RoutingContext.of(
                () -> RunSnapshot.load(run.dir),
                run.thumbnails(),
                run.classNames,
                background,
                (s, cp) -> stages.add(s.id() + " " + cp));
        routing = RoutingPanes.create(ctx);
        tabs = new TabPane();
        tabs.getTabs().add(new Tab("Curves"));
        tabs.getTabs().addAll(routing);
        Scene scene = new Scene(tabs, 1400, 860);
        scene.getStylesheets().add(Theme.stylesheet());
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void tearDown() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> tabs.getSelectionModel().select(0)).get(5, TimeUnit.SECONDS);
        background.shutdownNow();
        assertTrue(background.awaitTermination(10, TimeUnit.SECONDS));
    }

    private <T> T view(FxRobot robot, int k, Class<T> type) {
        robot.interact(() -> tabs.getSelectionModel().select(routing.get(k)));
        return type.cast(routing.get(k).getContent());
    }

    private static void await(String what, BooleanSupplier cond) {
        try {
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(cond::getAsBoolean));
        } catch (TimeoutException e) {
            throw new AssertionError("timed out waiting for " + what);
        }
    }

    private static <T> T fx(Callable<T> c) {
        try {
            return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void mapComputedThenRectangleDragAndLassoSelectExactlyThePointsInside(FxRobot robot) {
        ProjectionView v = view(robot, 2, ProjectionView.class);
        await("the evaluation", () -> v.viewModel().evaluation() != null);
        long t0 = System.nanoTime();
        robot.clickOn("#compute-map");
        await("the map", () -> v.viewModel().figureProperty().get() != null);
        System.out.printf("UMAP of 300 images through the pane: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertEquals(300, fx(() -> v.viewModel().resultProperty().get().size()));
        WaitForAsyncUtils.waitForFxEvents();
        ProjectionFigure fig = v.viewModel().figureProperty().get();
        Node map = v.mapNode();
        Rectangle2D area = fx(() -> new Rectangle2D.Double(
                0,
                0,
                Math.floor(map.getBoundsInLocal().getWidth()),
                Math.floor(map.getBoundsInLocal().getHeight())));
        Rectangle2D inner = fig.mapArea(area);

        // hovering a point shows its card
        Point2D p7 = fx(() -> v.pointPosition(7));
        robot.moveTo(fx(() -> map.localToScreen(p7.getX(), p7.getY())));
        await("the hover card", v::hoverCardVisible);

        // a rectangle dragged with the mouse over the left half of the map
        double x0 = inner.getX() + 2;
        double y0 = inner.getY() + 2;
        double x1 = inner.getCenterX();
        double y1 = inner.getMaxY() - 2;
        robot.moveTo(fx(() -> map.localToScreen(x0, y0)))
                .press(MouseButton.PRIMARY)
                .moveTo(fx(() -> map.localToScreen((x0 + x1) / 2, (y0 + y1) / 2)))
                .moveTo(fx(() -> map.localToScreen(x1, y1)))
                .release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        // the robot moves in whole screen pixels: points within 1.5 px of the edges may fall either way
        Set<Integer> surely =
                imagesInside(v, fig, area, (x, y) -> x >= x0 + 1.5 && x <= x1 - 1.5 && y >= y0 + 1.5 && y <= y1 - 1.5);
        Set<Integer> maybe =
                imagesInside(v, fig, area, (x, y) -> x >= x0 - 1.5 && x <= x1 + 1.5 && y >= y0 - 1.5 && y <= y1 + 1.5);
        Set<Integer> grid = new HashSet<>(fx(v::gridIndices));
        assertTrue(surely.size() > 5, "the rectangle holds points: " + surely.size());
        assertTrue(grid.containsAll(surely), "every point well inside is selected");
        assertTrue(maybe.containsAll(grid), "no point outside is selected");
        Set<Integer> expected = grid;
        assertTrue(fx(() -> v.viewModel().selectionSummaryProperty().get())
                .startsWith(expected.size() + " images selected"));

        // a lasso (a triangle over the right part), through the view's selection method
        double[] xs = {inner.getCenterX(), inner.getMaxX() - 2, inner.getMaxX() - 2};
        double[] ys = {inner.getCenterY(), inner.getY() + 2, inner.getMaxY() - 2};
        robot.interact(() -> v.selectPolygon(xs, ys));
        Set<Integer> inLasso = imagesInside(v, fig, area, (x, y) -> Selection.contains(xs, ys, x, y));
        assertTrue(inLasso.size() > 3, "the lasso holds points: " + inLasso.size());
        assertEquals(inLasso, new HashSet<>(fx(v::gridIndices)));
        assertEquals(inLasso.size(), fig.highlighted().length);
    }

    interface Inside {
        boolean test(double x, double y);
    }

    private static Set<Integer> imagesInside(ProjectionView v, ProjectionFigure fig, Rectangle2D area, Inside in) {
        Set<Integer> out = new HashSet<>();
        for (int i = 0; i < fig.projection().size(); i++) {
            Point2D p = fig.toScreen(area, i);
            if (in.test(p.getX(), p.getY())) {
                out.add(fig.row(i).index());
            }
        }
        return out;
    }

    @Test
    void galleryShowsImagesPerRowTimesClassesAndAClickShowsTheImage(FxRobot robot) {
        GalleryView v = view(robot, 1, GalleryView.class);
        await("the gallery", () -> v.viewModel().figureProperty().get() != null);
        GalleryFigure fig = v.viewModel().figureProperty().get();
        assertEquals(5, fig.rows().size());
        assertEquals(50, fig.imageCount());
        robot.interact(() -> v.viewModel().perRowProperty().set(6));
        assertEquals(30, fx(() -> v.viewModel().imageCount()));
        WaitForAsyncUtils.waitForFxEvents();
        RoutingRow target = fx(() ->
                v.viewModel().figureProperty().get().rows().get(2).images().get(3));
        Rectangle2D b = fx(() -> {
            v.viewModel().selectedProperty().set(target);
            Rectangle2D r = v.viewModel()
                    .selectedBounds(
                            v.canvas().getWidth(),
                            v.canvas().getHeight(),
                            v.canvas().figureStyleProperty().get());
            v.viewModel().selectedProperty().set(null);
            return r;
        });
        assertNotNull(b);
        robot.clickOn(fx(() -> v.canvas().localToScreen(b.getCenterX(), b.getCenterY())));
        WaitForAsyncUtils.waitForFxEvents();
        assertSame(target, v.selected());
        assertSame(target, fx(() -> v.detail().shown()));
    }

    @Test
    void variantRowEnablesFineTuneWhichCallsTheStageCallback(FxRobot robot) {
        VariantsView v = view(robot, 3, VariantsView.class);
        await("the table", () -> v.table().getItems().size() == 4);
        assertTrue(v.finetuneButton().isDisabled());
        String cp = fx(() -> v.table().getItems().get(2).checkpoint());
        Node row = robot.from(v.table())
                .lookup(".table-row-cell")
                .match((TableRow<?> r) -> r.getIndex() == 2)
                .query();
        robot.clickOn(row);
        await("the buttons", () -> !v.finetuneButton().isDisabled());
        assertFalse(v.evaluateButton().isDisabled());
        robot.clickOn("#finetune-variant");
        robot.clickOn("#evaluate-variant");
        assertEquals(List.of("finetune " + cp, "evaluate " + cp), stages);
        // the MobileNetV2 path is not a checkpoint of its own
        Node base = robot.from(v.table())
                .lookup(".table-row-cell")
                .match((TableRow<?> r) -> r.getIndex() == 0)
                .query();
        robot.clickOn(base);
        await("disabled buttons", () -> v.finetuneButton().isDisabled());
    }

    @Test
    void difficultyTableSortsFiltersAndShowsTheSelectedImage(FxRobot robot) {
        DifficultyView v = view(robot, 0, DifficultyView.class);
        await("the table", () -> v.table().getItems().size() == 300);
        robot.clickOn(robot.from(v.table())
                .lookup(".column-header")
                .match((Node n) -> n.lookup(".label") instanceof Label l && "latency (ms)".equals(l.getText()))
                .queryAs(Node.class));
        WaitForAsyncUtils.waitForFxEvents();
        double first = fx(() -> v.table().getItems().get(0).latencyMs());
        double min = fx(() -> v.viewModel().allRows().stream()
                .mapToDouble(r -> r.latencyMs())
                .min()
                .orElseThrow());
        assertEquals(min, first, 1e-12);
        robot.interact(() -> v.viewModel().correctnessProperty().set(DifficultyViewModel.Correctness.WRONG));
        int wrong = fx(() ->
                (int) v.viewModel().allRows().stream().filter(r -> !r.correct()).count());
        assertEquals(wrong, fx(() -> v.table().getItems().size()));
        Node row = robot.from(v.table())
                .lookup(".table-row-cell")
                .match((TableRow<?> r) -> r.getIndex() == 0)
                .query();
        robot.clickOn(row);
        WaitForAsyncUtils.waitForFxEvents();
        assertNotNull(fx(() -> v.detail().shown()));
        assertFalse(fx(() -> v.detail().shown().correct()));
        Bounds b = fx(() -> v.detail().getLayoutBounds());
        assertTrue(b.getWidth() > 200);
    }
}
