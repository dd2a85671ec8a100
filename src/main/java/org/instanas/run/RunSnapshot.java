// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.run;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Everything a front end shows of a run, read in one go. A run without {@code run.json} is refused;
 * everything else is optional (a run that has only just started has no latency table yet).
 */
public record RunSnapshot(
        RunDirectory dir,
        RunInfo info,
        LatencyTable latency,
        List<MetricRecord> metrics,
        List<CheckpointInfo> checkpoints,
        List<EvalSummary> evaluations,
        List<String> warnings) {

    public static RunSnapshot load(RunDirectory dir) {
        if (!Files.isDirectory(dir.root())) {
            throw new RunFormatException(dir.root(), "is not a folder");
        }
        if (!dir.exists()) {
            throw new RunFormatException(dir.runJson(), "is missing: this folder is not an InstaNAS run");
        }
        List<String> warnings = new ArrayList<>();
        RunInfo info = RunInfo.read(dir.runJson());
        LatencyTable latency = null;
        if (Files.isRegularFile(dir.latencyJson())) {
            try {
                latency = LatencyTable.read(dir.latencyJson());
            } catch (RunFormatException e) {
                warnings.add(e.getMessage());
            }
        }
        List<MetricRecord> metrics;
        try {
            metrics = MetricsFile.readAll(dir.metrics(), warnings::add);
        } catch (IOException e) {
            throw new RunFormatException(dir.metrics(), "cannot be read (" + e.getMessage() + ")", e);
        }
        List<EvalSummary> evals = evaluations(dir, warnings::add);
        return new RunSnapshot(dir, info, latency, metrics, dir.listCheckpoints(), evals, warnings);
    }

    /** The run's evaluation summaries; an unreadable one is reported to {@code warnings} and left out. */
    public static List<EvalSummary> evaluations(RunDirectory dir, Consumer<String> warnings) {
        List<EvalSummary> evals = new ArrayList<>();
        for (String name : dir.listEvaluations()) {
            try {
                evals.add(EvalSummary.read(dir.evalSummary(name)));
            } catch (RunFormatException e) {
                warnings.accept(e.getMessage());
            }
        }
        return evals;
    }
}
