// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * The new-run form: every {@code RunConfig} setting with its problem shown beside it, checked by
 * {@code RunConfig.problems()} as the CLI and the engine check it.
 */
package org.instanas.ui.newrun;
