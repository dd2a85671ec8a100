// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.projection;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;
import org.instanas.analysis.Projection;
import org.instanas.analysis.ProjectionCache;
import org.instanas.analysis.ProjectionResult;
import org.instanas.run.RoutingRow;
import org.instanas.ui.routing.Evaluation;

/**
 * One request for a map, on the background executor: the cached projection for the parameters if
 * the run has one, else (when asked to) the computation, stored in the cache afterwards. Results
 * reach the listener on the FX executor, and only while {@code current} says the request still
 * matters; progress is coalesced to at most one FX update in flight.
 */
final class ProjectionJob {
    /** Called on the FX thread. */
    interface Listener {
        void progress(double fraction);

        /** From the cache; null when there is none and nothing was to be computed. */
        void loaded(ProjectionResult r);

        /** @param note empty, or why the result could not be cached */
        void computed(ProjectionResult r, String note);

        void cancelled();

        void failed(Throwable e);
    }

    private ProjectionJob() {}

    /** Starts the request; the returned flag cancels it. */
    static AtomicBoolean start(
            Evaluation ev,
            Projection.Params p,
            boolean computeIfMissing,
            Executor background,
            Executor fx,
            ProjectionViewModel.Projector projector,
            AtomicInteger computations,
            BooleanSupplier current,
            Listener l) {
        AtomicBoolean cancel = new AtomicBoolean();
        List<RoutingRow> rows = ev.rows();
        String cp = ev.checkpoint();
        AtomicLong last = new AtomicLong();
        AtomicBoolean posted = new AtomicBoolean();
        DoubleConsumer onProgress = v -> {
            last.set(Double.doubleToLongBits(v));
            if (posted.compareAndSet(false, true)) {
                fx.execute(() -> {
                    posted.set(false);
                    if (current.getAsBoolean()) {
                        l.progress(Double.longBitsToDouble(last.get()));
                    }
                });
            }
        };
        background.execute(() -> {
            Optional<ProjectionResult> cached = ProjectionCache.load(ev.run().dir(), cp, p, rows.size());
            if (cached.isPresent() || !computeIfMissing) {
                post(fx, current, () -> l.loaded(cached.orElse(null)));
                return;
            }
            post(fx, current, () -> l.progress(0));
            try {
                computations.incrementAndGet();
                ProjectionResult r = projector.run(rows, p, cancel::get, onProgress);
                String note = "";
                try {
                    ProjectionCache.store(ev.run().dir(), cp, p, r);
                } catch (IOException | RuntimeException e) {
                    note = " (not cached: " + e.getMessage() + ")";
                }
                String why = note;
                post(fx, current, () -> l.computed(r, why));
            } catch (CancellationException e) {
                post(fx, current, l::cancelled);
            } catch (RuntimeException | OutOfMemoryError e) {
                post(fx, current, () -> l.failed(e));
            }
        });
        return cancel;
    }

    private static void post(Executor fx, BooleanSupplier current, Runnable r) {
        fx.execute(() -> {
            if (current.getAsBoolean()) {
                r.run();
            }
        });
    }
}
