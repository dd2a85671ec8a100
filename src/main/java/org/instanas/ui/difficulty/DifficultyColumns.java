// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.difficulty;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.image.ImageView;
import org.instanas.figure.Draw;
import org.instanas.ui.routing.Evaluation;

/** The columns of the difficulty table: thumbnail, index, class, prediction, correct, latency, relative latency, options, entropy. */
final class DifficultyColumns {
    private static final double THUMB = 32;

    private DifficultyColumns() {}

    static List<TableColumn<ImageRow, ?>> of(DifficultyViewModel vm) {
        TableColumn<ImageRow, Integer> thumb = new TableColumn<>("");
        thumb.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().index()));
        thumb.setSortable(false);
        thumb.setPrefWidth(THUMB + 14);
        thumb.setMaxWidth(THUMB + 14);
        thumb.setCellFactory(c -> new TableCell<>() {
            private final ImageView view = new ImageView();

            {
                view.setFitWidth(THUMB);
                view.setFitHeight(THUMB);
                view.setPreserveRatio(true);
                view.setSmooth(false);
            }

            @Override
            protected void updateItem(Integer index, boolean empty) {
                super.updateItem(index, empty);
                Evaluation ev = vm.evaluation();
                if (empty || index == null || ev == null) {
                    setGraphic(null);
                } else {
                    view.setImage(ev.run().fxThumbnail(index));
                    setGraphic(view);
                }
            }
        });
        TableColumn<ImageRow, Number> index = number("#", ImageRow::index, v -> Integer.toString(v.intValue()), 56);
        TableColumn<ImageRow, String> cls = text("class", ImageRow::className, 96);
        TableColumn<ImageRow, String> pred = text("prediction", ImageRow::predictionName, 96);
        TableColumn<ImageRow, Boolean> ok = new TableColumn<>("correct");
        ok.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().correct()));
        ok.setPrefWidth(86);
        ok.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Boolean v, boolean empty) {
                super.updateItem(v, empty);
                getStyleClass().removeAll("verdict-correct", "verdict-wrong");
                if (empty || v == null) {
                    setText(null);
                } else {
                    setText(v ? "✓" : "✗");
                    getStyleClass().add(v ? "verdict-correct" : "verdict-wrong");
                }
            }
        });
        TableColumn<ImageRow, Number> lat = number(
                "latency (ms)", ImageRow::latencyMs, v -> String.format(Locale.ROOT, "%.3f", v.doubleValue()), 128);
        TableColumn<ImageRow, Number> rel = number(
                "relative",
                ImageRow::relLatency,
                v -> Double.isFinite(v.doubleValue()) ? Draw.signedPercent(v.doubleValue()) : "",
                140);
        rel.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> switch (vm.referenceProperty().get()) {
                            case CLASS_MEAN -> "vs class mean";
                            case CLASS_MEDIAN -> "vs class median";
                            case DATASET_MEAN -> "vs all images";
                            case BASELINE -> "vs MobileNetV2";
                        },
                        vm.referenceProperty()));
        TableColumn<ImageRow, Number> opts =
                number("options", ImageRow::activeOptions, v -> Integer.toString(v.intValue()), 84);
        TableColumn<ImageRow, Number> ent = number(
                "entropy (bits)", ImageRow::entropy, v -> String.format(Locale.ROOT, "%.3f", v.doubleValue()), 132);
        return List.of(thumb, index, cls, pred, ok, lat, rel, opts, ent);
    }

    private static TableColumn<ImageRow, String> text(String title, Function<ImageRow, String> f, double w) {
        TableColumn<ImageRow, String> c = new TableColumn<>(title);
        c.setCellValueFactory(x -> new ReadOnlyObjectWrapper<>(f.apply(x.getValue())));
        c.setPrefWidth(w);
        return c;
    }

    private static TableColumn<ImageRow, Number> number(
            String title, Function<ImageRow, Number> f, Function<Number, String> fmt, double w) {
        TableColumn<ImageRow, Number> c = new TableColumn<>(title);
        c.setCellValueFactory(x -> new ReadOnlyObjectWrapper<>(f.apply(x.getValue())));
        c.setComparator((a, b) -> Double.compare(a.doubleValue(), b.doubleValue()));
        c.setPrefWidth(w);
        c.setCellFactory(x -> new TableCell<>() {
            @Override
            protected void updateItem(Number v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty || v == null ? null : fmt.apply(v));
            }
        });
        c.getStyleClass().add("numeric-column");
        return c;
    }
}
