// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.common;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import org.instanas.figure.FigureStyle;

/** AtlantaFX Primer light (default) or dark, and the matching figure style for the panes. */
public final class Theme {
    private static final BooleanProperty DARK = new SimpleBooleanProperty(false);

    private Theme() {}

    public static BooleanProperty darkProperty() {
        return DARK;
    }

    public static void apply(boolean dark) {
        Application.setUserAgentStylesheet(
                dark ? new PrimerDark().getUserAgentStylesheet() : new PrimerLight().getUserAgentStylesheet());
        DARK.set(dark);
    }

    public static FigureStyle figureStyle() {
        return DARK.get() ? FigureStyle.screenDark() : FigureStyle.screen();
    }

    /** The stylesheet of the window (layout, spacing, the status bar). */
    public static String stylesheet() {
        return Theme.class.getResource("/ui/workbench.css").toExternalForm();
    }
}
