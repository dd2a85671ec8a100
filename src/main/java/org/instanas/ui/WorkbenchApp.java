// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui;

import java.nio.file.Path;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;

/** The workbench window (the UI is being built; see the UI packages). */
public final class WorkbenchApp extends Application {
    private static volatile Path initialRun;

    public static void launchWith(Path run) {
        initialRun = run;
        Application.launch(WorkbenchApp.class);
    }

    @Override
    public void start(Stage stage) {
        stage.setTitle("InstaNAS Workbench");
        stage.setScene(new Scene(new Label("InstaNAS Workbench" + (initialRun == null ? "" : " — " + initialRun)), 1280, 800));
        stage.show();
    }
}
