// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.testutil;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import org.instanas.run.Arch;
import org.instanas.run.CheckpointInfo;
import org.instanas.run.EvalSummary;
import org.instanas.run.LatencyTable;
import org.instanas.run.MetricRecord;
import org.instanas.run.MetricsWriter;
import org.instanas.run.RoutingCsv;
import org.instanas.run.RoutingRow;
import org.instanas.run.RunDirectory;
import org.instanas.run.RunInfo;

/**
 * A realistic finished run directory for tests, written with the run package's own writers:
 * run.json, latency.json (17 × 5, CIFAR stage layout), metrics.jsonl (pretrain epochs, search steps
 * with reward / accuracy / latency / ub / lb / advantage / entropy / unique / lr and epoch summaries,
 * finetune epochs), and several evaluated checkpoints (routing CSV + summary + checkpoint meta).
 * Image difficulty is a hidden variable per test image: harder images (and some classes) get more
 * options, hence higher latency, and are more often wrong. Deterministic for a seed.
 */
public final class FakeRun {
    public static final List<String> CLASS_NAMES = List.of(
            "airplane",
            "automobile",
            "bird",
            "cat",
            "deer",
            "dog",
            "frog",
            "horse",
            "ship",
            "truck",
            "apple",
            "bee",
            "camel",
            "dolphin",
            "forest",
            "girl",
            "lamp",
            "maple",
            "orange",
            "rocket");

    public final Path root;
    public final RunDirectory dir;
    public final RunInfo info;
    public final LatencyTable table;
    public final List<String> classNames;
    /** Evaluated checkpoints, oldest first. */
    public final List<String> checkpoints;

    public final Map<String, List<RoutingRow>> routing;
    public final List<EvalSummary> evaluations;
    public final List<MetricRecord> metrics;
    /** Hidden difficulty in [0, 1] of each test image (index = test-image index). */
    public final double[] difficulty;

    private FakeRun(
            Path root,
            RunInfo info,
            LatencyTable table,
            List<String> classNames,
            List<String> checkpoints,
            Map<String, List<RoutingRow>> routing,
            List<EvalSummary> evaluations,
            List<MetricRecord> metrics,
            double[] difficulty) {
        this.root = root;
        this.dir = new RunDirectory(root);
        this.info = info;
        this.table = table;
        this.classNames = classNames;
        this.checkpoints = checkpoints;
        this.routing = routing;
        this.evaluations = evaluations;
        this.metrics = metrics;
        this.difficulty = difficulty;
    }

    /** 500 test images of 10 classes, 300 search steps, 4 evaluated checkpoints. */
    public static FakeRun create(Path root) {
        return create(root, 500, 10, 300, 4, 7);
    }

