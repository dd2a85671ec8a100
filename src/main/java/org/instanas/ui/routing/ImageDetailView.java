// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.routing;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.image.ImageView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.instanas.run.RoutingRow;
import org.instanas.ui.common.Controls;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;

/**
 * The side panel of one image: the picture, its class and prediction, its latency against its class
 * and against the MobileNetV2 path, and its architecture as the 17 × 5 grid shaded by the controller's
 * probabilities; below it, the route made editable to ask what another route would do ({@link WhatIfPanel}).
 */
public final class ImageDetailView extends StackPane {
    private final ImageView image = new ImageView();
    private final Label title = new Label();
    private final Label correct = new Label();
    private final GridPane facts = new GridPane();
    private final RasterFigureView arch = new RasterFigureView();
    private final Label certainty = new Label();
    private final Label bits = new Label();
    private final WhatIfPanel whatIf = new WhatIfPanel();
    private final VBox content;
    private final ScrollPane scroll;
    private final Label empty = new Label("Select an image to see its architecture.");
    private RoutingRow shown;

    public ImageDetailView() {
        getStyleClass().add("image-detail");
        image.setSmooth(false);
        image.setPreserveRatio(true);
        image.setFitWidth(112);
        image.setFitHeight(112);
        image.getStyleClass().add("detail-image");
        title.getStyleClass().add("detail-title");
        facts.getStyleClass().add("detail-facts");
        VBox head = new VBox(4, title, correct, facts);
        HBox top = new HBox(12, new StackPane(image), head);
        top.setAlignment(Pos.TOP_LEFT);
        Controls.followTheme(arch.figureStyleProperty());
        arch.setPrefSize(320, 250);
        arch.setMinHeight(180);
        VBox.setVgrow(arch, Priority.ALWAYS);
        certainty.getStyleClass().add("detail-note");
        certainty.setWrapText(true);
        bits.getStyleClass().add("arch-bits");
        content = new VBox(8, top, arch, certainty, bits, whatIf);
        content.getStyleClass().add("detail-content");
        scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add("detail-scroll");
        empty.getStyleClass().add("placeholder");
        empty.setWrapText(true);
        getChildren().addAll(scroll, empty);
        clear();
    }

    public void show(Evaluation ev, RoutingRow r) {
        if (ev == null || r == null) {
            clear();
            return;
        }
        shown = r;
        ImageFacts f = ImageFacts.of(ev, r);
        image.setImage(ev.run().fxThumbnail(r.index()));
        title.setText("Test image #" + f.index() + " · " + f.className());
        correct.setText(f.correct() ? "predicted correctly" : "predicted " + f.predictionName());
        correct.setGraphic(new FontIcon(f.correct() ? Material2AL.CHECK_CIRCLE : Material2AL.ERROR_OUTLINE));
        correct.getStyleClass().setAll("label", f.correct() ? "verdict-correct" : "verdict-wrong");
        facts.getChildren().clear();
        int row = 0;
        row = fact(row, "Latency", f.latencyText());
        row = fact(row, "vs class mean", f.relText());
        row = fact(row, "vs MobileNetV2 path", f.vsBaselineText());
        row = fact(row, "Measured", f.measuredText());
        fact(row, "Options", f.optionsText());
        arch.figureProperty().set(ImageFacts.figure(ev, r));
        certainty.setText("Controller: " + f.certaintyText());
        bits.setText(ImageFacts.grouped(f.arch()));
        whatIf.show(ev, r);
        scroll.setVisible(true);
        empty.setVisible(false);
    }

    private int fact(int row, String name, String value) {
        Label n = new Label(name);
        n.getStyleClass().add("fact-name");
        Label v = new Label(value);
        v.getStyleClass().add("fact-value");
        facts.addRow(row, n, v);
        return row + 1;
    }

    public void clear() {
        shown = null;
        arch.figureProperty().set(null);
        image.setImage(null);
        whatIf.show(null, null);
        scroll.setVisible(false);
        empty.setVisible(true);
    }

    /** The what-if editor of the image's route. */
    public WhatIfPanel whatIf() {
        return whatIf;
    }

    /** The image shown, or null. */
    public RoutingRow shown() {
        return shown;
    }

    public void setEmptyText(String s) {
        empty.setText(s);
    }
}
