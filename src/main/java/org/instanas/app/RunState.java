// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.app;

import java.util.List;
import org.instanas.run.CheckpointInfo;
import org.instanas.run.EvalSummary;
import org.instanas.run.LatencyTable;
import org.instanas.run.RunDirectory;
import org.instanas.run.RunInfo;
import org.instanas.run.StageRecord;

/**
 * What a {@link RunWatcher} knows of a run besides its metrics, at one moment. The version numbers
 * grow whenever the part they name changes, so a pane redraws only what changed.
 *
 * @param info            run.json, null while a run started here has not written it yet
 * @param latency         latency.json, null until profiled
 * @param checkpoints     complete checkpoints, oldest first
 * @param evaluations     names of evaluated checkpoints (routing CSV + summary), oldest first
 * @param summaries       their summaries, in the same order where readable
 * @param warnings        problems found while reading (malformed lines, unreadable files)
 * @param loaded          the first full read has finished
 * @param lastChangeMillis wall-clock time the metrics file last grew (0 = never seen)
 * @param stages          the stage history (stages.jsonl), oldest first
 */
public record RunState(
        RunDirectory dir,
        RunInfo info,
        LatencyTable latency,
        List<CheckpointInfo> checkpoints,
        List<String> evaluations,
        List<EvalSummary> summaries,
        List<String> warnings,
        boolean loaded,
        long lastChangeMillis,
        long infoVersion,
        long latencyVersion,
        long checkpointsVersion,
        long evaluationsVersion,
        List<StageRecord> stages,
        long stagesVersion) {

    public String name() {
        return info != null && info.name() != null && !info.name().isBlank()
                ? info.name()
                : String.valueOf(dir.root().getFileName());
    }

    /** True when the metrics file grew in the last {@code withinMillis}. */
    public boolean isLive(long withinMillis) {
        return lastChangeMillis > 0 && System.currentTimeMillis() - lastChangeMillis < withinMillis;
    }
}
