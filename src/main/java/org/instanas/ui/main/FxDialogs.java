// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.main;

import java.io.PrintWriter;
import java.io.StringWriter;
import javafx.scene.control.Alert;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.instanas.ui.common.Theme;

/** Non-blocking alerts owned by the window; an unexpected error carries its stack trace as details. */
public final class FxDialogs implements Dialogs {
    private final Window owner;

    public FxDialogs(Window owner) {
        this.owner = owner;
    }

    @Override
    public void error(String title, String message, Throwable cause) {
        Alert a = alert(Alert.AlertType.ERROR, title, message);
        if (cause != null) {
            StringWriter sw = new StringWriter();
            cause.printStackTrace(new PrintWriter(sw));
            TextArea trace = new TextArea(sw.toString());
            trace.setEditable(false);
            trace.setPrefRowCount(14);
            VBox.setVgrow(trace, Priority.ALWAYS);
            a.getDialogPane().setExpandableContent(new VBox(6, new Label("Details (for a bug report):"), trace));
        }
        a.show();
    }

    @Override
    public void warning(String title, String message) {
        alert(Alert.AlertType.WARNING, title, message).show();
    }

    @Override
    public void info(String title, String message) {
        alert(Alert.AlertType.INFORMATION, title, message).show();
    }

    private Alert alert(Alert.AlertType type, String title, String message) {
        Alert a = new Alert(type);
        a.initOwner(owner);
        a.setTitle(title);
        a.setHeaderText(title);
        Label text = new Label(message);
        text.setWrapText(true);
        text.getStyleClass().add("dialog-message");
        text.setMaxWidth(560);
        a.getDialogPane().setContent(text);
        a.getDialogPane().getStyleClass().add("workbench-dialog");
        a.getDialogPane().getStylesheets().add(Theme.stylesheet());
        a.setResizable(true);
        return a;
    }
}
