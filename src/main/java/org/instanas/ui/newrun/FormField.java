// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.newrun;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.instanas.run.RunConfig;

/**
 * One text field of the new-run form: its text, the setting it writes (by the CLI name that
 * {@link RunConfig#problems()} uses) and the problem shown next to it.
 */
public final class FormField {
    /** Writes a parsed text into a config; throws {@link NumberFormatException} for bad numbers. */
    @FunctionalInterface
    interface Apply {
        void apply(RunConfig c, String text);
    }

    private final String name;
    private final String label;
    private final String help;
    private final Apply apply;
    private final StringProperty text = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");

    FormField(String name, String label, String help, String initial, Apply apply) {
        this.name = name;
        this.label = label;
        this.help = help;
        this.apply = apply;
        this.text.set(initial);
    }

    public String name() {
        return name;
    }

    public String label() {
        return label;
    }

    public String help() {
        return help;
    }

    public StringProperty textProperty() {
        return text;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public String error() {
        return error.get();
    }

    void setError(String e) {
        error.set(e == null ? "" : e);
    }

    /** Applies the text; returns a parse problem or null. */
    String applyTo(RunConfig c) {
        try {
            apply.apply(c, text.get() == null ? "" : text.get().trim());
            return null;
        } catch (NumberFormatException e) {
            return "not a number: '" + text.get() + "'";
        }
    }
}
