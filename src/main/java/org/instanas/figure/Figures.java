// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.figure;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.instanas.analysis.Difficulty;
import org.instanas.analysis.DifficultyCalibration;
import org.instanas.analysis.Evaluations;
import org.instanas.analysis.ProjectionResult;
import org.instanas.analysis.VariantsTable;
import org.instanas.run.Arch;
import org.instanas.run.EvalSummary;
import org.instanas.run.LatencyTable;
import org.instanas.run.RoutingCsv;
import org.instanas.run.RoutingRow;
import org.instanas.run.RunSnapshot;

/**
 * The figure pack of a run, by id: curves, latency, usage, gallery, map, variants, arch, histogram, and
 * calibration (when a baseline trained alone is known).
 */
public final class Figures {
    /** Every figure id, in pack order. */
    public static final List<String> IDS =
            List.of("curves", "latency", "usage", "gallery", "map", "variants", "arch", "histogram", "calibration");

    /** Classes shown in the default gallery, and images per class. */
    public static final int GALLERY_CLASSES = 5;

    public static final int GALLERY_PER_ROW = 10;

    private Figures() {}

    /** The figures a run has data for (see {@link #forRun(RunSnapshot, String, IntFunction, ProjectionResult, List)}). */
    public static Map<String, Figure> forRun(
            RunSnapshot snap, String checkpoint, IntFunction<BufferedImage> images, ProjectionResult proj) {
        return forRun(snap, checkpoint, images, proj, null);
    }

    /**
     * Builds every figure the run has data for; figures without data are left out.
     *
     * @param checkpoint evaluated checkpoint for the per-image figures; null: the newest evaluation
     * @param images     test-image index → thumbnail; null: numbered placeholders in the gallery
     * @param proj       a projection of that checkpoint's routing rows; null: no map
     * @param classNames class names by label; null: "class N"
     */
    public static Map<String, Figure> forRun(
            RunSnapshot snap,
            String checkpoint,
            IntFunction<BufferedImage> images,
            ProjectionResult proj,
            List<String> classNames) {
        return forRun(snap, checkpoint, images, proj, classNames, null);
    }

    /**
     * As {@link #forRun(RunSnapshot, String, IntFunction, ProjectionResult, List)}, with the variants
     * figure drawn from {@code variants} (e.g. with evaluations of other runs and a baseline trained
     * alone); null: the run's own evaluations.
     */
    public static Map<String, Figure> forRun(
            RunSnapshot snap,
            String checkpoint,
            IntFunction<BufferedImage> images,
            ProjectionResult proj,
            List<String> classNames,
            VariantsTable variants) {
        Map<String, Figure> out = new LinkedHashMap<>();
        if (snap.metrics().stream().anyMatch(r -> !r.values().isEmpty())) {
            out.put(
                    "curves",
                    new CurvesFigure(
                            List.of(new CurvesFigure.Run(snap.info().name(), snap.metrics())),
                            CurvesFigure.Options.of(CurvesFigure.defaultKeys(snap.metrics()))));
        }
        if (snap.latency() != null) {
            out.put("latency", new LatencyHeatmapFigure(snap.latency()));
        }
        EvalSummary eval = evaluation(snap, checkpoint);
        List<RoutingRow> rows = eval == null ? List.of() : rows(snap, eval.checkpoint());
        boolean[] entry = snap.latency() != null ? snap.latency().stageEntry() : null;
        if (!rows.isEmpty()) {
            out.put("usage", OptionUsageFigure.of(rows, eval.checkpoint(), entry));
            out.put(
                    "gallery",
                    GalleryFigure.slowFast(
                            rows,
                            classNames,
                            GalleryFigure.defaultClasses(rows, GALLERY_CLASSES),
                            GALLERY_PER_ROW,
                            images));
        }
        if (proj != null && !rows.isEmpty() && proj.sampledFrom() == rows.size()) {
            out.put("map", new ProjectionFigure(proj, rows, classNames, ProjectionFigure.ColorBy.LATENCY));
        }
        if (variants != null && !variants.variants().isEmpty()) {
            out.put("variants", new VariantsFigure(variants, true));
        } else if (!snap.evaluations().isEmpty()) {
            out.put("variants", new VariantsFigure(snap.evaluations(), true));
        }
        if (!rows.isEmpty()) {
            out.put("arch", representative(rows, snap.latency(), classNames));
            double base = snap.latency() != null ? snap.latency().baseline() : eval.mbv2LatencyMs();
            out.put(
                    "histogram",
                    new LatencyHistogramFigure(rows, base > 0 ? base : Double.NaN, false, eval.checkpoint()));
        }
        return out;
    }

