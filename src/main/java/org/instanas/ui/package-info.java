// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * The JavaFX workbench: one package per pane, each a view and a view-model ("// Properties",
 * "// Commands"; view-models testable without a window). Reads {@code run} records and
 * {@code analysis} results and acts through {@code app} services; never imports DJL or the engine.
 * Panes refresh from a timer at ≤ 10 Hz; background work never blocks the FX thread.
 */
package org.instanas.ui;
