// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.main;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Random;
import org.instanas.app.LiveProgress;
import org.instanas.app.RunWatcher;
import org.instanas.run.MetricsWriter;
import org.instanas.run.RunDirectory;
import org.instanas.ui.SampleRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusViewModelTest {
    @TempDir
    Path tmp;

    @Test
    void fromMetricsOfARunStartedElsewhere() throws Exception {
        RunDirectory d = SampleRuns.info(tmp.resolve("r"), "r");
        Random rnd = new Random(1);
        try (RunWatcher w = RunWatcher.open(d.root());
                MetricsWriter mw = new MetricsWriter(d.metrics())) {
            // 2.5 epochs of 100 steps at 4 steps/s, of 8 search epochs
            for (int i = 0; i < 250; i++) {
                mw.append(SampleRuns.searchStep(i, 100, 1.75e9, rnd));
            }
            w.poll();
            StatusViewModel s = new StatusViewModel();
            s.update(w.state(), w.metrics(), null, null);
            assertEquals("cpu", s.deviceProperty().get());
            assertEquals("2", s.threadsProperty().get());
            assertEquals("search", s.stageProperty().get());
            assertEquals("epoch 2 · step 249", s.stepProperty().get());
            assertTrue(
                    s.speedProperty().get().matches("\\d+"), s.speedProperty().get());
            assertEquals("2m 18s", s.etaProperty().get()); // 550 steps left at 4 steps/s
            assertEquals("finished", s.stateProperty().get());
        }
    }

    @Test
    void fromTheEngineWhenItRunsHere() {
        StatusViewModel s = new StatusViewModel();
        long t = System.nanoTime();
        s.update(null, null, null, "running here");
        assertEquals("running here", s.stateProperty().get());
        LiveProgress p = new LiveProgress("pretrain", 50, 200, 812.4, t, 0, t + 10_000_000_000L);
        assertEquals(30.0, p.etaSeconds(), 1e-9);
        LiveProgress resumed = new LiveProgress("pretrain", 50, 200, 812.4, t, 40, t + 10_000_000_000L);
        assertEquals(150.0, resumed.etaSeconds(), 1e-9, "pace since the resume");
        assertEquals("30 s", StatusViewModel.duration(p.etaSeconds()));
        assertEquals("1h 01m", StatusViewModel.duration(3660));
    }
}
