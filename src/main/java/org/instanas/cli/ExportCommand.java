// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code export}: being written (replaced by the full command in this change). */
@Command(name = "export", description = "export (not yet available)")
public final class ExportCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("error: 'export' is not available in this build");
        return 2;
    }
}
