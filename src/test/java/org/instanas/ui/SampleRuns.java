// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.instanas.run.Arch;
import org.instanas.run.EvalSummary;
import org.instanas.run.LatencyTable;
import org.instanas.run.MetricRecord;
import org.instanas.run.MetricsFile;
import org.instanas.run.MetricsWriter;
import org.instanas.run.RoutingCsv;
import org.instanas.run.RoutingRow;
import org.instanas.run.RunConfig;
import org.instanas.run.RunDirectory;
import org.instanas.run.RunInfo;

/** A plausible finished run (pretrain, search with a shrinking window, evaluations) written with the run package. */
public final class SampleRuns {
    public static final int SEARCH_EPOCHS = 8;
    public static final int STEPS_PER_EPOCH = 150;

    private SampleRuns() {}

    public static void main(String[] args) throws IOException {
        finished(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 4 * STEPS_PER_EPOCH, 8888);
    }

    public static RunDirectory info(Path root, String name) throws IOException {
        RunDirectory d = new RunDirectory(root);
        RunConfig c = new RunConfig();
        c.pretrainEpochs = 3;
        c.searchEpochs = SEARCH_EPOCHS;
        new RunInfo(
                        name,
                        "tiny",
                        "samples",
                        8888,
                        "cpu",
                        2,
                        c.toMap(),
                        Map.of("app", "test", "java", "21"),
                        "2025-06-01T10:00:00Z",
                        RunInfo.FORMAT_VERSION)
                .write(d.runJson());
        return d;
    }

    public static LatencyTable latency() {
        double[][] ms = new double[Arch.CELLS][Arch.OPTIONS];
        int[] ch = {16, 24, 24, 32, 32, 32, 64, 64, 64, 64, 96, 96, 96, 160, 160, 160, 320};
        for (int t = 0; t < Arch.CELLS; t++) {
            double base = 0.08 + ch[t] / 400.0;
            ms[t] = new double[] {base * 1.9, base * 1.1, base * 2.6, base * 1.4, base * 0.7};
        }
        boolean[] entry = new boolean[Arch.CELLS];
        for (int t : new int[] {0, 1, 3, 6, 10, 13, 16}) {
            entry[t] = true;
        }
        return new LatencyTable(
                ms,
                entry,
                "cpu",
                2,
                "median of 50 timed runs after 10 warm-ups, batch 1",
                null,
                "2025-06-01T10:05:00Z");
    }

    /** Step record {@code i} of a search with {@code spe} steps per epoch. */
    public static MetricRecord searchStep(long i, int spe, double t0, Random rnd) {
        int epoch = (int) (i / spe);
        double p = i / (double) (SEARCH_EPOCHS * spe);
        double ub = 22 - 8 * Math.min(1, p);
        double lat = ub - 2 - 3 * p + rnd.nextGaussian() * 1.2;
        Map<String, Double> v = new HashMap<>();
        v.put("reward", 6 + 14 * (1 - Math.exp(-4 * p)) + rnd.nextGaussian() * 3);
        v.put("accuracy", 0.55 + 0.33 * (1 - Math.exp(-5 * p)) + rnd.nextGaussian() * 0.04);
        v.put("latency", lat);
        v.put("ub", ub);
        v.put("lb", ub * 0.5);
        v.put("advantage", rnd.nextGaussian() * (1.5 - p));
        v.put("entropy", 0.62 - 0.25 * p + rnd.nextGaussian() * 0.01);
        v.put("unique", (double) Math.max(1, Math.round(60 * Math.exp(-2 * p) + rnd.nextGaussian() * 3)));
        v.put("loss", 0.9 * Math.exp(-2 * p) + 0.25 + Math.abs(rnd.nextGaussian()) * 0.05);
        v.put("lr", 5e-4 * (p < 0.5 ? 1 : 0.1));
        v.put("images_per_s", 600 + rnd.nextGaussian() * 20);
        return new MetricRecord("search", MetricRecord.STEP, epoch, i, t0 + i * 0.25, v, null);
    }

