// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.function.BooleanSupplier;
import org.instanas.run.LatencyTable;
import org.instanas.run.MetricsFile;
import org.instanas.run.RunDirectory;
import org.instanas.run.RunFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunWatcherTest {
    @TempDir
    Path tmp;

    @Test
    void tailsAppendedLinesAndWaitsForAHalfWrittenLastLine() throws Exception {
        RunDirectory d = TestRuns.create(tmp.resolve("run"), "run");
        try (RunWatcher w = RunWatcher.open(d.root())) {
            w.poll();
            assertEquals(0, w.metrics().size());
            String l0 = MetricsFile.toLine(TestRuns.searchStep(0, 1e9)) + "\n";
            String l1 = MetricsFile.toLine(TestRuns.searchStep(1, 1e9));
            append(d.metrics(), l0 + l1.substring(0, 20));
            w.poll();
            MetricsBuffer.Snapshot s = w.metrics();
            assertEquals(1, s.size());
            MetricsBuffer.Snapshot older = s;
            append(d.metrics(), l1.substring(20) + "\n");
            w.poll();
            s = w.metrics();
            assertEquals(2, s.size());
            assertEquals(1, s.records().get(1).step());
            assertEquals(
                    TestRuns.searchStep(1, 1e9).value("reward"),
                    s.records().get(1).value("reward"),
                    1e-12);
            assertEquals(1, older.size(), "an older snapshot never changes");
            assertTrue(w.state().warnings().isEmpty());
        }
    }

    @Test
    void garbageLinesBecomeWarningsNotErrors() throws Exception {
        RunDirectory d = TestRuns.create(tmp.resolve("run"), "run");
        append(d.metrics(), "{not json\n" + MetricsFile.toLine(TestRuns.searchStep(0, 1e9)) + "\n");
        try (RunWatcher w = RunWatcher.open(d.root())) {
            w.poll();
            assertEquals(1, w.metrics().size());
            assertEquals(1, w.state().warnings().size());
            assertTrue(
                    w.state().warnings().get(0).contains("line 1"),
                    w.state().warnings().get(0));
        }
    }

    @Test
    void refusesAFolderThatIsNotARun() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        RunFormatException e = assertThrows(RunFormatException.class, () -> RunWatcher.open(empty));
        assertTrue(e.getMessage().contains("run.json"));
        Path bad = Files.createDirectories(tmp.resolve("bad"));
        Files.writeString(bad.resolve("run.json"), "{ garbage");
        assertThrows(RunFormatException.class, () -> RunWatcher.open(bad));
    }

    @Test
    void expectFollowsARunThatAppearsLaterAndNoticesLatency() throws Exception {
        Path root = tmp.resolve("later");
        try (RunWatcher w = RunWatcher.expect(root)) {
            w.poll();
            assertEquals(null, w.state().info());
            TestRuns.create(root, "later");
            w.poll();
            assertNotNull(w.state().info());
            assertEquals("later", w.state().name());
            assertEquals(null, w.state().latency());
            double[][] ms = new double[17][5];
            for (double[] r : ms) {
                Arrays.fill(r, 1.0);
            }
            boolean[] entry = new boolean[17];
            new LatencyTable(ms, entry, "cpu", 1, "test", null, "now").write(new RunDirectory(root).latencyJson());
            long v = w.state().latencyVersion();
            w.poll();
            assertNotNull(w.state().latency());
            assertTrue(w.state().latencyVersion() > v);
        }
    }

    @Test
    void backgroundPollingPicksUpNewLines() throws Exception {
        RunDirectory d = TestRuns.finished(tmp.resolve("run"), 10);
        try (RunWatcher w = RunWatcher.open(d.root()).start(20)) {
            waitFor(() -> w.metrics().size() == 10);
            append(d.metrics(), MetricsFile.toLine(TestRuns.searchStep(10, 1.7e9)) + "\n");
            waitFor(() -> w.metrics().size() == 11);
            assertTrue(w.state().loaded());
            assertFalse(w.state().checkpoints().iterator().hasNext());
        }
    }

    static void waitFor(BooleanSupplier c) throws InterruptedException {
        waitFor(c, 5);
    }

    /** Waits up to {@code seconds} (a real engine starting on a busy 2-core machine wants tens of seconds). */
    static void waitFor(BooleanSupplier c, int seconds) throws InterruptedException {
        long until = System.currentTimeMillis() + seconds * 1000L;
        while (!c.getAsBoolean()) {
            if (System.currentTimeMillis() > until) {
                throw new AssertionError("condition not met within " + seconds + " s");
            }
            Thread.sleep(10);
        }
    }

    static void append(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
