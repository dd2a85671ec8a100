// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.instanas.run.EvalSummary;

/** Ordering of evaluations: the run directory lists them by name, which is not the order they were made in. */
public final class Evaluations {
    private Evaluations() {}

    /** By evaluation time (ISO-8601 strings compare chronologically), then by name; missing times first. */
    public static final Comparator<EvalSummary> CHRONOLOGICAL = Comparator
            .comparing((EvalSummary e) -> e.time() == null ? "" : e.time())
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
}
