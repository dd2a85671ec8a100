// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.instanas.run.RoutingRow;

/**
 * Is "hard" what the controller thinks is hard? The latency of each test image's route against a
 * difficulty measured without the controller: whether the MobileNetV2 path trained alone (the
 * baseline) misclassifies the image. Per class and overall: the rank correlation of route latency with
 * that 0/1 difficulty (Spearman, with ties: a rank-biserial correlation), and the mean route latency
 * of the images the baseline gets wrong against those it gets right. The paper's claim predicts a
 * positive correlation: images the plain network fails on get the slower, more elaborate routes.
 *
 * @param images    test images present in both evaluations
 * @param spearman  rank correlation of route latency and baseline error, all images
 * @param hardMs    mean route latency of the images the baseline misclassifies
 * @param easyMs    mean route latency of the images the baseline classifies right
 * @param hard      images the baseline misclassifies
 * @param classes   the same per class (classes without both kinds of image have NaN correlations)
 */
public record DifficultyCalibration(
        int images, double spearman, double hardMs, double easyMs, int hard, List<ClassRow> classes) {

    /** One class: its images, correlation, and mean route latency of the baseline's errors and successes. */
    public record ClassRow(
            int label, String name, int images, int hard, double spearman, double hardMs, double easyMs) {}

    /**
     * @param routed     the evaluated checkpoint's routing rows (route latency per test image)
     * @param baseline   the baseline's routing rows of the same test split (joined by image index)
     * @param classNames class names by label (may be shorter than the labels: "class N")
     */
    public static DifficultyCalibration of(
            List<RoutingRow> routed, List<RoutingRow> baseline, List<String> classNames) {
        Map<Integer, RoutingRow> byIndex = new HashMap<>();
        for (RoutingRow r : baseline) {
            byIndex.put(r.index(), r);
        }
        List<double[]> pairs = new ArrayList<>(); // latency, baseline wrong, label
        for (RoutingRow r : routed) {
            RoutingRow b = byIndex.get(r.index());
            if (b != null) {
                pairs.add(new double[] {r.latencyMs(), b.correct() ? 0 : 1, r.label()});
            }
        }
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException(
                    "the two evaluations share no test image: evaluate both on the same test split");
        }
        int classes = (int) pairs.stream().mapToDouble(p -> p[2]).max().orElse(0) + 1;
        List<ClassRow> rows = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            int label = c;
            List<double[]> in = pairs.stream().filter(p -> p[2] == label).toList();
            if (in.isEmpty()) {
                continue;
            }
            Summary s = summary(in);
            rows.add(
                    new ClassRow(c, Difficulty.className(classNames, c), in.size(), s.hard, s.rho, s.hardMs, s.easyMs));
        }
        Summary all = summary(pairs);
        return new DifficultyCalibration(pairs.size(), all.rho, all.hardMs, all.easyMs, all.hard, rows);
    }

    private record Summary(int hard, double rho, double hardMs, double easyMs) {}

    private static Summary summary(List<double[]> pairs) {
        double[] lat = new double[pairs.size()];
        double[] wrong = new double[pairs.size()];
        double hardSum = 0;
        double easySum = 0;
        int hard = 0;
        for (int i = 0; i < lat.length; i++) {
            lat[i] = pairs.get(i)[0];
            wrong[i] = pairs.get(i)[1];
            if (wrong[i] == 1) {
                hard++;
                hardSum += lat[i];
            } else {
                easySum += lat[i];
            }
        }
        int easy = lat.length - hard;
        return new Summary(
                hard,
                Stats.spearman(lat, wrong),
                hard == 0 ? Double.NaN : hardSum / hard,
                easy == 0 ? Double.NaN : easySum / easy);
    }

    /** One line: "ρ 0.12 over 1000 images; the baseline's 117 errors get 2.31 ms routes, its successes 2.10 ms". */
    public String describe() {
        return String.format(
                Locale.ROOT,
                "rank correlation of route latency with the baseline's errors %.3f over %d test images; the %d images "
                        + "the MobileNetV2 path trained alone misclassifies get %.3f ms routes, the others %.3f ms "
                        + "(%+.1f %%)",
                spearman,
                images,
                hard,
                hardMs,
                easyMs,
                100 * (hardMs / easyMs - 1));
    }
}
