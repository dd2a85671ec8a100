// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.main;

import java.nio.file.Path;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.instanas.run.RunConfig;
import org.instanas.run.RunDirectory;
import org.instanas.run.RunInfo;
import org.instanas.run.SweepPlan;
import org.instanas.ui.common.Controls;
import org.instanas.ui.common.Theme;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * The settings of a sweep of reward windows (the paper's variants A–E) from the open run, in a small
 * window of its own: the UB-end settings, one variant each, and the search and fine-tuning epochs of
 * every variant (the MobileNetV2 path trained alone gets their sum with the pretraining's). A sweep
 * that exists is continued when the settings are left empty.
 */
final class SweepWindow {
    /**
     * Five variants, like the paper's A–E; the lowest stays above LB / MobileNetV2 path of a tiny table
     * (0.406 on the table of docs/results.md), where 0.35 would leave an empty window.
     */
    static final String DEFAULT_SETTINGS = "0.95, 0.8, 0.65, 0.5, 0.45";

    private SweepWindow() {}

    static void show(Window owner, MainViewModel vm) {
        Path source = vm.sweepSource();
        if (source == null) {
            vm.dialogs().info("No run open", "Open the pretrained run to sweep from first.");
            return;
        }
        RunConfig cfg = RunConfig.fromMap(
                RunInfo.read(new RunDirectory(source).runJson()).config());
        boolean exists = SweepPlan.read(SweepPlan.folderOf(source)) != null;
        // a sweep that exists: its variants' own epochs (the first member that has a run)
        for (Path member : SweepPlan.members(SweepPlan.folderOf(source)).values()) {
            RunConfig m = RunConfig.fromMap(
                    RunInfo.read(new RunDirectory(member).runJson()).config());
            if (!m.hasFixedArch()) {
                cfg = m;
                break;
            }
        }
        TextField settings = new TextField(exists ? "" : DEFAULT_SETTINGS);
        settings.setId("sweep-settings");
        settings.setPromptText(exists ? "empty: continue the sweep" : DEFAULT_SETTINGS);
        settings.setPrefColumnCount(24);
        TextField search = new TextField(String.valueOf(Math.max(1, cfg.searchEpochs)));
        search.setId("sweep-search-epochs");
        search.setPrefColumnCount(4);
        TextField finetune = new TextField(String.valueOf(Math.max(1, cfg.finetuneEpochs)));
        finetune.setId("sweep-finetune-epochs");
        finetune.setPrefColumnCount(4);
        Label problem = new Label();
        problem.setId("sweep-problem");
        problem.getStyleClass().add("field-error");
        problem.setWrapText(true);
        problem.setMaxWidth(460);
        Button start = Controls.button(
                "Start sweep",
                Material2MZ.PLAY_ARROW,
                "One search per setting, each fine-tuned and evaluated, "
                        + "and the MobileNetV2 path trained alone, in "
                        + SweepPlan.folderOf(source).getFileName());
        start.setId("sweep-start");
        start.setDefaultButton(true);

        GridPane g = new GridPane();
        g.setHgap(10);
        g.setVgap(8);
        g.setPadding(new Insets(14));
        Label from = new Label("From " + source.getFileName() + " (its newest pretraining and latency table)"
                + (exists ? "; its sweep exists: leave the settings empty to continue it" : ""));
        from.setWrapText(true);
        from.setMaxWidth(460);
        g.add(from, 0, 0, 2, 1);
        g.addRow(1, new Label("UB end, × MobileNetV2 path"), settings);
        g.addRow(2, new Label("Search epochs per variant"), search);
        g.addRow(3, new Label("Fine-tuning epochs per variant"), finetune);
        g.add(problem, 0, 4, 2, 1);
        g.add(start, 1, 5);

        Stage stage = new Stage();
        stage.initOwner(owner);
        stage.setTitle("Sweep of reward windows — " + source.getFileName());
        Scene scene = new Scene(g);
        scene.getStylesheets().addAll(Theme.stylesheet(), Controls.stylesheet());
        stage.setScene(scene);
        start.setOnAction(e -> {
            String p = vm.startSweep(settings.getText(), search.getText(), finetune.getText());
            if (p == null) {
                stage.close();
            } else {
                problem.setText(p);
            }
        });
        stage.show();
    }
}
