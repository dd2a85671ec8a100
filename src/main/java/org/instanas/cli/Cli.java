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
        addHelp(cl);
        cl.setExecutionExceptionHandler(Cli::handle);
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("error: " + ex.getMessage());
            err.println("(see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return 2;
        });
        return cl;
    }

    /** {@code -h}/{@code --help} on every command that lacks it, usable without the command's required options. */
    private static void addHelp(CommandLine cl) {
        if (!cl.getCommandSpec().optionsMap().containsKey("--help")) {
            cl.getCommandSpec().addMixin("help", CommandLine.Model.CommandSpec.forAnnotatedObject(new HelpOption()));
        }
        for (CommandLine sub : cl.getSubcommands().values()) {
            addHelp(sub);
        }
    }

    /** The usage-help option alone (the version option belongs to {@code instanas} itself). */
    static final class HelpOption {
        @CommandLine.Option(
                names = {"-h", "--help"},
                usageHelp = true,
                description = "Show this help message and exit.")
        boolean help;
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
