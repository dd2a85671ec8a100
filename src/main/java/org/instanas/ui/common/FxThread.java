// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.common;

import javafx.application.Platform;

/** The JavaFX application thread as an {@link java.util.concurrent.Executor}: {@code FxThread::execute}. */
public final class FxThread {
    private FxThread() {}

    /** Runs {@code r} now when on the FX thread, else later on it. */
    public static void execute(Runnable r) {
        if (Platform.isFxApplicationThread()) {
            r.run();
        } else {
            Platform.runLater(r);
        }
    }
}
