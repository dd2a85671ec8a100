// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A machine without GTK or a display gets told what to install, not a stack trace. */
class GuiCommandTest {
    @Test
    void aMissingToolkitIsAUserErrorThatSaysWhatToInstall() {
        String gtk = GuiCommand.windowProblem(new UnsupportedOperationException("Unable to load glass GTK library."))
                .getMessage();
        assertTrue(gtk.contains("apt-get install libgtk-3-0"), gtk);
        assertTrue(gtk.contains("Unable to load glass GTK library."), "the toolkit's own words are kept: " + gtk);
        String display = GuiCommand.windowProblem(new UnsupportedOperationException("Unable to open DISPLAY"))
                .getMessage();
        assertTrue(display.contains("give it a display"), display);
        // through the command line's error handler: exit status 2 and one line, as for any user error
        StringWriter err = new StringWriter();
        CommandLine cl = Cli.commandLine();
        cl.setErr(new PrintWriter(err));
        int status = Cli.handle(
                GuiCommand.windowProblem(new UnsupportedOperationException("Unable to load glass GTK library.")),
                cl,
                null);
        assertEquals(2, status);
        assertTrue(err.toString().startsWith("error: the workbench window cannot open"), err.toString());
        assertTrue(!err.toString().contains("\tat "), "no stack trace: " + err);
    }
}
