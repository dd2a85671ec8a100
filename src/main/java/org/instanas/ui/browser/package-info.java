// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * The run browser: recent and nearby run folders with their state, to open one.
 */
package org.instanas.ui.browser;
