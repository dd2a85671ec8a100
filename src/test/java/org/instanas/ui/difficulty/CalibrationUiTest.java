// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.difficulty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.scene.Scene;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.instanas.analysis.DifficultyCalibration;
import org.instanas.figure.CalibrationFigure;
import org.instanas.run.RunSnapshot;
import org.instanas.testutil.FakeRun;
import org.instanas.ui.common.Theme;
import org.instanas.ui.routing.RasterFigureView;
import org.instanas.ui.routing.RoutingContext;
import org.instanas.ui.routing.RoutingPanes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The difficulty pane's calibration against a sweep's baseline: the window opens with the figure of that pair. */
@ExtendWith(ApplicationExtension.class)
class CalibrationUiTest {
    private FakeRun variant;
    private FakeRun baseline;
    private ExecutorService background;
    private TabPane tabs;
    private List<Tab> routing;

    @Start
    void start(Stage stage) throws Exception {
        Path sweep = Files.createTempDirectory("instanas-calibration-ui").resolve("demo-sweep");
        Files.createDirectories(sweep);
        Files.writeString(sweep.resolve("sweep.json"), "{\"formatVersion\": 1, \"members\": []}\n");
        variant = FakeRun.create(sweep.resolve("ub-0.5"), 300, 10, 60, 2, 7);
        baseline = FakeRun.create(sweep.resolve("baseline"), 300, 10, 60, 1, 8);
        background = Executors.newFixedThreadPool(2);
        Theme.apply(false);
        RoutingContext ctx = RoutingContext.of(
                () -> RunSnapshot.load(variant.dir),
                variant.thumbnails(),
                variant.classNames,
                background,
                (s, c) -> {});
        routing = RoutingPanes.create(ctx);
        tabs = new TabPane();
        tabs.getTabs().add(new Tab("Curves"));
        tabs.getTabs().addAll(routing);
        stage.setScene(new Scene(tabs, 1200, 760));
        stage.getScene().getStylesheets().add(Theme.stylesheet());
        stage.show();
    }

    @AfterEach
    void tearDown() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
                    for (Window w : List.copyOf(Window.getWindows())) {
                        if (w instanceof Stage s
                                && s.getTitle() != null
                                && s.getTitle().startsWith("Difficulty")) {
                            s.close();
                        }
                    }
                    tabs.getSelectionModel().select(0);
                })
                .get(5, TimeUnit.SECONDS);
        background.shutdownNow();
    }

    @Test
    void calibrationOpensAgainstTheSweepsBaseline(FxRobot robot) throws Exception {
        robot.interact(() -> tabs.getSelectionModel().select(routing.get(0)));
        DifficultyView v = (DifficultyView) routing.get(0).getContent();
        await(() -> v.viewModel().evaluation() != null);
        String checkpoint = fx(() -> v.viewModel().evaluation().checkpoint());
        robot.interact(() -> robot.from(v).lookup("#calibration").queryButton().fire());
        await(() -> calibrationWindow() != null);
        Stage w = calibrationWindow();
        assertTrue(w.getTitle().contains(checkpoint), w.getTitle());
        RasterFigureView view =
                fx(() -> (RasterFigureView) w.getScene().getRoot().lookup(".raster-figure") != null
                        ? (RasterFigureView) w.getScene().getRoot().lookup(".raster-figure")
                        : (RasterFigureView)
                                ((javafx.scene.layout.BorderPane) w.getScene().getRoot()).getCenter());
        CalibrationFigure fig =
                (CalibrationFigure) fx(() -> view.figureProperty().get());
        String base = baseline.checkpoints.get(baseline.checkpoints.size() - 1);
        DifficultyCalibration expected = DifficultyCalibration.of(
                variant.routing.get(checkpoint), baseline.routing.get(base), variant.classNames);
        assertEquals(300, fig.calibration().images());
        // the routing tables keep latencies to 6 digits
        assertEquals(expected.spearman(), fig.calibration().spearman(), 1e-6);
        assertEquals(expected.hard(), fig.calibration().hard());
    }

    private static Stage calibrationWindow() {
        return fx(() -> {
            for (Window w : Window.getWindows()) {
                if (w instanceof Stage s
                        && s.isShowing()
                        && s.getTitle() != null
                        && s.getTitle().startsWith("Difficulty calibration")) {
                    return s;
                }
            }
            return null;
        });
    }

    private static void await(BooleanSupplier cond) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(cond::getAsBoolean));
    }

    private static <T> T fx(Callable<T> c) {
        try {
            return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
