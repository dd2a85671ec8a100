// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.instanas.run.Arch;
import org.instanas.run.RoutingRow;

/**
 * Per-image difficulty, proxied (as in the paper) by the latency of the architecture the controller
 * assigns: relative latency against a reference (by default the mean latency of the image's class,
 * the paper's signed percentages), the number of active options and the controller's entropy.
 */
public final class Difficulty {
    /** What the relative latency of an image is measured against (docs/algorithm.md §10.2). */
    public enum Reference {
        CLASS_MEAN,
        CLASS_MEDIAN,
        DATASET_MEAN,
        BASELINE
    }

    /**
     * One evaluated image.
     *
     * @param row           position in the routing rows
     * @param relLatency    (latency − reference) / reference, e.g. −0.12 for "−12%"
     * @param activeOptions number of selected options (ones in the 85-bit architecture)
     * @param entropy       mean Bernoulli entropy of the 85 probabilities, in bits (0 = certain, 1 = coin flip)
     */
    public record Image(
            int row,
            int index,
            int label,
            String className,
            int prediction,
            boolean correct,
            double latencyMs,
            double relLatency,
            int activeOptions,
            double entropy) {}

    public record ClassStats(
            int label,
            String name,
            int count,
            double meanMs,
            double medianMs,
            double stdMs,
            double minMs,
            double maxMs,
            double accuracy) {}

    /** The n fastest and the n slowest images, each in ascending latency (slowest last). */
    public record EasiestHardest(List<RoutingRow> easiest, List<RoutingRow> hardest) {}

    private final List<Image> images;
    private final List<ClassStats> classes;
    private final Reference reference;
    private final double meanMs;

    private Difficulty(List<Image> images, List<ClassStats> classes, Reference reference, double meanMs) {
        this.images = List.copyOf(images);
        this.classes = List.copyOf(classes);
        this.reference = reference;
        this.meanMs = meanMs;
    }

    /** Relative latency against the class mean (the paper's percentages). */
    public static Difficulty of(List<RoutingRow> rows, List<String> classNames) {
        return of(rows, classNames, Reference.CLASS_MEAN, Double.NaN);
    }

