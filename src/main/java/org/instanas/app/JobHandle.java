// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.app;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.instanas.engine.CancelToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A submitted job: its state, progress and message (read at any time from any thread, e.g. by a UI
 * timer), cooperative cancel / pause / resume through its {@link CancelToken}, and its failure.
 * State-change listeners run on the thread that changed the state (the executor's thread, or the
 * caller of {@link #cancel()} for a job that had not started): keep them short.
 */
public final class JobHandle<T> implements JobContext {
    private static final Logger LOG = LoggerFactory.getLogger(JobHandle.class);

    private final String title;
    private final CancelToken token = new CancelToken();
    private final CountDownLatch done = new CountDownLatch(1);
    private final List<Consumer<JobHandle<T>>> listeners = new CopyOnWriteArrayList<>();
    private volatile JobState state = JobState.QUEUED;
    private volatile double progress = -1;
    private volatile String message = "";
    private volatile Throwable failure;
    private volatile T result;
    private volatile long endedMillis;

    public JobHandle(String title) {
        this.title = title;
    }

    // Properties

    public String title() {
        return title;
    }

    public JobState state() {
        return state;
    }

    public boolean isDone() {
        return state.isDone();
    }

    public boolean isPaused() {
        return token.isPaused() && !isDone();
    }

    public double progress() {
        return progress;
    }

    public String message() {
        return message;
    }

    /** The exception a failed job threw, else null. */
    public Throwable failure() {
        return failure;
    }

    public T result() {
        return result;
    }

    /** Wall-clock time the job ended, 0 while it has not. */
    public long endedMillis() {
        return endedMillis;
    }

    @Override
    public CancelToken token() {
        return token;
    }

    @Override
    public void updateProgress(double fraction) {
        progress = fraction;
    }

    @Override
    public void updateMessage(String m) {
        message = m == null ? "" : m;
    }

    // Commands

    /** Asks the job to stop at its next step boundary; a queued job never starts. */
    public void cancel() {
        token.cancel();
        boolean changed;
        synchronized (this) {
            changed = state == JobState.QUEUED && finish(JobState.CANCELLED);
        }
        if (changed) {
            fire();
            done.countDown();
        }
    }

    /** Pauses the job at its next step boundary (it blocks in {@link CancelToken#awaitResumed()}). */
    public void pause() {
        token.setPaused(true);
    }

    public void resume() {
        token.setPaused(false);
    }

    public boolean await(Duration timeout) throws InterruptedException {
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Called on state changes (including the final one). */
    public void onStateChange(Consumer<JobHandle<T>> listener) {
        listeners.add(listener);
    }

    /** Runs the job on the calling thread; used by executors. Never throws. */
    void runHere(Job<T> job) {
        synchronized (this) {
            if (state != JobState.QUEUED) {
                return; // cancelled before it started
            }
            state = JobState.RUNNING;
        }
        fire();
        JobState end;
        try {
            result = job.run(this);
            end = token.isCancelled() ? JobState.CANCELLED : JobState.SUCCEEDED;
        } catch (InterruptedException e) {
            Thread.interrupted(); // keep the executor's thread usable
            end = JobState.CANCELLED;
        } catch (Throwable t) {
            failure = t;
            end = JobState.FAILED;
            if (t instanceof VirtualMachineError vme && !(t instanceof OutOfMemoryError)) {
                throw vme;
            }
        }
        boolean changed;
        synchronized (this) {
            changed = finish(end);
        }
        if (changed) {
            fire();
            done.countDown();
        }
    }

    private boolean finish(JobState end) {
        if (state.isDone()) {
            return false;
        }
        state = end;
        endedMillis = System.currentTimeMillis();
        if (end == JobState.SUCCEEDED) {
            progress = 1;
        }
        return true;
    }

    private void fire() {
        for (Consumer<JobHandle<T>> l : listeners) {
            try {
                l.accept(this);
            } catch (RuntimeException e) {
                LOG.warn("job listener failed", e);
            }
        }
    }

    @Override
    public String toString() {
        return title + " [" + state + "]";
    }
}
