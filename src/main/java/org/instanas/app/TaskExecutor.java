// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.app;

import java.time.Duration;
import java.util.List;

/**
 * Runs background jobs (JabRef's pattern): {@link EngineExecutor} on the one engine thread,
 * {@link CurrentThreadExecutor} synchronously for tests. A failed job reports its error through
 * its handle and leaves the executor usable.
 */
public interface TaskExecutor extends AutoCloseable {
    <T> JobHandle<T> submit(String title, Job<T> job);

    /** Jobs that are queued or running, oldest first. */
    List<JobHandle<?>> activeJobs();

    /**
     * Cancels every job and waits up to {@code timeout} for the running one to stop at a step boundary.
     *
     * @return true when nothing is running any more
     */
    boolean shutdown(Duration timeout);

    @Override
    default void close() {
        shutdown(Duration.ofSeconds(30));
    }
}
