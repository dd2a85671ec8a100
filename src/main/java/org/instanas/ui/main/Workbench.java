// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.main;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.instanas.app.RecentRuns;
import org.instanas.app.RunService;
import org.instanas.ui.common.Theme;
import org.instanas.ui.export.ExportDialog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the workbench on a stage: builds the view-models over the given services, the window, its
 * close handling (confirm, stop the running stage at a step boundary, then close), and opens the
 * given run or the bundled sample project. Used by {@link org.instanas.ui.WorkbenchApp} and by tests.
 */
public final class Workbench {
    private static final Logger LOG = LoggerFactory.getLogger(Workbench.class);

    /** How long closing the window waits for a running stage to reach a step boundary. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final Stage stage;
    private final MainViewModel vm;
    private final MainView view;
    private final ExecutorService io;
    private final ExecutorService curvesBuilder;
    private final ExecutorService explainer;
    private final PulseMonitor pulses = new PulseMonitor();

    private Workbench(Stage stage, RunService runs, RecentRuns recent) {
        this.stage = stage;
        this.io = Executors.newSingleThreadExecutor(r -> daemon(r, "instanas-io"));
        this.curvesBuilder = Executors.newSingleThreadExecutor(r -> daemon(r, "instanas-curves"));
        this.explainer = Executors.newSingleThreadExecutor(r -> daemon(r, "instanas-explain"));
        this.vm = new MainViewModel(runs, recent, io, curvesBuilder);
        ExportDialog export = new ExportDialog(stage, vm);
        this.view = new MainView(vm, pulses, explainer, export::curves, export::latency, export::usage);
        vm.setDialogs(new FxDialogs(stage));
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        Scene scene =
                new Scene(view, Math.min(1440, screen.getWidth() * 0.95), Math.min(900, screen.getHeight() * 0.95));
        scene.getStylesheets().add(Theme.stylesheet());
        stage.setScene(scene);
        stage.titleProperty().bind(vm.titleProperty());
        stage.setMinWidth(960);
        stage.setMinHeight(600);
        stage.setOnCloseRequest(e -> {
            if (vm.busyProperty().get()) {
                e.consume();
                confirmAndClose();
            } else {
                dispose();
            }
        });
        pulses.start();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * Shows the window on {@code run}; when null, on the shipped finished demo run (read-only) with the
     * bundled sample project in the new-run form.
     */
    public static Workbench show(Stage stage, RunService runs, RecentRuns recent, Path run) {
        Workbench w = new Workbench(stage, runs, recent);
        if (run == null) {
            w.vm.openFirstStart();
            w.view.showNewRunForm();
        } else {
            w.vm.newRun().loadSampleProject();
            w.vm.openRun(run);
        }
        stage.show();
        return w;
    }

    public MainViewModel viewModel() {
        return vm;
    }

    public MainView view() {
        return view;
    }

    public PulseMonitor pulses() {
        return pulses;
    }

    private void confirmAndClose() {
        Alert a = new Alert(
                Alert.AlertType.CONFIRMATION,
                "A stage is running. Stop it at the next step and close? The run stays resumable.",
                ButtonType.OK,
                ButtonType.CANCEL);
        a.initOwner(stage);
        a.setHeaderText("Stop the running stage?");
        a.getDialogPane().getStylesheets().add(Theme.stylesheet());
        a.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> {
            view.setDisable(true);
            vm.status().setMessage("Stopping at the next step…");
            Thread t = new Thread(
                    () -> {
                        boolean stopped = vm.stopRunning(STOP_TIMEOUT);
                        if (!stopped) {
                            LOG.warn("the stage did not stop within {} s; closing anyway", STOP_TIMEOUT.toSeconds());
                        }
                        Platform.runLater(() -> {
                            dispose();
                            stage.close();
                        });
                    },
                    "instanas-close");
            t.setDaemon(true);
            t.start();
        });
    }

    /** Stops timers and watchers (FX thread; the engine executor belongs to the caller). */
    public void dispose() {
        view.stopTimer();
        pulses.stop();
        vm.dispose();
        io.shutdownNow();
        curvesBuilder.shutdownNow();
        explainer.shutdownNow();
    }
}
