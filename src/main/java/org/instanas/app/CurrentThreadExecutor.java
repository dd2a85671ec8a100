// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.app;

import java.time.Duration;
import java.util.List;

/** Runs each job at once on the submitting thread: deterministic background work for tests. */
public final class CurrentThreadExecutor implements TaskExecutor {
    @Override
    public <T> JobHandle<T> submit(String title, Job<T> job) {
        JobHandle<T> h = new JobHandle<>(title);
        h.runHere(job);
        return h;
    }

    @Override
    public List<JobHandle<?>> activeJobs() {
        return List.of();
    }

    @Override
    public boolean shutdown(Duration timeout) {
        return true;
    }
}
