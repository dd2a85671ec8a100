// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.difficulty;

import java.io.File;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.Stage;
import org.instanas.figure.CalibrationFigure;
import org.instanas.figure.Figures;
import org.instanas.run.RunDirectory;
import org.instanas.run.RunSnapshot;
import org.instanas.run.SweepPlan;
import org.instanas.run.UserException;
import org.instanas.ui.common.Controls;
import org.instanas.ui.common.FxThread;
import org.instanas.ui.routing.Evaluation;
import org.instanas.ui.routing.FigureExport;
import org.instanas.ui.routing.RasterFigureView;

/**
 * Is "hard" what the controller thinks is hard? The evaluated checkpoint's route latency against the
 * images the MobileNetV2 path trained alone gets wrong ({@link CalibrationFigure}), in a window of its
 * own with its export. The baseline is the sweep's when the run belongs to one; else the user picks
 * an evaluated run trained with {@code --fixed-arch mbv2} on the same test images.
 */
public final class CalibrationWindow {
    private CalibrationWindow() {}

    /** Builds the figure (on {@code background}) and shows it; problems go to {@code status}. */
    public static void show(Node owner, Evaluation ev, Executor background, Consumer<String> status) {
        if (ev == null) {
            return;
        }
        Path run = ev.run().dir().root();
        Path baseline = SweepPlan.baselineOf(run);
        if (baseline == null) {
            DirectoryChooser dc = new DirectoryChooser();
            dc.setTitle("The MobileNetV2 path trained alone (an evaluated run) to calibrate against");
            File f = dc.showDialog(owner.getScene().getWindow());
            if (f == null) {
                return;
            }
            baseline = f.toPath();
        }
        Path b = baseline;
        status.accept("Comparing " + ev.checkpoint() + " with " + b.getFileName() + " …");
        CompletableFuture.supplyAsync(
                        () -> {
                            RunDirectory d = new RunDirectory(b);
                            if (!d.exists()) {
                                throw new CompletionException(new UserException(b + ": not a run directory"));
                            }
                            CalibrationFigure fig = Figures.calibration(
                                    ev.run().snapshot(),
                                    ev.checkpoint(),
                                    RunSnapshot.load(d),
                                    ev.run().classNames());
                            if (fig == null) {
                                throw new CompletionException(new UserException(b.getFileName()
                                        + " has no evaluation on the same test images (evaluate it first)"));
                            }
                            return fig;
                        },
                        background)
                .whenComplete((fig, err) -> FxThread.execute(() -> {
                    if (err != null) {
                        Throwable c = err.getCause() != null ? err.getCause() : err;
                        status.accept("Calibration: " + c.getMessage());
                        return;
                    }
                    status.accept("");
                    open(owner, ev, fig, background);
                }));
    }

    private static void open(Node owner, Evaluation ev, CalibrationFigure fig, Executor background) {
        RasterFigureView view = new RasterFigureView();
        Controls.followTheme(view.figureStyleProperty());
        view.figureProperty().set(fig);
        view.setPrefSize(fig.preferredWidth() * 1.3, fig.preferredHeight() * 1.3);
        Label note = new Label();
        note.getStyleClass().add("form-message");
        note.setWrapText(true);
        var export = FigureExport.button(() -> fig, ev::run, background, note::setText);
        export.setId("calibration-export");
        HBox foot = Controls.header(new Node[] {note}, export);
        BorderPane root = new BorderPane(view);
        root.setBottom(foot);
        root.getStyleClass().add("routing-pane");
        Scene scene = new Scene(root);
        scene.getStylesheets().add(Controls.stylesheet());
        if (owner.getScene() != null) {
            scene.getStylesheets().addAll(owner.getScene().getStylesheets());
        }
        Stage stage = new Stage();
        stage.setTitle("Difficulty calibration · " + ev.run().runName() + " · " + ev.checkpoint());
        stage.initOwner(owner.getScene().getWindow());
        stage.setScene(scene);
        stage.show();
    }
}
