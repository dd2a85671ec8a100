// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.instanas.run.UserException;
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
        try {
            WorkbenchApp.launchWith(run);
        } catch (UnsupportedOperationException e) {
            throw windowProblem(e);
        }
        return 0;
    }

    /**
     * What to do when JavaFX cannot open a window: on Linux its toolkit needs the system's GTK 3 and
     * a display, which a server or a fresh container lacks ("Unable to load glass GTK library",
     * "Unable to open DISPLAY"); the stages run without either from the command line.
     */
    static UserException windowProblem(UnsupportedOperationException e) {
        String why = e.getMessage() == null ? e.toString() : e.getMessage();
        String fix = why.contains("GTK")
                ? "install GTK 3 (Debian/Ubuntu: apt-get install libgtk-3-0)"
                : "run it on a desktop, or give it a display (DISPLAY, e.g. Xvfb)";
        return new UserException("the workbench window cannot open (" + why + "): " + fix
                + "; every stage also runs without a window from the command line (demo, search, export, …)");
    }
}
