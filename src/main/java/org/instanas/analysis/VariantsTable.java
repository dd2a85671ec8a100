// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.instanas.run.EvalSummary;

/**
 * The paper's result table (docs/algorithm.md §9) for the evaluated checkpoints of one run: error %, latency
 * mean ± std and its change against the MobileNetV2 path. Variants are lettered A, B, … from the
 * slowest to the fastest, as in the paper. Latencies are in milliseconds.
 *
 * <p>A variant is one architecture distribution: the evaluations of one controller (a search
 * checkpoint and the fine-tuning epochs that start from it, which freeze the controller) route every
 * test image the same way, so they are one row, with the best accuracy among them.
 *
 * @param rows     the MobileNetV2 path first (when known), then the variants A, B, …
 */
public record VariantsTable(List<Row> rows) {
    /**
     * @param label         {@link #BASELINE_LABEL}, {@link #ALONE_LABEL} or the variant letter
     * @param latencyMs     mean table latency per image, {@code latencyStdMs} its standard deviation
     * @param latencyChange relative to the MobileNetV2 path of the same evaluation (−0.4 = 40 % faster)
     * @param measuredMs    measured wall-clock latency per image (NaN if not measured)
     * @param pareto        on the accuracy–latency front of the variants
     * @param baseline      this is the MobileNetV2 path row
     * @param evaluations   evaluations of this architecture distribution; the row is the most accurate
     * @param measuredChange controller + routed network against the MobileNetV2 path timed right after
     *                      it, image by image (median of the ratios, minus 1; −0.2 = 20 % faster): the
     *                      measured comparison a machine's changes of speed cannot move; NaN when the
     *                      evaluation did not record it
     */
    public record Row(
            String label,
            String checkpoint,
            String stage,
            int epoch,
            int images,
            double accuracyPct,
            double errorPct,
            double latencyMs,
            double latencyStdMs,
            double latencyChange,
            double measuredMs,
            double measuredStdMs,
            int uniqueArchs,
            boolean pareto,
            boolean baseline,
            int evaluations,
            double measuredChange) {
        /**
         * Faster and at least as accurate as the MobileNetV2 path trained alone (bold and underlined in
         * the paper). The meta-graph's own MobileNetV2 path is no such reference: trained as one of
         * many paths, it is far less accurate than the same network trained alone, so nothing is
         * marked against it.
         */
        public boolean beats(Row base) {
            return base != null
                    && ALONE_LABEL.equals(base.label)
                    && !baseline
                    && latencyMs < base.latencyMs
                    && accuracyPct >= base.accuracyPct;
        }
    }

    /** Label of the one-shot meta-graph's own MobileNetV2 path (trained as one path among many). */
    public static final String BASELINE_LABEL = "MobileNetV2 path (in the meta-graph)";
    /** Label of a MobileNetV2 path trained on its own (a fixed-architecture run), the paper's baseline. */
    public static final String ALONE_LABEL = "MobileNetV2 (trained alone)";

    public static VariantsTable of(List<EvalSummary> all) {
        return of(all, null);
    }

    /**
     * @param alone the evaluation of a MobileNetV2 path trained alone ({@code pretrain --fixed-arch mbv2}):
     *              when given, it is the baseline row (its accuracy and measured latency; the table
     *              latency of the variants' own MobileNetV2 path, so that latency changes stay on one
     *              table) instead of the one-shot meta-graph's MobileNetV2 path; null: the latter
     */
    public static VariantsTable of(List<EvalSummary> all, EvalSummary alone) {
        // the evaluate stage re-evaluates a checkpoint as "final-NAME": keep that one, not both
        Set<String> finals = new HashSet<>();
        for (EvalSummary e : all) {
            // names may carry a run prefix ("RUN/final-NAME", see Evaluations.merge)
            String name = e.checkpoint();
            int slash = name.lastIndexOf('/') + 1;
            if (name.startsWith("final-", slash)) {
                finals.add(name.substring(0, slash) + name.substring(slash + "final-".length()));
            }
        }
        List<EvalSummary> evals =
                all.stream().filter(e -> !finals.contains(e.checkpoint())).toList();
        List<Row> out = new ArrayList<>();
        if (evals.isEmpty()) {
            return new VariantsTable(out);
        }
        EvalSummary newest = Evaluations.newest(evals);
        if (alone != null) {
            double acc = percent(alone.accuracy());
            double lat = newest.mbv2LatencyMs() > 0 ? newest.mbv2LatencyMs() : alone.latencyMeanMs();
            out.add(new Row(
                    ALONE_LABEL,
                    alone.checkpoint(),
                    alone.stage(),
                    alone.epoch(),
                    alone.images(),
                    acc,
                    100 - acc,
                    lat,
                    0,
                    0,
                    alone.measuredMeanMs(),
                    alone.measuredStdMs(),
                    1,
                    false,
                    true,
                    1,
                    pairedChange(alone)));
        } else if (newest.mbv2LatencyMs() > 0) {
            double acc = percent(newest.mbv2Accuracy());
            out.add(new Row(
                    BASELINE_LABEL,
                    newest.checkpoint(),
                    newest.stage(),
                    newest.epoch(),
                    newest.images(),
                    acc,
                    100 - acc,
                    newest.mbv2LatencyMs(),
                    0,
                    0,
                    newest.mbv2MeasuredMeanMs(),
                    newest.mbv2MeasuredStdMs(),
                    1,
                    false,
                    true,
                    1,
                    0));
        }
        Map<String, List<EvalSummary>> byDistribution = new LinkedHashMap<>();
        for (EvalSummary e : evals) {
            byDistribution
                    .computeIfAbsent(distribution(e), k -> new ArrayList<>())
                    .add(e);
        }
        Map<EvalSummary, Integer> count = new HashMap<>();
        for (List<EvalSummary> same : byDistribution.values()) {
            EvalSummary best = same.stream()
                    .max(Comparator.comparingDouble(EvalSummary::accuracy)
                            .thenComparing(EvalSummary::time, Comparator.nullsFirst(Comparator.naturalOrder())))
                    .orElseThrow();
            count.put(best, same.size());
        }
        List<EvalSummary> sorted = new ArrayList<>(count.keySet());
        sorted.sort(Comparator.comparingDouble(EvalSummary::latencyMeanMs)
                .reversed()
                .thenComparing(EvalSummary::checkpoint));
        Set<EvalSummary> front =
                new HashSet<>(Pareto.front(sorted, EvalSummary::latencyMeanMs, e -> percent(e.accuracy())));
        for (int i = 0; i < sorted.size(); i++) {
            EvalSummary e = sorted.get(i);
            double acc = percent(e.accuracy());
            double change = e.mbv2LatencyMs() > 0 ? e.latencyChange() : Double.NaN;
            out.add(new Row(
                    letter(i),
                    e.checkpoint(),
                    e.stage(),
                    e.epoch(),
                    e.images(),
                    acc,
                    100 - acc,
                    e.latencyMeanMs(),
                    e.latencyStdMs(),
                    change,
                    e.measuredMeanMs(),
                    e.measuredStdMs(),
                    e.uniqueArchs(),
                    front.contains(e),
                    false,
                    count.get(e),
                    pairedChange(e)));
        }
        return new VariantsTable(out);
    }

