// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui;

import java.nio.file.Path;
import java.time.Duration;
import javafx.application.Application;
import javafx.stage.Stage;
import org.instanas.app.EngineExecutor;
import org.instanas.app.RecentRuns;
import org.instanas.app.RunService;
import org.instanas.app.StageRunner;
import org.instanas.ui.common.Theme;
import org.instanas.ui.main.Workbench;

/**
 * The workbench window. With no run it opens the bundled sample project (preset tiny, the sample
 * data, a fresh folder under the runs folder) ready for Run demo; with a run directory it opens that
 * run, live or finished. Stages run on the one engine thread ({@link EngineExecutor}).
 */
public final class WorkbenchApp extends Application {
    private static volatile Path initialRun;
    private EngineExecutor engine;
    private Workbench workbench;

    public static void launchWith(Path run) {
        initialRun = run;
        Application.launch(WorkbenchApp.class);
    }

    @Override
    public void start(Stage stage) {
        Theme.apply(false);
        engine = new EngineExecutor();
        workbench =
                Workbench.show(stage, new RunService(engine, StageRunner.PIPELINE), RecentRuns.standard(), initialRun);
    }

    @Override
    public void stop() {
        if (workbench != null) {
            workbench.dispose();
        }
        if (engine != null) {
            engine.shutdown(Duration.ofSeconds(60));
        }
    }
}
