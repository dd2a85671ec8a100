// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.routing;

import java.util.concurrent.Executor;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.util.StringConverter;
import org.instanas.figure.FigureStyle;
import org.instanas.ui.main.Theme;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;

/** Small builders shared by the routing panes. */
public final class Ui {
    private Ui() {}

    /** Delivers background results on the FX thread. */
    public static final Executor FX = Platform::runLater;

    public static String stylesheet() {
        return Ui.class.getResource("/ui/routing.css").toExternalForm();
    }

    public static Button button(String text, Ikon icon, String tip) {
        Button b = new Button(text, new FontIcon(icon));
        if (tip != null) {
            b.setTooltip(new Tooltip(tip));
        }
        return b;
    }

    public static Label caption(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("control-caption");
        return l;
    }

    /** A header row: the nodes, then a spacer, then the trailing nodes (export buttons). */
    public static HBox header(Node[] leading, Node... trailing) {
        HBox h = new HBox();
        h.getStyleClass().addAll("pane-header", "routing-header");
        h.getChildren().addAll(leading);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        h.getChildren().add(spacer);
        h.getChildren().addAll(trailing);
        return h;
    }

    /** The evaluated checkpoints, newest first, each described by accuracy and latency. */
    public static ComboBox<String> checkpointBox(EvaluationChoice choice) {
        ComboBox<String> box = new ComboBox<>(choice.checkpoints());
        box.getStyleClass().add("checkpoint-box");
        box.valueProperty().bindBidirectional(choice.checkpointProperty());
        box.setConverter(new StringConverter<>() {
            @Override
            public String toString(String cp) {
                return cp == null ? "" : cp;
            }

            @Override
            public String fromString(String s) {
                return s;
            }
        });
        box.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(String cp, boolean empty) {
                super.updateItem(cp, empty);
                setText(empty || cp == null ? null : choice.describe(cp));
            }
        });
        box.setTooltip(new Tooltip("Evaluated checkpoint (newest first)"));
        box.disableProperty().bind(Bindings.isEmpty(choice.checkpoints()));
        return box;
    }

    /** Keeps a figure style in step with the light/dark theme. */
    public static void followTheme(ObjectProperty<FigureStyle> style) {
        style.bind(Bindings.createObjectBinding(Theme::figureStyle, Theme.darkProperty()));
    }

    /** The figure style of the current theme. */
    public static FigureStyle figureStyle() {
        return Theme.figureStyle();
    }

    /** Runs the action now when on the FX thread, else later on it. */
    /** Makes the check box list show {@code items} with exactly the {@code shown} class labels checked. */
    public static void syncChecks(
            org.controlsfx.control.CheckComboBox<ClassItem> box,
            java.util.List<ClassItem> items,
            java.util.Collection<Integer> shown) {
        if (!box.getItems().equals(items)) {
            box.getItems().setAll(items);
        }
        for (ClassItem c : items) {
            boolean on = shown.contains(c.label());
            if (on != box.getCheckModel().isChecked(c)) {
                if (on) {
                    box.getCheckModel().check(c);
                } else {
                    box.getCheckModel().clearCheck(c);
                }
            }
        }
    }

    /** A display-only converter for choice boxes and combo boxes: {@code f} names an item, null shows as empty. */
    public static <T> StringConverter<T> converter(java.util.function.Function<T, String> f) {
        return new StringConverter<>() {
            @Override
            public String toString(T t) {
                return t == null ? "" : f.apply(t);
            }

            @Override
            public T fromString(String s) {
                return null;
            }
        };
    }

    public static void onFx(Runnable r) {
        if (Platform.isFxApplicationThread()) {
            r.run();
        } else {
            Platform.runLater(r);
        }
    }
}
