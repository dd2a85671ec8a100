// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.instanas.ui.WorkbenchApp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code gui [RUN]}: opens the workbench, optionally on a run directory. */
@Command(name = "gui", description = "Open the workbench window (on RUN if given, else the bundled sample project).")
public final class GuiCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "RUN", description = "A run directory to open (live or finished).")
    Path run;

    @Override
    public Integer call() {
        WorkbenchApp.launchWith(run);
        return 0;
    }
}
