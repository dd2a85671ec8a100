// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import org.instanas.app.AppPaths;
import org.instanas.app.EngineExecutor;
import org.instanas.app.FakeStageRunner;
import org.instanas.app.RecentRuns;
import org.instanas.app.RunService;
import org.instanas.app.ShippedDemo;
import org.instanas.testutil.ShippedDemoCopy;
import org.instanas.ui.common.Theme;
import org.instanas.ui.curves.CurvesViewModel;
import org.instanas.ui.main.Workbench;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The finished demo run (pretrain → search → finetune → evaluate, the real shipped one) opens on its
 * search's curves: the reward, accuracy and latency with the window, not the fine-tuning's loss.
 */
@ExtendWith(ApplicationExtension.class)
class FinishedRunUiTest {
    static {
        System.setProperty("headless.geometry", "1440x900-32");
    }

    private Path tmp;
    private EngineExecutor engine;
    private Workbench wb;

    @Start
    void start(Stage stage) throws Exception {
        tmp = Files.createTempDirectory("instanas-finished");
        System.setProperty(AppPaths.HOME_PROPERTY, tmp.resolve("home").toString());
        Path demo = ShippedDemoCopy.to(tmp.resolve("samples").resolve("demo-run"));
        System.setProperty(ShippedDemo.PROPERTY, demo.toString());
        Theme.apply(false);
        engine = new EngineExecutor();
        wb = Workbench.show(
                stage,
                new RunService(engine, new FakeStageRunner(100, 5)),
                new RecentRuns(tmp.resolve("recent.json")),
                null);
    }

    @AfterEach
    void tearDown() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> wb.dispose()).get(10, TimeUnit.SECONDS);
        engine.shutdown(Duration.ofSeconds(10));
        System.clearProperty(AppPaths.HOME_PROPERTY);
        System.clearProperty(ShippedDemo.PROPERTY);
    }

    @Test
    void theFinishedDemoRunOpensOnTheSearchsCurves(FxRobot robot) throws Exception {
        CurvesViewModel curves = wb.viewModel().curves();
        WorkbenchUiTest.await(() -> curves.built() != null && curves.built().chart() != null);
        // a first start shows the new-run form beside the shipped run; its curves are one click away
        robot.clickOn("Reward curves");
        WorkbenchUiTest.await(() -> robot.lookup(".tab-pane").queryAllAs(TabPane.class).stream()
                .map(t -> t.getSelectionModel().getSelectedItem())
                .anyMatch(t -> t != null && "Reward curves".equals(t.getText())));
        assertEquals(CurvesViewModel.CURRENT_STAGE, curves.stageProperty().get());
        assertEquals("search", curves.shownStageProperty().get());
        ComboBox<?> stage = robot.lookup("#curves-stage").queryAs(ComboBox.class);
        WorkbenchUiTest.await(
                () -> "current stage: search".equals(stage.getButtonCell().getText()));
        List<String> panels = ((CombinedDomainXYPlot) curves.built().chart().getPlot())
                .getSubplots().stream()
                        .map(p -> ((XYPlot) p).getRangeAxis().getLabel().split(" ")[0])
                        .toList();
        assertTrue(panels.containsAll(List.of("reward", "accuracy", "latency")), panels.toString());

        // the other stages stay one choice away
        robot.interact(() -> curves.stageProperty().set("finetune"));
        WorkbenchUiTest.await(
                () -> "finetune".equals(curves.shownStageProperty().get()));
    }
}
