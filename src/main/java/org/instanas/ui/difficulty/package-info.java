// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * The difficulty table: every test image of an evaluation with its route latency, options,
 * prediction and correctness, sortable from easy to hard and filterable by class and latency.
 */
package org.instanas.ui.difficulty;
