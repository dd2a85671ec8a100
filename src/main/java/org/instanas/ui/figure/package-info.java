// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * JavaFX hosts for {@code figure} renderers: a canvas that redraws a {@code Figure} at the pane's size
 * and a pane with its export buttons.
 */
package org.instanas.ui.figure;
