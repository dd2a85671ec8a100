// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.usage;

import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.instanas.ui.figure.FigurePane;

/** The option-usage pane: heatmap, a slider over evaluated checkpoints, and a small-multiples toggle. */
public final class UsageView extends FigurePane {
    private final Slider slider = new Slider(0, 0, 0);

    public UsageView(UsageViewModel vm) {
        getStyleClass().add("usage-view");
        Label caption = new Label();
        caption.getStyleClass().add("pane-title");
        caption.textProperty().bind(vm.captionProperty());
        Label which = new Label("Checkpoint");
        which.getStyleClass().add("pane-subtitle");
        slider.setMajorTickUnit(1);
        slider.setMinorTickCount(0);
        slider.setSnapToTicks(true);
        slider.setShowTickMarks(true);
        slider.setPrefWidth(260);
        slider.getStyleClass().add("epoch-slider");
        vm.evaluations().addListener((ListChangeListener<String>)
                c -> slider.setMax(Math.max(0, vm.evaluations().size() - 1)));
        slider.valueProperty()
                .addListener((obs, old, now) -> vm.indexProperty().set((int) Math.round(now.doubleValue())));
        vm.indexProperty().addListener((obs, old, now) -> slider.setValue(now.intValue()));
        ToggleButton epochs = new ToggleButton("Over epochs");
        epochs.selectedProperty().bindBidirectional(vm.overEpochsProperty());
        slider.disableProperty()
                .bind(epochs.selectedProperty()
                        .or(Bindings.size(vm.evaluations()).lessThan(2)));
        Label position = new Label();
        position.getStyleClass().add("pane-subtitle");
        position.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> vm.evaluations().isEmpty()
                                ? ""
                                : (Math.max(
                                                        0,
                                                        Math.min(
                                                                vm.evaluations().size() - 1,
                                                                vm.indexProperty()
                                                                        .get()))
                                                + 1) + " of " + vm.evaluations().size(),
                        vm.indexProperty(),
                        vm.evaluations()));
        HBox controls = new HBox(8, which, slider, position, epochs);
        controls.setAlignment(Pos.CENTER_LEFT);
        controls.getStyleClass().add("header-controls");
        caption.setMinWidth(0);
        addHeader(new VBox(4, caption, controls));
        figureProperty().bind(vm.figureProperty());
        placeholderProperty().bind(vm.placeholderProperty());
    }
}
