// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import static org.instanas.engine.EngineTestBase.engine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.instanas.run.LatencyTable;
import org.instanas.run.MetricRecord;
import org.instanas.run.MetricsFile;
import org.instanas.run.RunConfig;
import org.instanas.run.RunDirectory;
import org.instanas.run.Stage;
import org.instanas.run.StageRecord;
import org.instanas.run.Steering;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Steering a real search on the bundled sample: a request written between steps is applied before
 * the next step, recorded in metrics.jsonl, steer.jsonl and stages.jsonl; a request that would empty
 * the window, and one that is not JSON, are refused once each and change nothing; a search that dies
 * after a change made past its last checkpoint replays the change at the same step on resume.
 */
class SteeringTest {
    @TempDir
    Path tmp;

    private static final class Crash extends RuntimeException {
        Crash() {
            super("simulated crash");
        }
    }

    @Test
    void aSteeredSearchAppliesRecordsRefusesAndReplaysOnResume() throws Exception {
        Path run = tmp.resolve("steer");
        RunConfig cfg = PipelineTest.tinyConfig();
        cfg.windowSchedule = "step";
        cfg.ubStartFraction = 1.0; // never empty, whatever a 3-repeat latency table says
        cfg.ubEndFraction = 1.2;
        RunDirectory dir = new RunDirectory(run);
        Path inbox = dir.steerInbox();
        double[] ub = new double[2];
        engine(() -> {
            Pipeline.run(Stage.PRETRAIN, cfg, run, null, false, null, null);
            Pipeline.run(Stage.PROFILE, cfg, run, null, false, null, null);
            LatencyTable t = LatencyTable.read(dir.latencyJson());
            ub[0] = t.max() * 3;
            ub[1] = t.max() * 4;
            double tooLow = t.min() / 2;
            // search: 2 epochs × (4 controller + 4 meta-graph steps); the epoch checkpoint is at step 8
            StageListener user = new StageListener() {
                @Override
                public void onMetric(MetricRecord r) {
                    if (!r.stage().equals("search") || !r.kind().equals(MetricRecord.STEP)) {
                        return;
                    }
                    try {
                        switch ((int) r.step()) {
                            case 2 -> Steering.writeRequest(inbox, Map.of(Steering.UB, ub[0], Steering.BETA, 0.05));
                            case 4 -> Steering.writeRequest(inbox, Map.of(Steering.UB, tooLow));
                            case 5 -> Files.writeString(inbox, "{\"ub\": 1.2,");
                            case 6 -> Steering.writeRequest(inbox, Map.of(Steering.UB, ub[0], Steering.BETA, 0.05));
                            case 10 -> Steering.writeRequest(inbox, Map.of(Steering.UB, ub[1]));
                            case 12 -> throw new Crash();
                            default -> {}
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            };
            assertThrows(Crash.class, () -> Pipeline.run(Stage.SEARCH, cfg, run, null, false, user, new CancelToken()));
            assertEquals(2, Steering.readLog(run, "search").size(), "both changes logged before the crash");
            assertEquals(
                    Pipeline.Outcome.COMPLETED,
                    Pipeline.run(Stage.SEARCH, cfg, run, null, true, null, new CancelToken()));
        });
        List<MetricRecord> all = MetricsFile.readAll(dir.metrics(), w -> {}).stream()
                .filter(r -> r.stage().equals("search"))
                .toList();
        List<MetricRecord> steered =
                all.stream().filter(r -> Steering.ofEvent(r) != null).toList();
        assertEquals(
                List.of(2L, 10L), steered.stream().map(MetricRecord::step).toList(), "each change once, at its step");
        assertEquals(ub[0], steered.get(0).value("steer_ub"));
        assertEquals(0.05, steered.get(0).value("steer_beta"));
        assertEquals(Map.of(Steering.UB, ub[1]), Steering.ofEvent(steered.get(1)), "the second change lifts β");
        assertTrue(
                steered.get(1).message().contains("replayed on resume"),
                steered.get(1).message());
        List<String> refused = all.stream()
                .filter(r -> r.message() != null && r.message().startsWith("steering refused"))
                .map(MetricRecord::message)
                .toList();
        assertEquals(2, refused.size(), "the window-emptying and the broken request, once each: " + refused);
        assertTrue(refused.get(0).contains("must be above LB"), refused.get(0));
        assertTrue(refused.get(1).contains("not JSON"), refused.get(1));
        for (MetricRecord r : all) {
            if (r.kind().equals(MetricRecord.STEP) && r.has("ub")) {
                double want = r.step() <= 2 ? Double.NaN : r.step() <= 10 ? ub[0] : ub[1];
                if (!Double.isNaN(want)) {
                    assertEquals(want, r.value("ub"), 1e-12, "UB at step " + r.step());
                } else {
                    assertTrue(r.value("ub") < ub[0], "the schedule's UB before the change");
                }
            }
        }
        assertEquals(
                16, all.stream().filter(r -> r.kind().equals(MetricRecord.STEP)).count());
        List<StageRecord> history = StageRecord.readAll(dir.stages()).stream()
                .filter(StageRecord::isSteer)
                .toList();
        assertEquals(List.of(2L, 10L), history.stream().map(StageRecord::step).toList(), "provenance, not doubled");
        assertEquals(ub[0], ((Number) history.get(0).config().get("ub")).doubleValue());
        assertFalse(Files.exists(inbox), "a finished search spends the run's request file");
        // a fresh search starts unsteered and forgets the old changes
        engine(() -> Pipeline.run(Stage.SEARCH, cfg, run, null, false, null, new CancelToken()));
        assertTrue(Steering.readLog(run, "search").isEmpty());
    }
}
