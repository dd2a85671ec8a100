// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * The main window: tabs of panes, the stage buttons, status bar and dialogs; {@code MainViewModel}
 * starts stages through {@code app.RunService} and drives the ≤ 10 Hz refresh of the pane in front.
 */
package org.instanas.ui.main;
