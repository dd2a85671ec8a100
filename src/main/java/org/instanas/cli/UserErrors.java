// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import org.instanas.data.DataException;
import org.instanas.engine.Torch;
import org.instanas.run.RunFormatException;
import org.instanas.run.UserException;

/** Which exceptions are the user's to fix (one line, exit 2) rather than bugs (stack trace, exit 1). */
final class UserErrors {
    private UserErrors() {}

    static boolean isUserError(Throwable e) {
        return e instanceof DataException
                || e instanceof RunFormatException
                || e instanceof UserException
                || e instanceof IllegalArgumentException
                || e instanceof Torch.EngineUnavailableException
                || e instanceof NoSuchFileException
                || e instanceof AccessDeniedException
                || (e instanceof IOException && String.valueOf(e.getMessage()).contains("No space left"));
    }

    /** The message a user reads: a missing file says so (Java's own message is the bare path). */
    static String message(Throwable e) {
        if (e instanceof NoSuchFileException n) {
            return "file not found: " + n.getFile() + (n.getReason() == null ? "" : " (" + n.getReason() + ")");
        }
        if (e instanceof AccessDeniedException a) {
            return "permission denied: " + a.getFile();
        }
        return e.getMessage();
    }
}
