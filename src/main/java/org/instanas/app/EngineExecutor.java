// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One long-lived platform thread, {@value #THREAD_NAME}, that runs jobs one at a time in submission
 * order. All DJL work of the process happens here: DJL's grad mode is per thread and only one
 * gradient collector may be open per JVM.
 */
public final class EngineExecutor implements TaskExecutor {
    public static final String THREAD_NAME = "instanas-engine";

    private final ExecutorService thread;
    private final List<JobHandle<?>> active = new CopyOnWriteArrayList<>();
    private volatile Thread engineThread;

    public EngineExecutor() {
        thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, THREAD_NAME);
            // Daemon so that a forgotten executor never keeps the JVM alive; front ends call
            // shutdown() before exiting so that no native operation is cut off mid-step.
            t.setDaemon(true);
            engineThread = t;
            return t;
        });
    }

    @Override
    public <T> JobHandle<T> submit(String title, Job<T> job) {
        JobHandle<T> h = new JobHandle<>(title);
        active.add(h);
        h.onStateChange(x -> {
            if (x.isDone()) {
                active.remove(x);
            }
        });
        try {
            thread.execute(() -> h.runHere(job));
        } catch (RejectedExecutionException e) {
            active.remove(h);
            h.cancel();
        }
        return h;
    }

    @Override
    public List<JobHandle<?>> activeJobs() {
        return new ArrayList<>(active);
    }

    /** Whether the caller runs on the engine thread. */
    public boolean isEngineThread() {
        return Thread.currentThread() == engineThread;
    }

    @Override
    public boolean shutdown(Duration timeout) {
        for (JobHandle<?> h : activeJobs()) {
            h.cancel();
        }
        thread.shutdown();
        try {
            return thread.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
