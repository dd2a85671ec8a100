// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.main;

import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.instanas.app.RoutedImages;

/**
 * The user's own images routed through the open run: one row per image (prediction, route, latency
 * and its place among the test images), and one line per file that could not be used.
 */
public final class RoutedImagesView extends VBox {
    private final TableView<RoutedImages.Image> table = new TableView<>();
    private final Label problems = new Label();
    private final Label title = new Label();
    private Stage window;

    public RoutedImagesView() {
        super(8);
        getStyleClass().add("routed-images");
        title.getStyleClass().add("pane-title");
        problems.getStyleClass().add("pane-subtitle");
        problems.setWrapText(true);
        problems.setId("routed-problems");
        table.setId("routed-images");
        table.getColumns().add(column("image", r -> r.file().getFileName().toString(), 160));
        table.getColumns().add(column("prediction", r -> r.className(), 120));
        table.getColumns()
                .add(column("confidence", r -> String.format(Locale.ROOT, "%.1f %%", 100 * r.confidence()), 90));
        table.getColumns().add(column("options", r -> Integer.toString(r.options()), 70));
        table.getColumns().add(column("latency (ms)", r -> String.format(Locale.ROOT, "%.3f", r.latencyMs()), 100));
        TableColumn<RoutedImages.Image, String> pct = column(
                "faster than",
                r -> Double.isNaN(r.percentile())
                        ? ""
                        : String.format(Locale.ROOT, "%.1f %% of the test images", r.percentile()),
                190);
        table.getColumns().add(pct);
        table.getColumns().add(column("nearest test architectures", RoutedImages.Image::nearest, 260));
        table.setPlaceholder(new Label("No image could be routed."));
        table.setRowFactory(t -> {
            TableRow<RoutedImages.Image> row = new TableRow<>();
            row.itemProperty()
                    .addListener((obs, old, now) -> row.setTooltip(now == null ? null : new Tooltip(now.arch())));
            return row;
        });
        VBox.setVgrow(table, Priority.ALWAYS);
        getChildren().addAll(title, table, problems);
        setPrefSize(1000, 360);
        setStyle("-fx-padding: 12;");
    }

    /** Shows a result. */
    public void show(RoutedImages r, String run) {
        title.setText(r.images().size() + " of your images routed through " + run);
        table.setItems(FXCollections.observableArrayList(r.images()));
        problems.setText(r.problems().isEmpty() ? "" : "Skipped:\n" + String.join("\n", r.problems()));
    }

    /** Shows this view in its own window ("Your images"), owned by the workbench's window. */
    void showWindow(Scene owner) {
        if (window == null) {
            window = new Stage();
            window.setTitle("Your images");
            Scene scene = new Scene(this);
            if (owner != null) {
                scene.getStylesheets().addAll(owner.getStylesheets());
                window.initOwner(owner.getWindow());
            }
            window.setScene(scene);
        }
        window.show();
        window.toFront();
    }

    public TableView<RoutedImages.Image> table() {
        return table;
    }

    public Label problems() {
        return problems;
    }

    private static TableColumn<RoutedImages.Image, String> column(
            String name, Function<RoutedImages.Image, String> value, double width) {
        TableColumn<RoutedImages.Image, String> c = new TableColumn<>(name);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
        c.setPrefWidth(width);
        return c;
    }
}