    public static FakeRun create(Path root, int images, int classes, int searchSteps, int evaluations, long seed) {
        if (classes < 1 || classes > CLASS_NAMES.size() || evaluations < 1) {
            throw new IllegalArgumentException("1–" + CLASS_NAMES.size() + " classes and at least one evaluation");
        }
        try {
            return write(root, images, classes, searchSteps, evaluations, seed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static LatencyTable latencyTable() {
        double[][] ms = new double[Arch.CELLS][Arch.OPTIONS];
        int[] stageOf = {0, 1, 1, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6};
        double[] optionCost = {1.0, 0.55, 1.35, 0.75, 0.45}; // IR k3 e6, IR k3 e3, IR k5 e6, IR k5 e3, Basic
        for (int t = 0; t < Arch.CELLS; t++) {
            double stageCost = 0.08 + 0.05 * stageOf[t];
            for (int a = 0; a < Arch.OPTIONS; a++) {
                ms[t][a] = Math.round(stageCost * optionCost[a] * 1000) / 1000.0;
            }
        }
        boolean[] entry = new boolean[Arch.CELLS];
        for (int c : new int[] {0, 1, 3, 6, 10, 13, 16}) {
            entry[c] = true;
        }
        return new LatencyTable(
                ms,
                entry,
                "cpu",
                1,
                "median of 50 timed runs after 10 warm-ups, batch 1",
                null,
                "2025-01-01T00:00:00Z");
    }

    private static FakeRun write(Path root, int images, int classes, int searchSteps, int nEval, long seed)
            throws IOException {
        Files.createDirectories(root);
        RunDirectory dir = new RunDirectory(root);
        Random rnd = new Random(seed);
        RunInfo info = new RunInfo(
                root.getFileName().toString(),
                "tiny",
                "fake-dataset-for-tests",
                seed,
                "cpu",
                1,
                Map.of("searchEpochs", 10),
                Map.of("app", "test"),
                "2025-01-01T00:00:00Z",
                RunInfo.FORMAT_VERSION);
        info.write(dir.runJson());
        LatencyTable table = latencyTable();
        table.write(dir.latencyJson());
        List<String> names = CLASS_NAMES.subList(0, classes);

        // hidden difficulty per test image: class offset + image noise
        int[] labels = new int[images];
        double[] diff = new double[images];
        for (int i = 0; i < images; i++) {
            labels[i] = i % classes;
            double classBias = classes == 1 ? 0.5 : labels[i] / (double) (classes - 1);
            diff[i] = clamp(0.35 * classBias + 0.65 * rnd.nextDouble());
        }

        List<MetricRecord> metrics = new ArrayList<>();
        double t = 1_700_000_000;
        try (MetricsWriter w = new MetricsWriter(dir.metrics())) {
            for (int e = 0; e < 5; e++) {
                t += 30;
                add(
                        w,
                        metrics,
                        new MetricRecord(
                                "pretrain",
                                MetricRecord.EPOCH,
                                e,
                                (e + 1) * 50L,
                                t,
                                Map.of("accuracy", 0.5 + 0.08 * e, "loss", 1.6 - 0.25 * e),
                                null));
            }
            int epochs = 10;
            int perEpoch = Math.max(1, searchSteps / epochs);
            double base = table.baseline();
            for (int s = 0; s < searchSteps; s++) {
                int e = s / perEpoch;
                double prog = s / (double) Math.max(1, searchSteps - 1);
                double ub = base * (1.0 - 0.05 * e);
                double lb = ub * 0.6;
                double lat = ub * (0.95 - 0.15 * prog) + rnd.nextGaussian() * 0.05;
                t += 1.5;
                Map<String, Double> v = new LinkedHashMap<>();
                v.put("reward", -0.5 + 1.2 * prog + rnd.nextGaussian() * 0.15);
                v.put("accuracy", 0.6 + 0.25 * prog + rnd.nextGaussian() * 0.04);
                v.put("latency", lat);
                v.put("ub", ub);
                v.put("lb", lb);
                v.put("advantage", rnd.nextGaussian() * 0.2);
                v.put("entropy", 0.65 - 0.3 * prog + rnd.nextGaussian() * 0.01);
                v.put("unique", (double) Math.max(1, Math.round(60 * (1 - 0.7 * prog) + rnd.nextGaussian() * 3)));
                v.put("lr", 5e-4);
                add(w, metrics, new MetricRecord("search", MetricRecord.STEP, e, s, t, v, null));
                if ((s + 1) % perEpoch == 0) {
                    add(
                            w,
                            metrics,
                            new MetricRecord(
                                    "search",
                                    MetricRecord.EPOCH,
                                    e,
                                    s,
                                    t,
                                    Map.of(
                                            "accuracy",
                                            0.7 + 0.02 * e,
                                            "latency",
                                            ub * 0.85,
                                            "reward",
                                            0.1 * e,
                                            "ub",
                                            ub,
                                            "lb",
                                            lb),
                                    null));
                }
            }
            for (int e = 0; e < 3; e++) {
                t += 20;
                add(
                        w,
                        metrics,
                        new MetricRecord(
                                "finetune",
                                MetricRecord.EPOCH,
                                e,
                                (e + 1) * 40L,
                                t,
                                Map.of("accuracy", 0.86 + 0.01 * e, "loss", 0.5 - 0.05 * e),
                                null));
            }
            add(w, metrics, new MetricRecord("finetune", MetricRecord.EVENT, 2, 120, t, Map.of(), "stage finished"));
        }

        List<String> cps = new ArrayList<>();
        Map<String, List<RoutingRow>> routing = new LinkedHashMap<>();
        List<EvalSummary> evals = new ArrayList<>();
        for (int k = 0; k < nEval; k++) {
            // later checkpoints: faster (sparser) and slightly less accurate, the last one fine-tuned
            boolean ft = k == nEval - 1 && nEval > 1;
            String cp =
                    ft ? RunDirectory.checkpointName("finetune", 2) : RunDirectory.checkpointName("search", 2 + 2 * k);
            double density = 0.75 - 0.5 * k / Math.max(1, nEval - 1);
            double accBase = 0.95 - 0.07 * k / Math.max(1, nEval - 1) + (ft ? 0.01 : 0);
            List<RoutingRow> rows = rows(table, labels, diff, density, accBase, new Random(seed * 31 + k));
            RoutingCsv.write(dir.routingCsv(cp), rows);
            EvalSummary es =
                    summary(cp, ft ? "finetune" : "search", ft ? 2 : 2 + 2 * k, rows, table, names.size(), t + k);
            es.write(dir.evalSummary(cp));
            Path cdir = dir.checkpoints().resolve(cp);
            Files.createDirectories(cdir);
            new CheckpointInfo(
                            cp,
                            es.stage(),
                            es.epoch(),
                            100L * (k + 1),
                            "tiny",
                            t - 100 + k,
                            0,
                            Map.of(),
                            Map.of("accuracy", es.accuracy(), "latency", es.latencyMeanMs()),
                            CheckpointInfo.FORMAT_VERSION,
                            null)
                    .write(cdir);
            cps.add(cp);
            routing.put(cp, rows);
            evals.add(es);
        }
        return new FakeRun(root, info, table, names, cps, routing, evals, metrics, diff);
    }

    private static List<RoutingRow> rows(
            LatencyTable table, int[] labels, double[] diff, double density, double accBase, Random rnd) {
        int n = labels.length;
        String[] arch = new String[n];
        float[][] probs = new float[n][];
        double[] lat = new double[n];
        boolean[] correct = new boolean[n];
        int[] pred = new int[n];
        int classes = Arrays.stream(labels).max().orElse(0) + 1;
        for (int i = 0; i < n; i++) {
            float[] p = new float[Arch.LENGTH];
            StringBuilder sb = new StringBuilder(Arch.LENGTH);
            for (int j = 0; j < Arch.LENGTH; j++) {
                int cell = j / Arch.OPTIONS;
                int opt = j % Arch.OPTIONS;
                // option 0 favoured; harder images switch on more options; some variety per cell
                double logit = 4 * (density - 0.5)
                        + 3.2 * (diff[i] - 0.5)
                        + (opt == 0 ? 1.2 : -0.4 * opt)
                        + 0.6 * Math.sin(cell * 1.7 + opt)
                        + rnd.nextGaussian() * 0.8;
                double pr = 1 / (1 + Math.exp(-logit));
                // quantise a little so that identical architectures occur, as with a real controller
                pr = Math.round(pr * 20) / 20.0;
                pr = Math.min(0.999, Math.max(0.001, pr));
                p[j] = (float) pr;
                sb.append(pr >= 0.5 ? '1' : '0');
            }
            arch[i] = sb.toString();
            probs[i] = p;
            lat[i] = table.latencyOf(arch[i]);
            correct[i] = rnd.nextDouble() < accBase - 0.2 * (diff[i] - 0.5);
            pred[i] = correct[i] ? labels[i] : (labels[i] + 1 + rnd.nextInt(Math.max(1, classes - 1))) % classes;
            correct[i] = pred[i] == labels[i];
        }
        double[] classMean = new double[classes];
        int[] count = new int[classes];
        for (int i = 0; i < n; i++) {
            classMean[labels[i]] += lat[i];
            count[labels[i]]++;
        }
        for (int c = 0; c < classes; c++) {
            classMean[c] /= Math.max(1, count[c]);
        }
        List<RoutingRow> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double m = classMean[labels[i]];
            rows.add(new RoutingRow(
                    i,
                    labels[i],
                    pred[i],
                    correct[i],
                    lat[i],
                    (lat[i] - m) / m,
                    arch[i],
                    lat[i] * 1.4 + 0.2 + rnd.nextGaussian() * 0.02,
                    probs[i]));
        }
        return rows;
    }

    private static EvalSummary summary(
            String cp, String stage, int epoch, List<RoutingRow> rows, LatencyTable table, int classes, double time) {
        double[] lat = rows.stream().mapToDouble(RoutingRow::latencyMs).toArray();
        double[] meas = rows.stream().mapToDouble(RoutingRow::measuredMs).toArray();
        double acc = rows.stream().filter(RoutingRow::correct).count() / (double) rows.size();
        double[] ca = new double[classes];
        double[] cl = new double[classes];
        int[] cn = new int[classes];
        for (RoutingRow r : rows) {
            ca[r.label()] += r.correct() ? 1 : 0;
            cl[r.label()] += r.latencyMs();
            cn[r.label()]++;
        }
        for (int c = 0; c < classes; c++) {
            ca[c] /= Math.max(1, cn[c]);
            cl[c] /= Math.max(1, cn[c]);
        }
        double active = rows.stream()
                .mapToInt(r -> Arch.activeOptions(r.arch()))
                .average()
                .orElse(0);
        long unique = rows.stream().map(RoutingRow::arch).distinct().count();
        return new EvalSummary(
                cp,
                stage,
                epoch,
                rows.size(),
                acc,
                mean(lat),
                std(lat),
                mean(meas),
                std(meas),
                (int) unique,
                active,
                0.9,
                table.baseline(),
                table.baseline() * 1.4 + 0.2,
                0.03,
                table.baseline(),
                table.baseline() * 0.6,
                ca,
                cl,
                Instant.ofEpochSecond((long) time).toString(),
                0.3,
                mean(meas) - 0.3,
                0,
                null);
    }

    private static void add(MetricsWriter w, List<MetricRecord> list, MetricRecord r) throws IOException {
        w.append(r);
        list.add(r);
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    private static double std(double[] v) {
        double m = mean(v);
        return Math.sqrt(Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / Math.max(1, v.length - 1));
    }

    /** The newest evaluated checkpoint. */
    public String newest() {
        return checkpoints.get(checkpoints.size() - 1);
    }

    /** Routing rows of the newest evaluation. */
    public List<RoutingRow> rows() {
        return routing.get(newest());
    }

    /**
     * Synthetic 32 × 32 thumbnails: a tile in the class colour with a pattern that gets busier with
     * the image's difficulty, so galleries show something that varies along the row.
     */
    public IntFunction<BufferedImage> thumbnails() {
        return FakeRun::thumbnail;
    }

    public static BufferedImage thumbnail(int index) {
        BufferedImage im = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = im.createGraphics();
        Random r = new Random(index);
        float hue = (index % 10) / 10f;
        g.setColor(Color.getHSBColor(hue, 0.35f, 0.95f));
        g.fillRect(0, 0, 32, 32);
        int stripes = 1 + index % 7;
        g.setColor(Color.getHSBColor(hue, 0.8f, 0.55f));
        for (int k = 0; k < stripes; k++) {
            g.fillRect(r.nextInt(28), r.nextInt(28), 3 + r.nextInt(8), 3 + r.nextInt(8));
        }
        g.dispose();
        return im;
    }
}
