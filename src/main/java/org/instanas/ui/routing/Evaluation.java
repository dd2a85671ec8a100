// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.routing;

import java.util.List;
import org.instanas.run.EvalSummary;
import org.instanas.run.RoutingRow;

/**
 * One evaluated checkpoint, read: its summary and its routing rows (one per test image), with the
 * run it belongs to (class names, thumbnails, latency table).
 */
public record Evaluation(RunData run, EvalSummary summary, List<RoutingRow> rows) {
    public Evaluation {
        rows = List.copyOf(rows);
    }

    public String checkpoint() {
        return summary.checkpoint();
    }

    /** MobileNetV2-path latency: from the latency table, else from the evaluation summary (NaN if neither). */
    public double baselineMs() {
        if (run.snapshot().latency() != null) {
            return run.snapshot().latency().baseline();
        }
        return summary.mbv2LatencyMs() > 0 ? summary.mbv2LatencyMs() : Double.NaN;
    }
}
