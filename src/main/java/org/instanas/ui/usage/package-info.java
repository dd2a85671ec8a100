// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * The option-usage pane: how often the greedy architectures of an evaluation select each option of
 * each cell.
 */
package org.instanas.ui.usage;
