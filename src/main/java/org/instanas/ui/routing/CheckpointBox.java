// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.routing;

import javafx.beans.binding.Bindings;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListCell;
import javafx.scene.control.Tooltip;
import javafx.util.StringConverter;

/** The checkpoint chooser of the routing panes. */
public final class CheckpointBox {
    private CheckpointBox() {}

    /** The evaluated checkpoints, newest first, each described by accuracy and latency. */
    public static ComboBox<String> of(EvaluationChoice choice) {
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
}
