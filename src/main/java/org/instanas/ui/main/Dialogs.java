// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.main;

/**
 * How view-models talk to the user (JabRef's DialogService): the window shows non-blocking alerts,
 * tests record what would have been shown.
 */
public interface Dialogs {
    void error(String title, String message, Throwable cause);

    void warning(String title, String message);

    void info(String title, String message);

    /** Dialogs that only log: for view-model tests. */
    Dialogs NONE = new Dialogs() {
        @Override
        public void error(String title, String message, Throwable cause) {}

        @Override
        public void warning(String title, String message) {}

        @Override
        public void info(String title, String message) {}
    };
}
