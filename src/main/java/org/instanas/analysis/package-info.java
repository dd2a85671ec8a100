// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * Analyses of evaluated runs: difficulty ranking, UMAP and t-SNE projections (Smile), Pareto fronts
 * and statistics. No DJL, no JavaFX; may import {@code run} and {@code data}.
 */
package org.instanas.analysis;
