// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.instanas.run.EvalSummary;

/** Ordering of evaluations: the run directory lists them by name, which is not the order they were made in. */
public final class Evaluations {
    private Evaluations() {}

    /** By evaluation time (ISO-8601 strings compare chronologically), then by name; missing times first. */
    public static final Comparator<EvalSummary> CHRONOLOGICAL = Comparator.comparing(
                    (EvalSummary e) -> e.time() == null ? "" : e.time())
            .thenComparing(e -> e.checkpoint() == null ? "" : e.checkpoint());

    public static List<EvalSummary> chronological(List<EvalSummary> evals) {
        List<EvalSummary> out = new ArrayList<>(evals);
        out.sort(CHRONOLOGICAL);
        return out;
    }

    /** The most recent evaluation, or null. */
    public static EvalSummary newest(List<EvalSummary> evals) {
        return evals.stream().max(CHRONOLOGICAL).orElse(null);
    }

    /**
     * The evaluations of several runs in one list, e.g. variants fine-tuned from different search
     * epochs in copies of one run. The first run's keep their names; the others' are prefixed with
     * "RUN/" and an evaluation already listed (same checkpoint and time: copied with the run) is
     * left out.
     *
     * @param byRun run name → its evaluations, in order (first = the main run)
     */
    public static List<EvalSummary> merge(Map<String, List<EvalSummary>> byRun) {
        List<EvalSummary> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        boolean first = true;
        for (Map.Entry<String, List<EvalSummary>> run : byRun.entrySet()) {
            for (EvalSummary e : run.getValue()) {
                if (!seen.add(e.checkpoint() + "\u0000" + e.time())) {
                    continue;
                }
                out.add(first ? e : renamed(e, run.getKey() + "/" + e.checkpoint()));
            }
            first = false;
        }
        return out;
    }

    static EvalSummary renamed(EvalSummary e, String name) {
        return new EvalSummary(
                name,
                e.stage(),
                e.epoch(),
                e.images(),
                e.accuracy(),
                e.latencyMeanMs(),
                e.latencyStdMs(),
                e.measuredMeanMs(),
                e.measuredStdMs(),
                e.uniqueArchs(),
                e.meanActiveOptions(),
                e.mbv2Accuracy(),
                e.mbv2LatencyMs(),
                e.mbv2MeasuredMeanMs(),
                e.mbv2MeasuredStdMs(),
                e.ub(),
                e.lb(),
                e.classAccuracy(),
                e.classLatencyMs(),
                e.time(),
                e.controllerMeanMs(),
                e.networkMeanMs(),
                e.measuredPairedRatio(),
                e.split());
    }
}
