// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** The accuracy–latency Pareto front: maximise accuracy, minimise latency. */
public final class Pareto {
    private Pareto() {}

    /**
     * Indices of the non-dominated points, by ascending latency (so accuracy strictly increases along
     * the result). A point is dominated when another is at least as fast and at least as accurate and
     * strictly better in one; of exact duplicates the first is kept. Points with a NaN are ignored.
     */
    public static int[] front(double[] latency, double[] accuracy) {
        if (latency.length != accuracy.length) {
            throw new IllegalArgumentException("latency and accuracy differ in length");
        }
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < latency.length; i++) {
            if (Double.isFinite(latency[i]) && Double.isFinite(accuracy[i])) {
                idx.add(i);
            }
        }
        idx.sort(Comparator.<Integer>comparingDouble(i -> latency[i])
                .thenComparing(i -> -accuracy[i])
                .thenComparingInt(i -> i));
        List<Integer> out = new ArrayList<>();
        double best = Double.NEGATIVE_INFINITY;
        for (int i : idx) {
            if (accuracy[i] > best) {
                out.add(i);
                best = accuracy[i];
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    public static <T> List<T> front(List<T> items, ToDoubleFunction<T> latency, ToDoubleFunction<T> accuracy) {
        double[] l = items.stream().mapToDouble(latency).toArray();
        double[] a = items.stream().mapToDouble(accuracy).toArray();
        List<T> out = new ArrayList<>();
        for (int i : front(l, a)) {
            out.add(items.get(i));
        }
        return out;
    }

    /** Whether point p (lp, ap) is dominated by q (lq, aq). */
    public static boolean dominated(double lp, double ap, double lq, double aq) {
        return lq <= lp && aq >= ap && (lq < lp || aq > ap);
    }
}
