// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.main;

import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Orientation;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** Device · threads · stage · step · images/s · ETA, the run's state, and the last message. */
public final class StatusBar extends HBox {
    private final Label state = new Label();

    public StatusBar(StatusViewModel vm) {
        getStyleClass().add("status-bar");
        state.setId("status-state");
        state.getStyleClass().add("run-state");
        state.textProperty().bind(vm.stateProperty());
        vm.stateProperty().addListener((obs, old, now) -> styleState(now));
        styleState(vm.stateProperty().get());
        Label message = new Label();
        message.setId("status-message");
        message.getStyleClass().add("status-message");
        message.textProperty().bind(vm.messageProperty());
        message.setMinWidth(0);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        getChildren()
                .addAll(
                        state,
                        item("Device", vm.deviceProperty(), "status-device"),
                        sep(),
                        item("Threads", vm.threadsProperty(), "status-threads"),
                        sep(),
                        item("Stage", vm.stageProperty(), "status-stage"),
                        sep(),
                        item("Step", vm.stepProperty(), "status-step"),
                        sep(),
                        item("Images/s", vm.speedProperty(), "status-speed"),
                        sep(),
                        item("ETA", vm.etaProperty(), "status-eta"),
                        spacer,
                        message);
    }

    private void styleState(String s) {
        state.getStyleClass().removeAll("live", "finished", "paused", "running", "failed");
        if (s != null) {
            state.getStyleClass()
                    .add(
                            switch (s) {
                                case "live", "running here" -> "live";
                                case "paused", "stopped" -> "paused";
                                case "failed" -> "failed";
                                default -> "finished";
                            });
        }
    }

    private static HBox item(String name, ObservableStringValue value, String id) {
        Label k = new Label(name);
        k.getStyleClass().add("status-key");
        Label v = new Label();
        v.setId(id);
        v.getStyleClass().add("status-value");
        v.textProperty().bind(value);
        return new HBox(4, k, v);
    }

    private static Separator sep() {
        return new Separator(Orientation.VERTICAL);
    }
}
