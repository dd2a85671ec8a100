// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EngineExecutorTest {
    private final EngineExecutor executor = new EngineExecutor();

    @AfterEach
    void tearDown() {
        assertTrue(executor.shutdown(Duration.ofSeconds(5)));
    }

    @Test
    void runsJobsInOrderOnOneNamedThread() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        List<JobHandle<Integer>> handles = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            handles.add(executor.submit("job " + i, ctx -> {
                seen.add(n + "@" + Thread.currentThread().getName());
                return n * n;
            }));
        }
        for (JobHandle<Integer> h : handles) {
            assertTrue(h.await(Duration.ofSeconds(5)));
            assertEquals(JobState.SUCCEEDED, h.state());
        }
        assertEquals(
                List.of(
                        "0@instanas-engine",
                        "1@instanas-engine",
                        "2@instanas-engine",
                        "3@instanas-engine",
                        "4@instanas-engine"),
                seen);
        assertEquals(16, handles.get(4).result());
        assertTrue(executor.activeJobs().isEmpty());
    }

    @Test
    void failureIsReportedAndExecutorStaysUsable() throws Exception {
        JobHandle<Void> bad = executor.submit("bad", ctx -> {
            throw new IllegalStateException("boom");
        });
        assertTrue(bad.await(Duration.ofSeconds(5)));
        assertEquals(JobState.FAILED, bad.state());
        assertInstanceOf(IllegalStateException.class, bad.failure());
        JobHandle<String> good = executor.submit("good", ctx -> "ok");
        assertTrue(good.await(Duration.ofSeconds(5)));
        assertEquals("ok", good.result());
    }

    @Test
    void cancelStopsAtStepBoundaryAndQueuedJobsNeverStart() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger steps = new AtomicInteger();
        JobHandle<Void> loop = executor.submit("loop", ctx -> {
            started.countDown();
            while (!ctx.token().isCancelled()) {
                steps.incrementAndGet();
                ctx.updateMessage("step " + steps.get());
                Thread.sleep(5);
            }
            return null;
        });
        AtomicInteger ran = new AtomicInteger();
        JobHandle<Void> queued = executor.submit("queued", ctx -> {
            ran.incrementAndGet();
            return null;
        });
        assertTrue(started.await(5, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (steps.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(1); // cancel after the first step, so that the loop has a step message to keep
        }
        queued.cancel();
        assertEquals(JobState.CANCELLED, queued.state());
        loop.cancel();
        assertTrue(loop.await(Duration.ofSeconds(5)));
        assertEquals(JobState.CANCELLED, loop.state());
        assertTrue(loop.message().startsWith("step "));
        Thread.sleep(50);
        assertEquals(0, ran.get());
    }

    @Test
    void pauseBlocksBetweenStepsUntilResumed() throws Exception {
        AtomicInteger steps = new AtomicInteger();
        JobHandle<Void> loop = executor.submit("loop", ctx -> {
            while (!ctx.token().isCancelled()) {
                ctx.token().awaitResumed();
                steps.incrementAndGet();
                Thread.sleep(2);
            }
            return null;
        });
        while (steps.get() < 3) {
            Thread.sleep(2);
        }
        loop.pause();
        assertTrue(loop.isPaused());
        Thread.sleep(50);
        int frozen = steps.get();
        Thread.sleep(150);
        assertTrue(steps.get() <= frozen + 1, "no steps while paused");
        loop.resume();
        long until = System.currentTimeMillis() + 5000;
        while (steps.get() < frozen + 5 && System.currentTimeMillis() < until) {
            Thread.sleep(2);
        }
        assertTrue(steps.get() >= frozen + 5);
        loop.cancel();
        assertTrue(loop.await(Duration.ofSeconds(5)));
        assertFalse(loop.isPaused());
    }
}