    /** Pretrain, then {@code searchSteps} search steps, latency table and one evaluation per finished search epoch. */
    public static RunDirectory finished(Path root, int searchSteps, long seed) throws IOException {
        RunDirectory d = info(root, root.getFileName().toString());
        latency().write(d.latencyJson());
        Random rnd = new Random(seed);
        double t0 = 1.75e9;
        try (MetricsWriter w = new MetricsWriter(d.metrics())) {
            for (int i = 0; i < 600; i++) {
                double p = i / 600.0;
                w.append(new MetricRecord(
                        "pretrain",
                        MetricRecord.STEP,
                        i / 200,
                        i,
                        t0 + i * 0.2,
                        Map.of(
                                "loss",
                                2.2 * Math.exp(-3 * p) + 0.35 + rnd.nextGaussian() * 0.05,
                                "accuracy",
                                0.2 + 0.65 * (1 - Math.exp(-4 * p)) + rnd.nextGaussian() * 0.03,
                                "lr",
                                0.05 * 0.5 * (1 + Math.cos(Math.PI * p))),
                        null));
            }
            double ts = t0 + 130;
            for (int i = 0; i < searchSteps; i++) {
                w.append(searchStep(i, STEPS_PER_EPOCH, ts, rnd));
                if ((i + 1) % STEPS_PER_EPOCH == 0) {
                    int epoch = i / STEPS_PER_EPOCH;
                    w.append(new MetricRecord(
                            "search",
                            MetricRecord.EPOCH,
                            epoch,
                            i,
                            ts + i * 0.25,
                            Map.of(
                                    "test_accuracy",
                                    0.6 + 0.3 * (1 - Math.exp(-epoch / 2.0)),
                                    "latency",
                                    19 - epoch * 0.9,
                                    "unique",
                                    40.0 - epoch * 3),
                            null));
                    evaluate(d, epoch, rnd);
                }
            }
        }
        return d;
    }

    static void evaluate(RunDirectory d, int epoch, Random rnd) throws IOException {
        LatencyTable lt = latency();
        String name = RunDirectory.checkpointName("search", epoch + 1);
        List<RoutingRow> rows = new ArrayList<>();
        double sparsity = Math.min(0.85, 0.2 + epoch * 0.08);
        for (int i = 0; i < 400; i++) {
            int label = i % 10;
            boolean[][] b = new boolean[Arch.CELLS][Arch.OPTIONS];
            float[] probs = new float[Arch.LENGTH];
            for (int t = 0; t < Arch.CELLS; t++) {
                for (int a = 0; a < Arch.OPTIONS; a++) {
                    double pr = (a == 1 || a == 4 ? 0.85 : 0.6) * (1 - sparsity * (t % 3 == 0 ? 0.5 : 1))
                            + (label >= 7 ? 0.2 : 0)
                            + rnd.nextGaussian() * 0.1;
                    probs[t * Arch.OPTIONS + a] = (float) Math.max(0, Math.min(1, pr));
                    b[t][a] = pr >= 0.5;
                }
            }
            double lat = lt.latencyOf(b);
            rows.add(new RoutingRow(
                    i,
                    label,
                    rnd.nextDouble() < 0.85 ? label : (label + 1) % 10,
                    true,
                    lat,
                    0,
                    Arch.format(b),
                    Double.NaN,
                    probs));
        }
        RoutingCsv.write(d.routingCsv(name), rows);
        double mean = rows.stream().mapToDouble(RoutingRow::latencyMs).average().orElse(0);
        new EvalSummary(
                        name,
                        "search",
                        epoch + 1,
                        rows.size(),
                        0.82 + epoch * 0.01,
                        mean,
                        1.5,
                        Double.NaN,
                        Double.NaN,
                        25 - epoch,
                        40 - epoch,
                        0.86,
                        lt.baseline(),
                        Double.NaN,
                        Double.NaN,
                        20,
                        10,
                        new double[10],
                        new double[10],
                        "2025-06-01T11:00:00Z",
                        0.4,
                        1.2,
                        0,
                        null)
                .write(d.evalSummary(name));
    }

    /** A line of metrics.jsonl for the live tests. */
    public static String line(MetricRecord r) {
        return MetricsFile.toLine(r) + "\n";
    }
}
