// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * The routing panes' common ground: {@code RunModel} reads the open run in the background and hands a
 * {@code RunData} to the difficulty, gallery, map and variants panes; {@code EvaluationChoice} picks an
 * evaluated checkpoint and reads its routing CSV; the image detail view, the checkpoint chooser and
 * the CSV and figure savers.
 */
package org.instanas.ui.routing;
