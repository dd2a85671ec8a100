// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.instanas.run.Arch;
import org.instanas.run.LatencyTable;

/**
 * Measures the per-(cell, option) latency table on the current device (docs/algorithm.md §4; how it
 * differs from the original's protocol in §12): batch 1, eval mode, no autograd, warm-up runs then
 * repeated timing; the table holds the median, the spread is p90 − p10.
 */
public final class LatencyProfiler {
    private LatencyProfiler() {}

    public static LatencyTable measure(
            MetaGraph net,
            NDManager manager,
            String device,
            int threads,
            int warmup,
            int repeats,
            BooleanSupplier cancelled) {
        Preset p = net.preset();
        double[][] ms = new double[Arch.CELLS][Arch.OPTIONS];
        double[][] spread = new double[Arch.CELLS][Arch.OPTIONS];
        try (NDManager m = manager.newSubManager()) {
            NDArray h = net.stem(m.ones(new Shape(1, p.inputChannels(), p.inputSize(), p.inputSize())), Pass.EVAL);
            for (int t = 0; t < Arch.CELLS; t++) {
                NDArray next = null;
                for (int a = 0; a < Arch.OPTIONS; a++) {
                    if (cancelled.getAsBoolean()) {
                        throw new CancellationException("profiling cancelled");
                    }
                    double[] times = new double[repeats];
                    NDArray out = null;
                    for (int i = 0; i < warmup + repeats; i++) {
                        try (NDManager it = m.newSubManager()) {
                            // a copy on this iteration's manager: every intermediate of the option's
                            // forward lives on its first operand's manager, so all are freed here
                            NDArray in = h.duplicate();
                            in.attach(it);
                            long t0 = System.nanoTime();
                            NDArray o = net.option(t, a, in, Pass.EVAL);
                            o.toFloatArray(); // wait for the result (also on a GPU)
                            long dt = System.nanoTime() - t0;
                            if (i >= warmup) {
                                times[i - warmup] = dt / 1e6;
                            }
                            if (i == warmup + repeats - 1) {
                                out = o.duplicate();
                                out.attach(m);
                            }
                        }
                    }
                    Arrays.sort(times);
                    ms[t][a] = quantile(times, 0.5);
                    spread[t][a] = quantile(times, 0.9) - quantile(times, 0.1);
                    next = next == null ? out : next.add(out);
                }
                h = next;
            }
        }
        return new LatencyTable(
                ms,
                net.stageEntries(),
                device,
                threads,
                "median of " + repeats + " timed runs after " + warmup + " warm-ups; batch 1, eval mode, no autograd",
                spread,
                OffsetDateTime.now().toString());
    }

    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    /** A deterministic proxy table (MACs of each option, in millions) for tests and reproducible runs. */
    public static LatencyTable macs(Preset p) {
        int[][] cells = p.cells();
        double[][] ms = new double[Arch.CELLS][Arch.OPTIONS];
        int size = p.inputSize() / p.stemStride();
        int[][] ke = {{3, 6}, {3, 3}, {5, 6}, {5, 3}};
        for (int t = 0; t < Arch.CELLS; t++) {
            int in = cells[t][0];
            int out = cells[t][1];
            int s = cells[t][2];
            int hOut = (size + s - 1) / s;
            for (int a = 0; a < 4; a++) {
                long hid = Math.round((double) ke[a][1] * in);
                double macs = (double) size * size * in * hid
                        + (double) hOut * hOut * hid * ke[a][0] * ke[a][0]
                        + (double) hOut * hOut * hid * out;
                ms[t][a] = macs / 1e6;
            }
            ms[t][4] = ((double) hOut * hOut * in * out * 9 + (double) hOut * hOut * out * out * 9) / 1e6;
            size = hOut;
        }
        return new LatencyTable(
                ms,
                p.stageEntries(),
                "MACs",
                0,
                "multiply-accumulates per option (millions), a deterministic proxy",
                null,
                OffsetDateTime.now().toString());
    }
}
