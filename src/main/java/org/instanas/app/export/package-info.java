// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * The figure pack and table exports, headless: SVG, PDF and PNG of every figure, CSV of every table,
 * used by the workbench's export dialog and by {@code instanas export}.
 */
package org.instanas.app.export;
