// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code data}: being written (replaced by the full command in this change). */
@Command(name = "data", description = "data (not yet available)")
public final class DataCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("error: 'data' is not available in this build");
        return 2;
    }
}
