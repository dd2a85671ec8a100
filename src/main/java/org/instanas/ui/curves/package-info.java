// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * The live curves pane: reward, accuracy, latency (with the reward window), entropy and more per step
 * or epoch, for the open run and runs added for comparison. {@code CurvesViewModel} builds the chart
 * in the background with the same renderer as the exports ({@code figure.CurvesFigure}), so the pane
 * and its export show the same default series.
 */
package org.instanas.ui.curves;
