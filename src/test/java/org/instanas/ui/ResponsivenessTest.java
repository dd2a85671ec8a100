// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.instanas.app.AppPaths;
import org.instanas.app.EngineExecutor;
import org.instanas.app.FakeStageRunner;
import org.instanas.app.RecentRuns;
import org.instanas.app.RunService;
import org.instanas.run.RunDirectory;
import org.instanas.ui.common.Theme;
import org.instanas.ui.main.Workbench;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The FX thread stays responsive while metrics stream in fast: 2 000 lines/s for 10 s into a
 * watched run; the gaps between consecutive pulses are measured and printed (the design asks for
 * no gap over 100 ms), and the workbench's own work per tick on the FX thread is asserted.
 */
@ExtendWith(ApplicationExtension.class)
class ResponsivenessTest {
    static {
        System.setProperty("headless.geometry", "1440x900-32");
    }

    static final int LINES_PER_SECOND = Integer.getInteger("instanas.rate", 2000);
    static final int SECONDS = Integer.getInteger("instanas.seconds", 10);

    private Path tmp;
    private EngineExecutor engine;
    private Workbench wb;

    @Start
    void start(Stage stage) throws Exception {
        tmp = Files.createTempDirectory("instanas-perf");
        System.setProperty(AppPaths.HOME_PROPERTY, tmp.resolve("home").toString());
        Theme.apply(false);
        engine = new EngineExecutor();
        wb = Workbench.show(
                stage,
                new RunService(engine, new FakeStageRunner(1, 0)),
                new RecentRuns(tmp.resolve("recent.json")),
                null);
    }

    @AfterEach
    void tearDown() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> wb.dispose()).get(10, TimeUnit.SECONDS);
        engine.shutdown(Duration.ofSeconds(5));
        System.clearProperty(AppPaths.HOME_PROPERTY);
    }

    @Test
    void pulsesKeepComingWhileMetricsStreamIn(FxRobot robot) throws Exception {
        RunDirectory d = SampleRuns.info(tmp.resolve("fast"), "fast");
        robot.interact(() -> wb.viewModel().openRun(d.root()));
        WaitForAsyncUtils.sleep(1, TimeUnit.SECONDS);
        robot.interact(() -> wb.pulses().reset());
        Result r = stream(d.metrics(), LINES_PER_SECOND, SECONDS);
        WorkbenchUiTest.await(() -> wb.viewModel().curves().built() != null
                && wb.viewModel().curves().built().records() == r.lines);
        double[] m = WaitForAsyncUtils.asyncFx(() -> new double[] {
                    wb.pulses().maxGapMillis(),
                    wb.pulses().percentileMillis(99),
                    wb.pulses().gapsOver(100),
                    wb.pulses().frames(),
                    wb.pulses().maxWorkMillis(),
                    wb.pulses().maxWorkCpuMillis()
                })
                .get(10, TimeUnit.SECONDS);
        double gap = m[0];
        long frames = (long) m[3];
        System.out.printf(
                Locale.ROOT,
                "responsiveness: %d lines in %.1f s (%.0f lines/s); %d pulses, "
                        + "largest gap %.1f ms, p99 %.1f ms, %d gaps > 100 ms; longest FX-thread tick (incl. redraw) "
                        + "%.1f ms (CPU %.1f ms); last chart build (background) %.1f ms; load average %.2f%n",
                r.lines,
                r.seconds,
                r.lines / r.seconds,
                frames,
                gap,
                m[1],
                (int) m[2],
                m[4],
                m[5],
                wb.viewModel().curves().lastBuildNanos() / 1e6,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        assertTrue(frames > 10L * SECONDS, "pulses kept coming: " + frames);
        // What the workbench controls: its own work per tick on the FX thread (parsing, building and
        // rendering happen elsewhere), as CPU time: on a loaded 2-core machine a preempted tick's wall
        // time is the scheduler's (79 ms once in CI, 14 ms CPU-bound ticks around it). The gaps and
        // the wall-clock ticks also depend on the machine's load; they are printed.
        assertTrue(m[5] < 60, "longest FX-thread tick " + m[5] + " ms of CPU time (" + m[4] + " ms wall)");
    }

    record Result(long lines, double seconds) {}

    /** Appends {@code rate} lines per second in 10 ms batches, like an engine flushing per line. */
    static Result stream(Path metrics, int rate, int seconds) throws IOException, InterruptedException {
        Random rnd = new Random(1);
        long t0 = System.nanoTime();
        long written = 0;
        long total = (long) rate * seconds;
        StringBuilder sb = new StringBuilder();
        while (written < total) {
            long due = Math.min(total, (System.nanoTime() - t0) * rate / 1_000_000_000L + 1);
            sb.setLength(0);
            for (; written < due; written++) {
                sb.append(SampleRuns.line(SampleRuns.searchStep(written, 2000, 1.75e9, rnd)));
            }
            Files.writeString(
                    metrics, sb, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Thread.sleep(10);
        }
        return new Result(written, (System.nanoTime() - t0) / 1e9);
    }
}