    /**
     * The difficulty calibration of an evaluated checkpoint's routes against the newest evaluation of
     * a baseline run (the MobileNetV2 path trained alone); null when the baseline has none or the two
     * share no test image.
     */
    public static CalibrationFigure calibration(
            RunSnapshot snap, String checkpoint, RunSnapshot baseline, List<String> classNames) {
        EvalSummary b = Evaluations.newest(baseline.evaluations());
        List<RoutingRow> rows = checkpoint == null ? List.of() : rows(snap, checkpoint);
        if (b == null || rows.isEmpty()) {
            return null;
        }
        List<RoutingRow> base = rows(baseline, b.checkpoint());
        try {
            DifficultyCalibration cal = DifficultyCalibration.of(rows, base, classNames);
            return new CalibrationFigure(
                    cal,
                    snap.info().name() + " / " + checkpoint + " against "
                            + baseline.info().name() + " / " + b.checkpoint()
                            + " (the MobileNetV2 path trained alone)");
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The named evaluation, or the newest one (by its time); null if there is none. */
    public static EvalSummary evaluation(RunSnapshot snap, String checkpoint) {
        List<EvalSummary> evals = snap.evaluations();
        if (evals.isEmpty()) {
            return null;
        }
        if (checkpoint != null) {
            return evals.stream()
                    .filter(e -> checkpoint.equals(e.checkpoint()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("checkpoint " + checkpoint
                            + " has no evaluation in " + snap.dir().root() + " (evaluated: "
                            + String.join(
                                    ", ",
                                    evals.stream().map(EvalSummary::checkpoint).toList()) + ")"));
        }
        return Evaluations.newest(evals);
    }

    /** The routing rows of an evaluated checkpoint (empty if its CSV is missing). */
    public static List<RoutingRow> rows(RunSnapshot snap, String checkpoint) {
        var file = snap.dir().routingCsv(checkpoint);
        return Files.isRegularFile(file) ? RoutingCsv.read(file) : List.of();
    }

    /**
     * A representative architecture: the one most images are routed through (with their mean
     * probabilities) when it covers at least 5 % of them, else that of the median-latency image.
     */
    public static ArchitectureFigure representative(
            List<RoutingRow> rows, LatencyTable table, List<String> classNames) {
        ArchitectureFigure f = mostFrequent(rows, table, 0.05);
        if (f != null) {
            return f;
        }
        List<RoutingRow> sorted = rows.stream().sorted(Difficulty.BY_LATENCY).toList();
        RoutingRow m = sorted.get((sorted.size() - 1) / 2);
        return new ArchitectureFigure(
                m.arch(),
                table,
                m.probs(),
                "median-latency test image #" + m.index() + " (" + Difficulty.className(classNames, m.label()) + ")");
    }

    /** The architecture most images are routed through, with their mean probabilities; null below minShare. */
    public static ArchitectureFigure mostFrequent(List<RoutingRow> rows, LatencyTable table, double minShare) {
        Map<String, Integer> count = new HashMap<>();
        for (RoutingRow r : rows) {
            count.merge(r.arch(), 1, Integer::sum);
        }
        String arch = count.entrySet().stream()
                .max(Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue)
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .orElseThrow()
                .getKey();
        if (count.get(arch) < minShare * rows.size()) {
            return null;
        }
        float[] p = new float[Arch.LENGTH];
        int n = 0;
        for (RoutingRow r : rows) {
            if (r.arch().equals(arch)) {
                for (int i = 0; i < p.length; i++) {
                    p[i] += r.probs()[i];
                }
                n++;
            }
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= n;
        }
        return new ArchitectureFigure(arch, table, p, "most frequent: " + n + " of " + rows.size() + " test images");
    }
}
