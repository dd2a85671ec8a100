// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * The architecture map: UMAP or t-SNE (Smile) of the per-image architectures of one evaluation,
 * coloured by latency, accuracy or class; computed in the background, cached in the run folder,
 * with rectangle selection of images.
 */
package org.instanas.ui.projection;
