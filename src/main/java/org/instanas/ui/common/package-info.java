// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * Shared by every pane (layer: ui, below the panes; LayerTest keeps it from importing any of them):
 * {@link org.instanas.ui.common.Latest}, the one way a view model runs work off the FX thread
 * ("latest request wins", failures handed to a handler); {@link org.instanas.ui.common.FxThread}; the
 * light/dark {@link org.instanas.ui.common.Theme}; small control builders ({@link
 * org.instanas.ui.common.Controls}) and the class-label item of the class filters.
 */
package org.instanas.ui.common;
