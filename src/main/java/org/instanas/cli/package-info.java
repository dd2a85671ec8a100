// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * The command line ({@code instanas <command>}, picocli): a thin shell over {@code app} and
 * {@link org.instanas.engine.Pipeline}. User errors become one line on stderr and exit code 2.
 */
package org.instanas.cli;
