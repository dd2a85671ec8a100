// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.common;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The one way a view model does work off the FX thread: a request runs on the background
 * executor and its result, or its failure, is handed to the FX thread, where only the latest
 * request counts. A result of a request that a newer one (or {@link #cancel}) has replaced is
 * dropped, so a slow answer never overwrites a newer one. Requests are made, and handlers run, on
 * the FX thread (in tests both executors may be {@code Runnable::run}).
 *
 * <pre>{@code
 * latest.run(() -> RunSnapshot.load(dir), this::show, e -> status.set("Cannot read: " + e.getMessage()));
 * }</pre>
 */
public final class Latest {
    private final Executor background;
    private final Executor fx;
    private volatile long generation;

    public Latest(Executor background, Executor fx) {
        this.background = background;
        this.fx = fx;
    }

    /**
     * Runs {@code work} in the background; then {@code onSuccess} or {@code onFailure} (with the
     * cause, never a wrapper) on the FX thread if no newer request was made. A rejected task (the
     * executor shut down) fails at once.
     *
     * @return whether this request is still the latest (for progress reports from {@code work})
     */
    public <T> BooleanSupplier run(Callable<T> work, Consumer<? super T> onSuccess, Consumer<Throwable> onFailure) {
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            background.execute(() -> {
                try {
                    f.complete(work.call());
                } catch (Throwable e) {
                    f.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(e);
        }
        return await(f, onSuccess, onFailure);
    }

    /** Hands the outcome of a future that is already under way over in the same way as {@link #run}. */
    public <T> BooleanSupplier await(
            CompletableFuture<T> future, Consumer<? super T> onSuccess, Consumer<Throwable> onFailure) {
        BooleanSupplier current = next();
        future.whenComplete((value, err) -> fx.execute(() -> {
            if (!current.getAsBoolean()) {
                return;
            }
            if (err != null) {
                onFailure.accept(cause(err));
            } else {
                onSuccess.accept(value);
            }
        }));
        return current;
    }

    /**
     * Starts a request that reports more than once (progress, then a result): its reports should be
     * applied on the FX thread only while the returned check is true.
     */
    public BooleanSupplier next() {
        long mine = ++generation;
        return () -> generation == mine;
    }

    /** Drops the results of every request made so far. */
    public void cancel() {
        generation++;
    }

    private static Throwable cause(Throwable e) {
        Throwable c = e;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }
}
