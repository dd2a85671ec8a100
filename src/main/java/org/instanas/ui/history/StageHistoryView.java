// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.history;

import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.css.PseudoClass;
import javafx.geometry.Orientation;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.BorderPane;

/** Every stage run of the open run, newest last; the selected one's command, machine and settings below. */
public final class StageHistoryView extends BorderPane {
    private final TableView<StageHistoryViewModel.Row> table = new TableView<>();
    private final TextArea details = new TextArea();

    public StageHistoryView(StageHistoryViewModel vm) {
        getStyleClass().add("stage-history");
        table.setItems(vm.rows());
        Label placeholder = new Label();
        placeholder.textProperty().bind(vm.placeholderProperty());
        table.setPlaceholder(placeholder);
        table.getColumns().add(column("Stage", 90, StageHistoryViewModel.Row::stage));
        table.getColumns().add(column("Started", 130, StageHistoryViewModel.Row::started));
        table.getColumns().add(column("Duration", 90, StageHistoryViewModel.Row::duration));
        table.getColumns().add(column("Ended", 90, StageHistoryViewModel.Row::status));
        table.getColumns().add(column("Steps", 60, StageHistoryViewModel.Row::steps));
        table.getColumns().add(column("How", 150, StageHistoryViewModel.Row::how));
        table.getColumns().add(column("Changed (resume, steering)", 260, StageHistoryViewModel.Row::changes));
        table.getColumns().add(column("Kernels", 70, StageHistoryViewModel.Row::kernels));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(StageHistoryViewModel.Row r, boolean empty) {
                super.updateItem(r, empty);
                for (String s : new String[] {"failed", "killed", "running", "cancelled"}) {
                    pseudoClassStateChanged(PseudoClass.getPseudoClass(s), !empty && r != null && s.equals(r.status()));
                }
            }
        });
        details.setEditable(false);
        details.getStyleClass().add("monospace");
        details.setStyle("-fx-font-family: monospace;");
        details.setPromptText("Select a stage to see the command, the machine and every setting it ran with.");
        table.getSelectionModel()
                .selectedItemProperty()
                .addListener((obs, was, row) -> details.setText(row == null ? "" : row.details()));
        SplitPane split = new SplitPane(table, details);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.45);
        setCenter(split);
    }

    public TableView<StageHistoryViewModel.Row> table() {
        return table;
    }

    public TextArea details() {
        return details;
    }

    private static TableColumn<StageHistoryViewModel.Row, String> column(
            String title, double width, Function<StageHistoryViewModel.Row, String> value) {
        TableColumn<StageHistoryViewModel.Row, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        c.setSortable(false);
        return c;
    }
}
