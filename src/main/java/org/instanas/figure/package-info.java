// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * The figures (Java2D, JFreeChart): one drawing for the screen and for SVG, PDF and PNG export, so a
 * pane and its export show the same thing. No DJL, no JavaFX.
 */
package org.instanas.figure;
