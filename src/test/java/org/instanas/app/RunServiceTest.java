// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.instanas.run.MetricRecord;
import org.instanas.run.MetricsFile;
import org.instanas.run.RunConfig;
import org.instanas.run.RunDirectory;
import org.instanas.run.Stage;
import org.instanas.run.StageRecord;
import org.instanas.run.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunServiceTest {
    @TempDir
    Path tmp;

    @Test
    void refusesInvalidSettingsWithTheirProblems() {
        FakeStageRunner fake = new FakeStageRunner(3, 0);
        RunService s = new RunService(new CurrentThreadExecutor(), fake);
        RunConfig c = new RunConfig();
        c.lr = -1;
        UserException e = assertThrows(UserException.class, () -> s.start(Stage.SEARCH, c, tmp.resolve("r")));
        assertTrue(e.getMessage().contains("lr: must be a positive number"), e.getMessage());
        assertTrue(fake.calls.isEmpty());
    }

    @Test
    void aSweepNamesTheMemberItIsOnAndASecondStartDoesNotForgetIt() throws Exception {
        FakeStageRunner fake = new FakeStageRunner(400, 5);
        fake.sweepSteps = 1000; // 5 s per member
        try (EngineExecutor ex = new EngineExecutor()) {
            RunService s = new RunService(ex, fake);
            Path source = tmp.resolve("pretrained");
            JobHandle<Void> h = s.sweep(source, new RunConfig(), List.of(0.9, 0.6));
            Path first = tmp.resolve("pretrained-sweep").resolve("ub-0.9");
            RunWatcherTest.waitFor(() -> first.equals(s.sweepMember()));
            assertTrue(s.last().isSweep() && !s.last().isDemo());
            assertTrue(s.isRunning(first), "the member being written counts as running");
            assertTrue(!s.isRunning(source));
            assertThrows(UserException.class, () -> s.sweep(source, new RunConfig(), List.of()));
            assertEquals(first, s.sweepMember(), "a refused start leaves the running sweep's member");
            assertTrue(s.cancelAndWait(Duration.ofSeconds(5)));
            assertEquals(JobState.CANCELLED, h.state());
        }
    }

    @Test
    void runsAStageSynchronouslyUnderTest() throws Exception {
        FakeStageRunner fake = new FakeStageRunner(5, 0);
        RunService s = new RunService(new CurrentThreadExecutor(), fake);
        JobHandle<Void> h = s.start(Stage.SEARCH, new RunConfig(), tmp.resolve("r"));
        assertEquals(JobState.SUCCEEDED, h.state());
        assertEquals(
                5,
                MetricsFile.readAll(new RunDirectory(tmp.resolve("r")).metrics(), m -> {})
                        .size());
        assertNull(s.running());
        fake.failWith = new IllegalStateException("no data");
        JobHandle<Void> bad = s.demo(new RunConfig(), tmp.resolve("r2"));
        assertEquals(JobState.FAILED, bad.state());
        assertEquals("no data", bad.failure().getMessage());
    }

    @Test
    void stopLeavesAResumableRunOnTheEngineThread() throws Exception {
        FakeStageRunner fake = new FakeStageRunner(400, 5);
        try (EngineExecutor ex = new EngineExecutor()) {
            RunService s = new RunService(ex, fake);
            Path dir = tmp.resolve("r");
            JobHandle<Void> h = s.demo(new RunConfig(), dir);
            RunWatcherTest.waitFor(() -> s.progress() != null && s.progress().step() >= 5);
            assertThrows(UserException.class, () -> s.start(Stage.SEARCH, new RunConfig(), dir));
            s.pause();
            assertTrue(h.isPaused());
            s.unpause();
            assertTrue(s.cancelAndWait(Duration.ofSeconds(5)));
            assertEquals(JobState.CANCELLED, h.state());
            int written = MetricsFile.readAll(new RunDirectory(dir).metrics(), m -> {})
                    .size();
            assertTrue(written >= 5 && written < 400);
            JobHandle<Void> again = s.resume(Stage.SEARCH, s.last().config(), dir);
            assertTrue(again.await(Duration.ofSeconds(20)));
            assertEquals(JobState.SUCCEEDED, again.state());
            assertEquals(
                    400,
                    MetricsFile.readAll(new RunDirectory(dir).metrics(), m -> {})
                            .size());
            assertEquals("demo @instanas-engine", fake.calls.get(0));
            assertEquals("search resume @instanas-engine", fake.calls.get(1));
        }
    }

    @Test
    void aRealPretrainingStoppedMidEpochResumesWhereItStoppedWithoutRepeatingAStep() throws Exception {
        RunConfig c = new RunConfig();
        c.trainLimit = 128;
        c.testLimit = 20;
        c.batchSize = 16;
        c.testBatchSize = 20;
        c.pretrainEpochs = 2; // 16 steps
        c.threads = 1;
        Path dir = tmp.resolve("real");
        try (EngineExecutor ex = new EngineExecutor()) {
            RunService s = new RunService(ex, StageRunner.PIPELINE);
            JobHandle<Void> h = s.start(Stage.PRETRAIN, c, dir);
            RunWatcherTest.waitFor(() -> s.progress() != null && s.progress().step() >= 3, 60);
            assertTrue(s.cancelAndWait(Duration.ofSeconds(60)));
            assertEquals(JobState.CANCELLED, h.state());
            List<Long> before = steps(dir);
            assertTrue(before.size() >= 3 && before.size() < 16, before.toString());

            JobHandle<Void> again = s.resume(Stage.PRETRAIN, s.last().config(), dir);
            assertTrue(again.await(Duration.ofSeconds(120)));
            assertEquals(JobState.SUCCEEDED, again.state(), String.valueOf(again.failure()));
            List<Long> all = steps(dir);
            assertEquals(
                    LongStream.rangeClosed(1, 16).boxed().toList(),
                    all,
                    "every step once, in order: the resume continued from the stop");
            List<StageRecord> history = StageRecord.readAll(new RunDirectory(dir).stages());
            assertEquals(
                    List.of("start", "end", "start", "end"),
                    history.stream().map(StageRecord::event).toList());
            assertEquals("cancelled", history.get(1).status());
            assertTrue(history.get(2).resume());
            assertEquals("workbench", history.get(2).commandLine());
            assertEquals("completed", history.get(3).status());
            assertEquals(16L, history.get(3).step());
        }
    }

    private static List<Long> steps(Path dir) throws Exception {
        return MetricsFile.readAll(new RunDirectory(dir).metrics(), m -> {}).stream()
                .filter(r -> r.kind().equals(MetricRecord.STEP))
                .map(r -> r.step())
                .toList();
    }
}
