// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * The latency pane: the per-(cell, option) latency table as a heat map, with profiling on demand.
 */
package org.instanas.ui.latency;
