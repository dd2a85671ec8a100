// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.analysis;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.instanas.run.EvalSummary;
import org.instanas.run.RunConfig;
import org.instanas.run.RunDirectory;
import org.instanas.run.RunInfo;
import org.instanas.run.RunSnapshot;
import org.instanas.run.SweepPlan;
import org.instanas.run.UserException;

/**
 * The evaluations of every run of a sweep ({@link SweepPlan}) for one variants table: each variant
 * run's evaluations named "RUN/checkpoint" (the search's and the fine-tuning's; the table keeps the
 * best of each controller), and the newest evaluation of the sweep's MobileNetV2 path trained alone,
 * the reference, when it has one.
 *
 * @param folder   the sweep folder
 * @param variants the variant runs' evaluations, prefixed with the run's name
 * @param baseline the baseline's newest evaluation, or null (not trained or not evaluated yet)
 * @param runs     the variant runs read, in the plan's order
 */
public record SweepEvaluations(Path folder, List<EvalSummary> variants, EvalSummary baseline, List<String> runs) {

    /** The sweep a run belongs to, read; null when the run is not part of one. */
    public static SweepEvaluations ofRun(Path run) {
        Path folder = SweepPlan.sweepOf(run);
        return folder == null ? null : read(folder);
    }

    /** Reads every run of a sweep folder that exists; a damaged member is a user error naming it. */
    public static SweepEvaluations read(Path folder) {
        SweepPlan plan = SweepPlan.read(folder);
        if (plan == null) {
            throw new UserException(folder + ": not a sweep (no " + SweepPlan.FILE + ")");
        }
        List<EvalSummary> variants = new ArrayList<>();
        List<String> runs = new ArrayList<>();
        EvalSummary baseline = null;
        for (Map.Entry<String, Path> m : SweepPlan.members(folder).entrySet()) {
            // the run's settings and evaluation summaries: its metrics are not needed here
            RunDirectory dir = new RunDirectory(m.getValue());
            List<EvalSummary> evals;
            boolean alone;
            try {
                alone = RunConfig.fromMap(RunInfo.read(dir.runJson()).config()).trainsMobileNetV2Alone();
                evals = RunSnapshot.evaluations(dir, w -> {});
            } catch (RuntimeException e) {
                throw new UserException(m.getValue() + ": " + e.getMessage(), e);
            }
            if (alone) {
                baseline = Evaluations.newest(evals);
                continue;
            }
            runs.add(m.getKey());
            for (EvalSummary e : evals) {
                variants.add(Evaluations.renamed(e, m.getKey() + "/" + e.checkpoint()));
            }
        }
        return new SweepEvaluations(folder, variants, baseline, runs);
    }

    /** The variants table of the sweep against its baseline (or {@code alone}, when given). */
    public VariantsTable table(EvalSummary alone) {
        return VariantsTable.of(variants, alone != null ? alone : baseline);
    }
}
