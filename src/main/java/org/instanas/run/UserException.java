// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.run;

/** An error caused by what the user asked for or gave; its message is shown as is. */
public class UserException extends RuntimeException {
    public UserException(String message) {
        super(message);
    }

    public UserException(String message, Throwable cause) {
        super(message, cause);
    }
}
