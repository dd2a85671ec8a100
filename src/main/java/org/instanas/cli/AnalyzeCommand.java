// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code analyze}: being written (replaced by the full command in this change). */
@Command(name = "analyze", description = "analyze (not yet available)")
public final class AnalyzeCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("error: 'analyze' is not available in this build");
        return 2;
    }
}
