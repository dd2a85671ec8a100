// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.run;

/**
 * A run that another stage (in this process or another one) is writing right now: its lock file is
 * held. A sweep started twice passes over the members the other process holds.
 */
public final class RunLockedException extends UserException {
    public RunLockedException(String message) {
        super(message);
    }
}
