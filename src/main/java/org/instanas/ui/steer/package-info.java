// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * Steering a running search from the workbench: the reward window, the reward's weights, exploration
 * and learning rates, written to the run's request file and applied by the search between steps.
 */
package org.instanas.ui.steer;
