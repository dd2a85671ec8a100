// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * The export dialog: every figure of the open run as PNG, SVG or PDF at a chosen size, DPI and font,
 * through {@code app.export.ExportService}.
 */
package org.instanas.ui.export;
