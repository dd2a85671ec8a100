// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.instanas.app.export.RunImages;
import org.instanas.run.RunSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDataTest {
    @TempDir
    Path tmp;

    @Test
    void evaluationsNewestFirstAndRowsReadOnce() {
        RoutingFixture f = RoutingFixture.create(tmp.resolve("run"));
        RunData d = f.data;
        assertEquals(f.run.newest(), d.evaluations().get(0).checkpoint());
        AtomicInteger tasks = new AtomicInteger();
        Evaluation a = d.load(f.run.newest(), r -> {
                    tasks.incrementAndGet();
                    r.run();
                })
                .join();
        Evaluation b = d.load(f.run.newest(), r -> {
                    tasks.incrementAndGet();
                    r.run();
                })
                .join();
        assertSame(a, b);
        assertEquals(1, tasks.get());
        assertEquals(500, a.rows().size());
        assertEquals("airplane", d.className(0));
        assertNotNull(d.thumbnail(3));
    }

    @Test
    void choiceKeepsTheCheckpointAcrossRefreshesAndFallsBackToTheNewest() {
        RoutingFixture f = RoutingFixture.create(tmp.resolve("run"));
        EvaluationChoice c = new EvaluationChoice(Runnable::run, Runnable::run);
        assertEquals(EvaluationChoice.NO_RUN, c.placeholderProperty().get());
        c.update(f.data);
        assertEquals(f.run.newest(), c.checkpointProperty().get());
        assertEquals(f.run.newest(), c.evaluation().checkpoint());
        String older = f.run.checkpoints.get(0);
        c.checkpointProperty().set(older);
        assertEquals(older, c.evaluation().checkpoint());
        c.update(f.data.next(RunSnapshot.load(f.run.dir), null));
        assertEquals(older, c.checkpointProperty().get());
        c.update(null);
        assertNull(c.evaluation());
        assertTrue(c.checkpoints().isEmpty());
    }

    @Test
    void placeholderThumbnailsWhenTheDatasetIsMissing() {
        RoutingFixture f = RoutingFixture.create(tmp.resolve("run"));
        RunData d = RunData.of(RunSnapshot.load(f.run.dir), new RunImages(null, null, "no dataset"));
        assertNotNull(d.thumbnail(12));
        assertEquals("class 3", d.className(3));
        assertEquals("no dataset", d.imageWarning());
    }
}
