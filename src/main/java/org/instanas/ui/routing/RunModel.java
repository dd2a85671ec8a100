// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.routing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.instanas.app.export.RunImages;
import org.instanas.run.RunSnapshot;
import org.instanas.ui.common.Latest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the open run for the routing panes: the snapshot and (once per run folder) its images on the
 * background executor, then hands a {@link RunData} to every pane on the FX thread, only when
 * something they show changed. One reading at a time; requests while one runs are dropped.
 */
final class RunModel {
    private static final Logger LOG = LoggerFactory.getLogger(RunModel.class);

    private final RoutingContext ctx;
    private final Latest latest;
    private final List<Consumer<RunData>> listeners = new ArrayList<>();
    private final AtomicBoolean reading = new AtomicBoolean();
    private RunData current;
    private String currentKey;
    private volatile Path imagesRoot;
    private volatile RunImages images;
    private volatile boolean anything;

    RunModel(RoutingContext ctx, Executor fx) {
        this.ctx = ctx;
        this.latest = new Latest(ctx.background(), fx);
    }

    void addListener(Consumer<RunData> l) {
        listeners.add(l);
    }

    RunData current() {
        return current;
    }

    /** Reads the run again in the background; the panes are updated if it changed. */
    void refresh() {
        if (!reading.compareAndSet(false, true)) {
            return;
        }
        latest.run(
                () -> {
                    RunSnapshot s = ctx.snapshot().get();
                    return new Reading(s, s == null ? null : imagesOf(s));
                },
                r -> {
                    reading.set(false);
                    publish(r.snapshot(), r.images());
                },
                e -> {
                    reading.set(false);
                    LOG.warn("the routing panes cannot read the run: {}", e.getMessage());
                });
    }

    private record Reading(RunSnapshot snapshot, RunImages images) {}

    private RunImages imagesOf(RunSnapshot s) {
        Path root = s.dir().root();
        if (!root.equals(imagesRoot) || images == null) {
            RunImages im;
            try {
                im = ctx.images().apply(s);
            } catch (RuntimeException e) {
                im = new RunImages(null, null, "the dataset cannot be loaded (" + e.getMessage() + ")");
            }
            images = im == null ? RunImages.NONE : im;
            imagesRoot = root;
        }
        return images;
    }

    /** Hands a reading to the panes (FX thread). */
    void publish(RunSnapshot s, RunImages im) {
        if (s == null) {
            if (current != null || !anything) {
                anything = true;
                current = null;
                currentKey = null;
                listeners.forEach(l -> l.accept(null));
            }
            return;
        }
        boolean same = current != null && current.dir().root().equals(s.dir().root());
        RunData d = same ? current.next(s, im) : RunData.of(s, im);
        String key = d.key();
        if (key.equals(currentKey)) {
            return;
        }
        anything = true;
        current = d;
        currentKey = key;
        listeners.forEach(l -> l.accept(d));
    }
}
