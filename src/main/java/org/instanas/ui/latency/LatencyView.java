// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.latency;

import javafx.css.PseudoClass;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;
import org.instanas.ui.figure.FigurePane;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2MZ;

/** The latency pane: heatmap, summary, measurement conditions and a Re-profile action. */
public final class LatencyView extends FigurePane {
    private static final PseudoClass WARNING = PseudoClass.getPseudoClass("warning");
    private final Button reprofile = new Button("Re-profile", new FontIcon(Material2MZ.TIMER));

    public LatencyView(LatencyViewModel vm, Runnable onReprofile) {
        getStyleClass().add("latency-view");
        Label summary = new Label();
        summary.getStyleClass().add("pane-title");
        summary.textProperty().bind(vm.summaryProperty());
        Label on = new Label();
        on.getStyleClass().add("pane-subtitle");
        on.textProperty().bind(vm.measuredOnProperty());
        Label check = new Label();
        check.getStyleClass().add("pane-subtitle");
        check.setId("latency-check");
        check.setWrapText(true);
        check.textProperty().bind(vm.checkProperty());
        check.setTooltip(new Tooltip("Whole architectures of every density timed at batch 1 against the sum of their "
                + "table entries; the reward ranks architectures by the table, so its rank correlation with the "
                + "clock matters most"));
        vm.trustworthyProperty().addListener((obs, old, now) -> check.pseudoClassStateChanged(WARNING, !now));
        check.pseudoClassStateChanged(WARNING, !vm.trustworthyProperty().get());
        VBox text = new VBox(2, summary, on, check);
        summary.setMinWidth(0);
        on.setMinWidth(0);
        check.setMinWidth(0);
        reprofile.setOnAction(e -> onReprofile.run());
        reprofile.getStyleClass().add("header-button");
        reprofile.setTooltip(new Tooltip("Measure the table again on this machine (the profile stage)"));
        addHeader(text);
        addHeaderRight(reprofile);
        figureProperty().bind(vm.figureProperty());
        placeholderProperty().bind(vm.placeholderProperty());
    }

    public Button reprofileButton() {
        return reprofile;
    }
}
