// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * The variants pane: the paper's result table (variants A, B, … against the MobileNetV2 path, in the
 * meta-graph or trained alone) with its accuracy–latency plot and Pareto front; fine-tune or
 * re-evaluate a variant.
 */
package org.instanas.ui.variants;
