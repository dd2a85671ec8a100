// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.run;

import java.nio.file.Path;

/** A run-directory file that cannot be read: the message names the file and the problem. */
public class RunFormatException extends RuntimeException {
    private final transient Path file;

    public RunFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public RunFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
