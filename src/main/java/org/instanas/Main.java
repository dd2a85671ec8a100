// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas;

import org.instanas.cli.Cli;

/**
 * Entry point of {@code java -jar instanas.jar}. Not a JavaFX {@code Application}, so that the
 * JavaFX jars on the class path are enough. No argument opens the workbench; anything else is the CLI.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // Never let DJL reach the network: natives come from the Maven artifacts on the class path.
        System.setProperty("ai.djl.offline", "true");
        System.exit(Cli.run(args));
    }
}
