// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.main;

import java.time.Duration;
import javafx.concurrent.Task;
import org.instanas.app.JobHandle;
import org.instanas.app.JobState;

/**
 * Mirrors a {@link JobHandle} of the engine thread as a JavaFX {@link Task}, so that ControlsFX's
 * TaskProgressView can show it: the task's own thread only watches the handle (10 Hz; JavaFX
 * coalesces the updates), and cancelling the task asks the job to stop at its next step.
 */
public final class JobTask extends Task<Void> {
    private final JobHandle<?> job;

    public JobTask(JobHandle<?> job) {
        this.job = job;
        updateTitle(job.title());
        updateMessage("queued");
        setOnCancelled(e -> job.cancel());
    }

    public JobHandle<?> job() {
        return job;
    }

    @Override
    protected Void call() throws Exception {
        while (!job.await(Duration.ofMillis(100))) {
            if (isCancelled()) {
                job.cancel();
                return null;
            }
            double p = job.progress();
            if (p >= 0) {
                updateProgress(p, 1);
            } else {
                updateProgress(-1, 1);
            }
            updateMessage(job.isPaused() ? "paused · " + job.message() : job.message());
        }
        if (job.state() == JobState.FAILED) {
            Throwable t = job.failure();
            throw t instanceof Exception e ? e : new RuntimeException(t);
        }
        return null;
    }
}
