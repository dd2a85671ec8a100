// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.common;

import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.util.StringConverter;
import org.controlsfx.control.CheckComboBox;
import org.instanas.figure.FigureStyle;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;

/** Small builders of controls shared by the panes: buttons, captions, header rows, converters, the theme. */
public final class Controls {
    private Controls() {}

    public static String stylesheet() {
        return Controls.class.getResource("/ui/routing.css").toExternalForm();
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

    /** Keeps a figure style in step with the light/dark theme. */
    public static void followTheme(ObjectProperty<FigureStyle> style) {
        style.bind(Bindings.createObjectBinding(Theme::figureStyle, Theme.darkProperty()));
    }

    /** The figure style of the current theme. */
    public static FigureStyle figureStyle() {
        return Theme.figureStyle();
    }

    /** Makes the check box list show {@code items} with exactly the {@code shown} class labels checked. */
    public static void syncChecks(CheckComboBox<ClassItem> box, List<ClassItem> items, Collection<Integer> shown) {
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
    public static <T> StringConverter<T> converter(Function<T, String> f) {
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
}
