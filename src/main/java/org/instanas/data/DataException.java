// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.data;

/** A dataset that cannot be used: the message names the file (or spec) and the problem. */
public class DataException extends RuntimeException {
    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
