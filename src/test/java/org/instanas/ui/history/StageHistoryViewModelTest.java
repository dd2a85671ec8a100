// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.instanas.run.StageRecord;
import org.junit.jupiter.api.Test;

class StageHistoryViewModelTest {
    private static StageRecord start(String stage, String at, boolean resume, Map<String, List<Object>> overrides) {
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("pretrainLr", 0.02);
        cfg.put("batchSize", 64);
        return StageRecord.start(
                stage,
                at,
                resume,
                null,
                cfg,
                overrides,
                "instanas " + stage + " --run r",
                Map.of("kernels", "pad16 (dense convolutions padded …)", "pytorch", "2.5.1"),
                "cpu",
                1);
    }

    private static final List<StageRecord> HISTORY = List.of(
            start("pretrain", "2026-12-01T18:00:00Z", false, null),
            StageRecord.end("pretrain", "2026-12-01T18:12:30Z", "cancelled", 140, null),
            start("pretrain", "2026-12-01T18:20:00Z", true, Map.of("pretrainLr", List.of(0.01, 0.02))),
            StageRecord.end("pretrain", "2026-12-01T19:25:05Z", "completed", 930, null),
            start("search", "2026-12-01T19:30:00Z", false, null),
            StageRecord.end(
                    "search",
                    "2026-12-01T19:30:04Z",
                    "failed",
                    0,
                    "search stopped at step 0: the meta-graph loss became NaN"),
            start("search", "2026-12-01T19:40:00Z", false, null));

    @Test
    void eachStageRunIsOneRowWithHowItEndedAndWhatChanged() {
        List<StageHistoryViewModel.Row> rows = StageHistoryViewModel.rowsOf(HISTORY, false);
        assertEquals(4, rows.size());
        assertEquals(
                List.of("cancelled", "completed", "failed", "killed"),
                rows.stream().map(StageHistoryViewModel.Row::status).toList(),
                "a start without an end in a dead run was killed");
        StageHistoryViewModel.Row resumed = rows.get(1);
        assertEquals("resumed", resumed.how());
        assertEquals("pretrainLr 0.01 → 0.02", resumed.changes());
        assertEquals("1 h 05 min", resumed.duration());
        assertEquals("930", resumed.steps());
        assertEquals("12 min 30 s", rows.get(0).duration());
        assertEquals("pad16", resumed.kernels());
        assertEquals("2026-12-01 18:20", resumed.started());
        String d = rows.get(2).details();
        assertTrue(d.startsWith("search, new, failed: search stopped at step 0: the meta-graph loss became NaN"), d);
        assertTrue(d.contains("command   instanas search --run r"), d);
        assertTrue(d.contains("pretrainLr") && d.contains("0.02"), d);
    }

    @Test
    void theNewestOpenStageOfALiveRunIsRunning() {
        List<StageHistoryViewModel.Row> rows = StageHistoryViewModel.rowsOf(HISTORY, true);
        assertEquals("running", rows.get(3).status());
        assertEquals("", rows.get(3).duration());
    }

    @Test
    void steeringChangesBelongToTheirStageRunAndEndNothing() {
        List<StageRecord> h = List.of(
                start("search", "2026-12-01T19:40:00Z", false, null),
                StageRecord.steer("search", "2026-12-01T19:41:00Z", 40, Map.of("ub", 1.2), "steer.json"),
                StageRecord.steer("search", "2026-12-01T19:42:00Z", 90, Map.of("ub", 1.1, "beta", 0.05), "steer.json"),
                StageRecord.end("search", "2026-12-01T19:50:00Z", "completed", 186, null));
        List<StageHistoryViewModel.Row> rows = StageHistoryViewModel.rowsOf(h, false);
        assertEquals(1, rows.size(), "a steering line is not the end of the stage");
        assertEquals("completed", rows.get(0).status());
        assertEquals(
                List.of("step 40: UB 1.2 ms", "step 90: UB 1.1 ms, β 0.05"),
                rows.get(0).steeringLines());
        assertEquals("steered 2×, last step 90: UB 1.1 ms, β 0.05", rows.get(0).changes());
        assertTrue(
                rows.get(0).details().contains("steered while it ran"),
                rows.get(0).details());
    }
}
