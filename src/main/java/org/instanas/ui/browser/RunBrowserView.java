// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.browser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.collections.ObservableList;
import javafx.css.PseudoClass;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.instanas.app.RecentRuns;
import org.instanas.run.SweepPlan;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/** Recent runs (double-click or Enter opens one), "Open run directory…" and "New run…". */
public final class RunBrowserView extends VBox {
    private final ListView<RecentRuns.Entry> list = new ListView<>();

    public RunBrowserView(
            ObservableList<RecentRuns.Entry> recent,
            Consumer<RecentRuns.Entry> open,
            Runnable openDirectory,
            Runnable newRun) {
        getStyleClass().add("run-browser");
        Button openBtn = new Button("Open run directory…", new FontIcon(Material2AL.FOLDER_OPEN));
        openBtn.setOnAction(e -> openDirectory.run());
        openBtn.setMaxWidth(Double.MAX_VALUE);
        Button newBtn = new Button("New run…", new FontIcon(Material2MZ.PLAYLIST_ADD));
        newBtn.setOnAction(e -> newRun.run());
        newBtn.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(openBtn, Priority.ALWAYS);
        HBox.setHgrow(newBtn, Priority.ALWAYS);
        HBox buttons = new HBox(6, openBtn, newBtn);
        Label heading = new Label("Recent runs");
        heading.getStyleClass().add("section-title");
        list.setItems(recent);
        list.setPlaceholder(new Label("No runs yet.\nOpen a run directory or start the demo."));
        list.setCellFactory(v -> new EntryCell());
        list.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY
                    && e.getClickCount() == 2
                    && list.getSelectionModel().getSelectedItem() != null) {
                open.accept(list.getSelectionModel().getSelectedItem());
            }
        });
        list.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER && list.getSelectionModel().getSelectedItem() != null) {
                open.accept(list.getSelectionModel().getSelectedItem());
            }
        });
        VBox.setVgrow(list, Priority.ALWAYS);
        getChildren().addAll(buttons, heading, list);
    }

    public ListView<RecentRuns.Entry> list() {
        return list;
    }

    private static final class EntryCell extends ListCell<RecentRuns.Entry> {
        private final Label name = new Label();
        private final Label path = new Label();
        private final VBox box = new VBox(1, name, path);

        EntryCell() {
            name.getStyleClass().add("run-name");
            path.getStyleClass().add("run-path");
        }

        @Override
        protected void updateItem(RecentRuns.Entry e, boolean empty) {
            super.updateItem(e, empty);
            if (empty || e == null) {
                setGraphic(null);
                return;
            }
            // a run of a sweep says so: its variants pane shows the whole sweep
            Path sweep = SweepPlan.sweepOf(e.dir());
            name.setText(sweep == null ? e.name() : e.name() + "  ·  sweep " + sweep.getFileName());
            path.setText(e.path());
            boolean gone = !Files.isDirectory(e.dir());
            pseudoClassStateChanged(PseudoClass.getPseudoClass("missing"), gone);
            setGraphic(box);
        }
    }
}
