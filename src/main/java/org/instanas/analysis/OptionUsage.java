// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.instanas.run.Arch;
import org.instanas.run.EvalSummary;
import org.instanas.run.RoutingRow;

/** How often each option of each cell is selected: a 17 × 5 matrix of fractions in [0, 1]. */
public final class OptionUsage {
    private OptionUsage() {}

    /** Option usage of one evaluated checkpoint. */
    public record AtEpoch(String checkpoint, String stage, int epoch, int images, double[][] frequency) {}

    /** {@code f[cell][option]}: share of the rows whose architecture selects that option (NaN if no rows). */
    public static double[][] frequency(List<RoutingRow> rows) {
        double[][] f = new double[Arch.CELLS][Arch.OPTIONS];
        for (RoutingRow r : rows) {
            String a = r.arch();
            for (int i = 0; i < Arch.LENGTH; i++) {
                if (a.charAt(i) == '1') {
                    f[i / Arch.OPTIONS][i % Arch.OPTIONS]++;
                }
            }
        }
        for (double[] row : f) {
            for (int a = 0; a < row.length; a++) {
                row[a] = rows.isEmpty() ? Double.NaN : row[a] / rows.size();
            }
        }
        return f;
    }

    /** Option usage among the images of one class. */
    public static double[][] frequency(List<RoutingRow> rows, int label) {
        return frequency(rows.stream().filter(r -> r.label() == label).toList());
    }

    /** Mean controller probability per cell and option. */
    public static double[][] meanProbability(List<RoutingRow> rows) {
        double[][] f = new double[Arch.CELLS][Arch.OPTIONS];
        for (RoutingRow r : rows) {
            for (int i = 0; i < Arch.LENGTH; i++) {
                f[i / Arch.OPTIONS][i % Arch.OPTIONS] += r.probs()[i];
            }
        }
        for (double[] row : f) {
            for (int a = 0; a < row.length; a++) {
                row[a] = rows.isEmpty() ? Double.NaN : row[a] / rows.size();
            }
        }
        return f;
    }

    /**
     * Option usage of every evaluation, oldest first (by evaluation time).
     *
     * @param rowsOf routing rows of a checkpoint name; evaluations it returns null or nothing for are skipped
     */
    public static List<AtEpoch> overEpochs(List<EvalSummary> evals, Function<String, List<RoutingRow>> rowsOf) {
        List<AtEpoch> out = new ArrayList<>();
        for (EvalSummary e : Evaluations.chronological(evals)) {
            List<RoutingRow> rows = rowsOf.apply(e.checkpoint());
            if (rows == null || rows.isEmpty()) {
                continue;
            }
            out.add(new AtEpoch(e.checkpoint(), e.stage(), e.epoch(), rows.size(), frequency(rows)));
        }
        return out;
    }
}
