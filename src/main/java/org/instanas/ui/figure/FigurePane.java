// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.figure;

import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import org.instanas.figure.Figure;
import org.instanas.figure.FigureStyle;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * The frame of every figure pane: a header with the pane's controls and an Export… button, the
 * figure on a {@link FigureCanvas}, and a placeholder text while there is nothing to draw.
 */
public class FigurePane extends BorderPane {
    private final FigureCanvas canvas = new FigureCanvas();
    private final Label placeholder = new Label();
    private final HBox header = new HBox();
    private final Button export = new Button("Export…", new FontIcon(Material2MZ.SAVE_ALT));

    public FigurePane() {
        getStyleClass().add("figure-pane");
        header.getStyleClass().add("pane-header");
        placeholder.getStyleClass().add("placeholder");
        placeholder.setWrapText(true);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        export.setMinWidth(Region.USE_PREF_SIZE);
        header.getChildren().addAll(spacer, export);
        StackPane body = new StackPane(canvas, placeholder);
        body.getStyleClass().add("figure-body");
        placeholder.visibleProperty().bind(canvas.figureProperty().isNull());
        canvas.visibleProperty().bind(canvas.figureProperty().isNotNull());
        export.disableProperty().bind(canvas.figureProperty().isNull());
        setTop(header);
        setCenter(body);
    }

    /** Adds text or controls to the left of the header; they may shrink (text is then cut with an ellipsis). */
    public void addHeader(Node... nodes) {
        for (Node n : nodes) {
            if (n instanceof Region r) {
                r.setMinWidth(0);
                HBox.setHgrow(r, Priority.SOMETIMES);
            }
        }
        header.getChildren().addAll(header.getChildren().size() - 2, List.of(nodes));
    }

    /** Adds buttons to the right of the header, before Export…; they keep their size. */
    public void addHeaderRight(Node... nodes) {
        for (Node n : nodes) {
            if (n instanceof Region r) {
                r.setMinWidth(Region.USE_PREF_SIZE);
            }
        }
        header.getChildren().addAll(header.getChildren().size() - 1, List.of(nodes));
    }

    public Button exportButton() {
        return export;
    }

    public ObjectProperty<Figure> figureProperty() {
        return canvas.figureProperty();
    }

    public ObjectProperty<FigureStyle> figureStyleProperty() {
        return canvas.figureStyleProperty();
    }

    public StringProperty placeholderProperty() {
        return placeholder.textProperty();
    }

    public FigureCanvas canvas() {
        return canvas;
    }
}
