// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import java.util.concurrent.atomic.AtomicBoolean;

/** Cooperative cancellation: stages check it between steps and stop with a resumable run. */
public final class CancelToken {
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicBoolean paused = new AtomicBoolean();

    public void cancel() {
        cancelled.set(true);
        synchronized (this) {
            notifyAll();
        }
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    public void setPaused(boolean p) {
        paused.set(p);
        synchronized (this) {
            notifyAll();
        }
    }

    public boolean isPaused() {
        return paused.get();
    }

    /** Blocks while paused (between steps); returns at once when not paused or when cancelled. */
    public void awaitResumed() throws InterruptedException {
        synchronized (this) {
            while (paused.get() && !cancelled.get()) {
                wait(200);
            }
        }
    }
}
