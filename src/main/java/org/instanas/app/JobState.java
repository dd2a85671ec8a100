// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.app;

/** Life cycle of a background job. */
public enum JobState {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    public boolean isDone() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
