// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.instanas.analysis.Stats;
import org.instanas.run.Arch;
import org.instanas.run.LatencyTable;

/**
 * Measures the per-(cell, option) latency table on the current device (docs/algorithm.md §4; how it
 * differs from the original's protocol in §12): batch 1, eval mode, no autograd, warm-up runs then
 * repeated timing; the table holds the median, the spread is p90 − p10.
 */
public final class LatencyProfiler {
    private LatencyProfiler() {}

    /** A cell is measured again when the canary ran this much slower than before profiling. */
    static final double DISTURBED = 1.3;

    private static final int ATTEMPTS = 3;
    private static final int CHECK_ARCHS = 24;

    /**
     * Measures the table, guarding against other processes: a canary (the MobileNetV2 path at batch 1)
     * is timed before profiling and after each cell; a cell after which the canary ran more than
     * {@link #DISTURBED}× slower is measured again (up to {@value #ATTEMPTS} times). The table then
     * gets its {@link LatencyTable.Check}: whole architectures timed against their table latency.
     */
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
        Steps steps = new Steps(manager, net, null);
        float[] image = new float[p.inputChannels() * p.inputSize() * p.inputSize()];
        Arrays.fill(image, 1f);
        float[] mbv2 = Steps.constantPolicy(1, 0);
        List<String> notes = new ArrayList<>();
        String load = loadNote(threads);
        if (load != null) {
            notes.add(load);
        }
        double canary = time(() -> steps.inferPolicy(image, 1, mbv2), Math.max(3, warmup), 9);
        int disturbed = 0;
        int stillDisturbed = 0;
        try (NDManager m = manager.newSubManager()) {
            NDArray h = net.stem(m.ones(new Shape(1, p.inputChannels(), p.inputSize(), p.inputSize())), Pass.EVAL);
            for (int t = 0; t < Arch.CELLS; t++) {
                NDArray next = null;
                for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                    next = measureCell(net, m, h, t, warmup, repeats, ms[t], spread[t], cancelled);
                    double now = time(() -> steps.inferPolicy(image, 1, mbv2), 1, 3);
                    if (now <= DISTURBED * canary) {
                        break;
                    }
                    disturbed++;
                    if (attempt == ATTEMPTS - 1) {
                        stillDisturbed++;
                    }
                }
                h = next;
            }
        }
        if (disturbed > 0) {
            notes.add(String.format(
                    Locale.ROOT,
                    "profiling was disturbed %d times (the canary ran > %.1f× slower: another process on the CPU?)"
                            + "%s",
                    disturbed,
                    DISTURBED,
                    stillDisturbed > 0
                            ? "; " + stillDisturbed + " cells stayed disturbed after " + ATTEMPTS
                                    + " attempts: profile again on a quiet machine"
                            : ", those cells were measured again"));
        }
        LatencyTable table = new LatencyTable(
                ms,
                net.stageEntries(),
                device,
                threads,
                "median of " + repeats + " timed runs after " + warmup + " warm-ups; batch 1, eval mode, no autograd",
                spread,
                OffsetDateTime.now().toString());
        return table.withCheck(
                check(steps, table, image, warmup, Math.max(3, repeats / 2), disturbed, String.join("; ", notes)));
    }

    /** One cell's five options at batch 1; returns the cell's output (the sum of its options). */
    private static NDArray measureCell(
            MetaGraph net,
            NDManager m,
            NDArray h,
            int t,
            int warmup,
            int repeats,
            double[] ms,
            double[] spread,
            BooleanSupplier cancelled) {
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
            ms[a] = quantile(times, 0.5);
            spread[a] = quantile(times, 0.9) - quantile(times, 0.1);
            next = next == null ? out : next.add(out);
        }
        return next;
    }

    /**
     * Times {@value #CHECK_ARCHS} random architectures (densities spread from 5 % to 95 % of the
     * options) and the MobileNetV2 path at batch 1, routed as an evaluation runs them.
     */
    static LatencyTable.Check check(
            Steps steps, LatencyTable table, float[] image, int warmup, int repeats, int disturbed, String note) {
        SplittableRandom rng = new SplittableRandom(8888);
        double[] tableMs = new double[CHECK_ARCHS];
        double[] measured = new double[CHECK_ARCHS];
        for (int k = 0; k < CHECK_ARCHS; k++) {
            double density = 0.05 + 0.9 * k / (CHECK_ARCHS - 1);
            float[] policy = new float[Arch.LENGTH];
            for (int i = 0; i < policy.length; i++) {
                policy[i] = rng.nextDouble() < density ? 1f : 0f;
            }
            tableMs[k] = table.latencyOf(Steps.bits(policy, 0));
            measured[k] = time(() -> steps.inferPolicy(image, 1, policy), warmup, repeats);
        }
        float[] mbv2 = Steps.constantPolicy(1, 0);
        double mbv2Measured = time(() -> steps.inferPolicy(image, 1, mbv2), warmup, repeats);
        double[] fit = Stats.leastSquares(tableMs, measured);
        return new LatencyTable.Check(
                CHECK_ARCHS,
                Stats.spearman(tableMs, measured),
                fit[1],
                fit[0],
                table.baseline(),
                mbv2Measured,
                tableMs,
                measured,
                disturbed,
                note);
    }

    /** Median wall-clock milliseconds of {@code repeats} runs after {@code warmup}. */
    static double time(Runnable r, int warmup, int repeats) {
        for (int i = 0; i < warmup; i++) {
            r.run();
        }
        double[] t = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            r.run();
            t[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(t);
        return quantile(t, 0.5);
    }

    /** A note when the machine was already busy (1-minute load average) as profiling began; null if not. */
    private static String loadNote(int threads) {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            double load = Double.parseDouble(f[0]);
            int cores = Runtime.getRuntime().availableProcessors();
            if (load > cores - Math.max(1, threads) + 0.5) {
                return String.format(
                        Locale.ROOT,
                        "load average %.2f on %d cores as profiling began: other work was running",
                        load,
                        cores);
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or unreadable: no note
        }
        return null;
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
