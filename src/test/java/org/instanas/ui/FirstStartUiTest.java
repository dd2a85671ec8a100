// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.stage.Stage;
import org.instanas.app.AppPaths;
import org.instanas.app.EngineExecutor;
import org.instanas.app.FakeStageRunner;
import org.instanas.app.RecentRuns;
import org.instanas.app.RunService;
import org.instanas.app.ShippedDemo;
import org.instanas.testutil.FakeRun;
import org.instanas.ui.common.Theme;
import org.instanas.ui.main.Workbench;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** A first start opens the shipped finished demo run read-only; a stage started on it runs on a copy. */
@ExtendWith(ApplicationExtension.class)
class FirstStartUiTest {
    static {
        System.setProperty("headless.geometry", "1440x900-32");
    }

    private Path tmp;
    private FakeRun shipped;
    private EngineExecutor engine;
    private Workbench wb;

    @Start
    void start(Stage stage) throws Exception {
        tmp = Files.createTempDirectory("instanas-first");
        System.setProperty(AppPaths.HOME_PROPERTY, tmp.resolve("home").toString());
        shipped = FakeRun.create(tmp.resolve("samples").resolve("demo-run"), 120, 4, 60, 2, 3);
        System.setProperty(ShippedDemo.PROPERTY, shipped.root.toString());
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
    void theShippedDemoRunIsOpenAndAStageStartedOnItRunsOnACopy(FxRobot robot) throws Exception {
        assertEquals(
                shipped.root.toAbsolutePath().normalize(),
                wb.viewModel().watcherProperty().get().root());
        assertTrue(
                wb.viewModel().titleProperty().get().contains("read-only"),
                wb.viewModel().titleProperty().get());
        robot.clickOn("Latency table");
        WorkbenchUiTest.await(() -> wb.viewModel().latency().figureProperty().get() != null);
        List<String> before = files(shipped.root);

        robot.interact(() -> assertNotNull(wb.viewModel().startStage(org.instanas.run.Stage.EVALUATE)));
        Path copy = wb.viewModel().watcherProperty().get().root();
        assertNotEquals(shipped.root.toAbsolutePath().normalize(), copy);
        assertTrue(copy.startsWith(AppPaths.runs()), copy.toString());
        assertTrue(Files.isRegularFile(copy.resolve("run.json")));
        WorkbenchUiTest.await(() -> wb.viewModel().runService().running() == null);
        assertEquals(before, files(shipped.root), "nothing was written into the shipped run");
    }

    private static List<String> files(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p) + ":" + p.toFile().length())
                    .sorted()
                    .toList();
        }
    }
}