    /**
     * What identifies an architecture distribution: the table latency of the test images' routes
     * (mean and standard deviation) and their number of distinct architectures, exact for evaluations
     * of one controller on one test split.
     */
    private static String distribution(EvalSummary e) {
        return String.format(
                Locale.ROOT, "%d|%.9g|%.9g|%d", e.images(), e.latencyMeanMs(), e.latencyStdMs(), e.uniqueArchs());
    }

    private static double pairedChange(EvalSummary e) {
        return e.measuredPairedRatio() > 0 ? e.measuredPairedRatio() - 1 : Double.NaN;
    }

    /** Accuracy as a percentage: values ≤ 1 are taken as fractions. */
    public static double percent(double accuracy) {
        return accuracy <= 1.0 ? accuracy * 100 : accuracy;
    }

    /** A, B, …, Z, AA, AB, … */
    public static String letter(int i) {
        StringBuilder sb = new StringBuilder();
        int n = i;
        do {
            sb.insert(0, (char) ('A' + n % 26));
            n = n / 26 - 1;
        } while (n >= 0);
        return sb.toString();
    }

    public Row baseline() {
        return rows.stream().filter(Row::baseline).findFirst().orElse(null);
    }

    public List<Row> variants() {
        return rows.stream().filter(r -> !r.baseline()).toList();
    }

    public static final List<String> HEADER = List.of(
            "model",
            "checkpoint",
            "err %",
            "latency (ms)",
            "lat diff",
            "measured (ms)",
            "measured diff",
            "unique archs",
            "pareto");

    /** The rows formatted as in the paper, matching {@link #HEADER}. */
    public List<List<String>> formatted() {
        List<List<String>> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(List.of(
                    r.label(),
                    checkpointText(r),
                    fmt("%.2f", r.errorPct()),
                    fmt("%.3f", r.latencyMs()) + " ± " + fmt("%.3f", r.latencyStdMs()),
                    change(r.latencyChange()),
                    Double.isFinite(r.measuredMs())
                            ? fmt("%.3f", r.measuredMs()) + " ± " + fmt("%.3f", r.measuredStdMs())
                            : "",
                    change(r.measuredChange()),
                    r.baseline() ? "" : Integer.toString(r.uniqueArchs()),
                    r.pareto() ? "yes" : ""));
        }
        return out;
    }

    /** The checkpoint of a row, with how many evaluations of its distribution it is the best of. */
    public static String checkpointText(Row r) {
        if (r.baseline()) {
            return r.label().equals(ALONE_LABEL) ? r.checkpoint() : "—";
        }
        return r.evaluations() > 1 ? r.checkpoint() + " (best of " + r.evaluations() + ")" : r.checkpoint();
    }

    /** "−40.2%", "+3.1%", "0%". */
    public static String change(double c) {
        if (!Double.isFinite(c)) {
            return "";
        }
        double p = c * 100;
        if (Math.abs(p) < 0.05) {
            return "0%";
        }
        return (p < 0 ? "\u2212" : "+") + fmt("%.1f", Math.abs(p)) + "%";
    }

    private static String fmt(String f, double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, f, v) : "";
    }
}
