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

    /** A round is timed again when the canary ran this much slower after it than before profiling. */
    static final double DISTURBED = 1.3;

    /**
     * The quantile of an entry's timings kept in the table: low, so that it is the machine's fast
     * speed whenever at least a tenth of the rounds ran at it (see {@link #measure}).
     */
    static final double QUANTILE = 0.1;

    private static final int CHECK_ARCHS = 24;

    /**
     * Measures the table in interleaved rounds: after {@code warmup} untimed rounds, each of
     * {@code repeats} rounds times every (cell, option) once, at batch 1 on that cell's input, and
     * an entry's latency is its {@link #QUANTILE} quantile over the rounds. Why (docs/performance.md
     * "Timing at batch 1"): on the development machine a process runs batch-1 work at one of two
     * speeds about 1.8× apart and switches between them within seconds. Timed 40 times in a row (as
     * until 2026-12-02), an entry got the speed of its moment, and two quiet profiles disagreed by
     * up to 2× per entry. Spread over the whole profile, every entry sees both speeds, and a low
     * quantile takes each at the fast one. The canary (the MobileNetV2 path at batch 1) is timed
     * before profiling and after each round; a round after which it ran more than
     * {@link #DISTURBED}× slower is counted as disturbed and timed again (at most {@code repeats}
     * extra rounds). The table then gets its {@link LatencyTable.Check}: whole architectures timed
     * the same way against their table latency.
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
        double[][][] times = new double[Arch.CELLS][Arch.OPTIONS][repeats];
        int disturbed = 0;
        boolean stillDisturbed = false;
        try (NDManager m = manager.newSubManager()) {
            NDArray[] inputs = cellInputs(net, m);
            for (int i = 0; i < warmup; i++) {
                round(net, inputs, null, 0, cancelled);
            }
            int done = 0;
            while (done < repeats) {
                round(net, inputs, times, done, cancelled);
                double now = time(() -> steps.inferPolicy(image, 1, mbv2), 1, 3);
                if (now > DISTURBED * canary) {
                    disturbed++;
                    if (disturbed <= repeats) {
                        continue; // this round is timed again
                    }
                    stillDisturbed = true;
                }
                done++;
            }
        }
        double[][] ms = new double[Arch.CELLS][Arch.OPTIONS];
        double[][] spread = new double[Arch.CELLS][Arch.OPTIONS];
        for (int t = 0; t < Arch.CELLS; t++) {
            for (int a = 0; a < Arch.OPTIONS; a++) {
                double[] sorted = times[t][a];
                Arrays.sort(sorted);
                ms[t][a] = quantile(sorted, QUANTILE);
                spread[t][a] = quantile(sorted, 0.9) - quantile(sorted, 0.1);
            }
        }
        if (disturbed > 0) {
            notes.add(String.format(
                    Locale.ROOT,
                    "profiling was disturbed in %d rounds (the canary ran > %.1f× slower: another process on the CPU?)"
                            + "%s",
                    disturbed,
                    DISTURBED,
                    stillDisturbed
                            ? "; it stayed disturbed after " + repeats
                                    + " rounds timed again: profile again on a quiet machine"
                            : ", those rounds were timed again"));
        }
        LatencyTable table = new LatencyTable(
                ms,
                net.stageEntries(),
                device,
                threads,
                String.format(
                        Locale.ROOT,
                        "%.0fth percentile of %d interleaved rounds (every entry once per round) after %d warm-up "
                                + "rounds; batch 1, eval mode, no autograd",
                        QUANTILE * 100,
                        repeats,
                        warmup),
                spread,
                OffsetDateTime.now().toString());
        return table.withCheck(
                check(steps, table, image, warmup, Math.max(3, repeats / 2), disturbed, String.join("; ", notes)));
    }

    /** The input of each cell at batch 1: the stem's output, then each cell's output with every option on. */
    private static NDArray[] cellInputs(MetaGraph net, NDManager m) {
        Preset p = net.preset();
        NDArray[] inputs = new NDArray[Arch.CELLS];
        NDArray h = net.stem(m.ones(new Shape(1, p.inputChannels(), p.inputSize(), p.inputSize())), Pass.EVAL);
        for (int t = 0; t < Arch.CELLS; t++) {
            inputs[t] = h;
            NDArray next = null;
            for (int a = 0; a < Arch.OPTIONS; a++) {
                NDArray o = net.option(t, a, h, Pass.EVAL);
                next = next == null ? o : next.add(o);
            }
            h = next;
        }
        return inputs;
    }

    /** Runs every (cell, option) once at batch 1; with {@code times}, records each in its slot {@code r}. */
    private static void round(MetaGraph net, NDArray[] inputs, double[][][] times, int r, BooleanSupplier cancelled) {
        for (int t = 0; t < Arch.CELLS; t++) {
            for (int a = 0; a < Arch.OPTIONS; a++) {
                if (cancelled.getAsBoolean()) {
                    throw new CancellationException("profiling cancelled");
                }
                try (NDManager it = inputs[t].getManager().newSubManager()) {
                    // a copy on this entry's manager: every intermediate of the option's forward
                    // lives on its first operand's manager, so all are freed here
                    NDArray in = inputs[t].duplicate();
                    in.attach(it);
                    long t0 = System.nanoTime();
                    net.option(t, a, in, Pass.EVAL).toFloatArray(); // waits for the result (also on a GPU)
                    long dt = System.nanoTime() - t0;
                    if (times != null) {
                        times[t][a][r] = dt / 1e6;
                    }
                }
            }
        }
    }

    /**
     * Times {@value #CHECK_ARCHS} random architectures (densities spread from 5 % to 95 % of the
     * options) and the MobileNetV2 path at batch 1, routed as an evaluation runs them, in
     * interleaved rounds as the table (each network once per round, its {@link #QUANTILE}
     * quantile).
     */
    static LatencyTable.Check check(
            Steps steps, LatencyTable table, float[] image, int warmup, int repeats, int disturbed, String note) {
        SplittableRandom rng = new SplittableRandom(8888);
        double[] tableMs = new double[CHECK_ARCHS];
        float[][] policies = new float[CHECK_ARCHS + 1][];
        for (int k = 0; k < CHECK_ARCHS; k++) {
            double density = 0.05 + 0.9 * k / (CHECK_ARCHS - 1);
            float[] policy = new float[Arch.LENGTH];
            for (int i = 0; i < policy.length; i++) {
                policy[i] = rng.nextDouble() < density ? 1f : 0f;
            }
            tableMs[k] = table.latencyOf(Steps.bits(policy, 0));
            policies[k] = policy;
        }
        policies[CHECK_ARCHS] = Steps.constantPolicy(1, 0);
        double[][] t = new double[policies.length][repeats];
        for (int r = -warmup; r < repeats; r++) {
            for (int k = 0; k < policies.length; k++) {
                float[] policy = policies[k];
                long t0 = System.nanoTime();
                steps.inferPolicy(image, 1, policy);
                double dt = (System.nanoTime() - t0) / 1e6;
                if (r >= 0) {
                    t[k][r] = dt;
                }
            }
        }
        double[] measured = new double[policies.length];
        for (int k = 0; k < policies.length; k++) {
            Arrays.sort(t[k]);
            measured[k] = quantile(t[k], QUANTILE);
        }
        double mbv2Measured = measured[CHECK_ARCHS];
        measured = Arrays.copyOf(measured, CHECK_ARCHS);
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

    public static double quantile(double[] sorted, double q) {
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
