// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Runs the command line; maps user errors to one clear line and exit code 2. */
public final class Cli {
    private Cli() {}

    public static int run(String[] args) {
        CommandLine cl = commandLine();
        if (args.length == 0) {
            args = new String[] {"gui"};
        }
        return cl.execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new RootCommand());
        cl.setExecutionExceptionHandler(Cli::handle);
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("error: " + ex.getMessage());
            err.println("(see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return 2;
        });
        return cl;
    }

    static int handle(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        if (UserErrors.isUserError(ex)) {
            err.println("error: " + UserErrors.message(ex));
            if (Boolean.getBoolean("instanas.debug")) {
                ex.printStackTrace(err);
            }
            err.flush();
            return 2;
        }
        err.println("internal error: " + ex);
        ex.printStackTrace(err);
        err.flush();
        return 1;
    }
}