    /**
     * @param baselineMs latency of the MobileNetV2 path; needed only for {@link Reference#BASELINE}
     */
    public static Difficulty of(List<RoutingRow> rows, List<String> classNames, Reference ref, double baselineMs) {
        if (ref == Reference.BASELINE && !(baselineMs > 0)) {
            throw new IllegalArgumentException("a baseline latency is needed for the BASELINE reference");
        }
        Map<Integer, List<RoutingRow>> byClass = byClass(rows);
        List<ClassStats> classes = new ArrayList<>();
        Map<Integer, ClassStats> statsOf = new TreeMap<>();
        for (Map.Entry<Integer, List<RoutingRow>> e : byClass.entrySet()) {
            List<RoutingRow> rs = e.getValue();
            double[] lat = rs.stream().mapToDouble(RoutingRow::latencyMs).toArray();
            double acc = rs.stream().filter(RoutingRow::correct).count() / (double) rs.size();
            ClassStats cs = new ClassStats(
                    e.getKey(),
                    className(classNames, e.getKey()),
                    rs.size(),
                    Stats.mean(lat),
                    Stats.median(lat),
                    Stats.std(lat),
                    Stats.min(lat),
                    Stats.max(lat),
                    acc);
            classes.add(cs);
            statsOf.put(e.getKey(), cs);
        }
        double mean =
                Stats.mean(rows.stream().mapToDouble(RoutingRow::latencyMs).toArray());
        List<Image> images = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            RoutingRow r = rows.get(i);
            ClassStats cs = statsOf.get(r.label());
            double refMs = switch (ref) {
                case CLASS_MEAN -> cs.meanMs();
                case CLASS_MEDIAN -> cs.medianMs();
                case DATASET_MEAN -> mean;
                case BASELINE -> baselineMs;
            };
            images.add(new Image(
                    i,
                    r.index(),
                    r.label(),
                    cs.name(),
                    r.prediction(),
                    r.correct(),
                    r.latencyMs(),
                    refMs > 0 ? (r.latencyMs() - refMs) / refMs : Double.NaN,
                    Arch.activeOptions(r.arch()),
                    entropyBits(r.probs())));
        }
        return new Difficulty(images, classes, ref, mean);
    }

    public List<Image> images() {
        return images;
    }

    /** Per-class statistics, by ascending label (only classes that occur). */
    public List<ClassStats> classes() {
        return classes;
    }

    public ClassStats classStats(int label) {
        return classes.stream()
                .filter(c -> c.label() == label)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no image of class " + label));
    }

    public Reference reference() {
        return reference;
    }

    /** Mean latency over all images. */
    public double meanLatencyMs() {
        return meanMs;
    }

    /** Mean Bernoulli entropy of the probabilities in bits: −p log2 p − (1−p) log2 (1−p), averaged. */
    public static double entropyBits(float[] probs) {
        if (probs == null || probs.length == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (float f : probs) {
            double p = Math.min(1, Math.max(0, f));
            if (p > 0 && p < 1) {
                s -= p * Math.log(p) + (1 - p) * Math.log(1 - p);
            }
        }
        return s / probs.length / Math.log(2);
    }

    public static String className(List<String> names, int label) {
        return names != null && label >= 0 && label < names.size() ? names.get(label) : "class " + label;
    }

    static Map<Integer, List<RoutingRow>> byClass(List<RoutingRow> rows) {
        Map<Integer, List<RoutingRow>> m = new TreeMap<>();
        for (RoutingRow r : rows) {
            m.computeIfAbsent(r.label(), k -> new ArrayList<>()).add(r);
        }
        return m;
    }

    /** Shallow (fast) first; ties broken by fewer active options, then by image index. */
    public static final Comparator<RoutingRow> BY_LATENCY = Comparator.comparingDouble(RoutingRow::latencyMs)
            .thenComparingInt(r -> Arch.activeOptions(r.arch()))
            .thenComparingInt(RoutingRow::index);

    /**
     * The paper's slow/fast strip: images of one class ordered from the shallowest to the most
     * sophisticated architecture, {@code perRow} of them picked at evenly spaced quantiles of latency
     * (the first is the fastest, the last the slowest). Fewer when the class has fewer images.
     */
    public static List<RoutingRow> slowFast(List<RoutingRow> rows, int classIndex, int perRow) {
        List<RoutingRow> c = rows.stream()
                .filter(r -> r.label() == classIndex)
                .sorted(BY_LATENCY)
                .toList();
        return spread(c, perRow);
    }

    /** {@code k} items at evenly spaced positions of a sorted list, first and last included. */
    public static <T> List<T> spread(List<T> sorted, int k) {
        if (k <= 0 || sorted.isEmpty()) {
            return List.of();
        }
        if (sorted.size() <= k) {
            return List.copyOf(sorted);
        }
        List<T> out = new ArrayList<>(k);
        for (int j = 0; j < k; j++) {
            int pos = k == 1 ? (sorted.size() - 1) / 2 : (int) Math.round(j * (sorted.size() - 1) / (double) (k - 1));
            out.add(sorted.get(pos));
        }
        return out;
    }

    public static EasiestHardest easiestHardest(List<RoutingRow> rows, int n) {
        List<RoutingRow> s = rows.stream().sorted(BY_LATENCY).toList();
        int k = Math.min(n, s.size());
        return new EasiestHardest(List.copyOf(s.subList(0, k)), List.copyOf(s.subList(s.size() - k, s.size())));
    }

    /** Mean latency of the rows at the given positions (NaN for an empty selection). */
    public static double meanLatency(List<RoutingRow> rows, int[] positions) {
        if (positions.length == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (int p : positions) {
            s += rows.get(p).latencyMs();
        }
        return s / positions.length;
    }
}
