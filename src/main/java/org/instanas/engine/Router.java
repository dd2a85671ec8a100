// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.instanas.data.Augment;
import org.instanas.data.Batcher;
import org.instanas.data.DatasetSplits;
import org.instanas.data.OwnImages;
import org.instanas.run.Arch;
import org.instanas.run.CheckpointInfo;
import org.instanas.run.LatencyTable;
import org.instanas.run.RouteTrial;
import org.instanas.run.RoutingCsv;
import org.instanas.run.RoutingRow;
import org.instanas.run.RunConfig;
import org.instanas.run.Stage;
import org.instanas.run.UserException;

/**
 * Routes a user's own images through an evaluated checkpoint, as its evaluation routed the test
 * split: the images normalised with the dataset's statistics, the BatchNorm statistics re-estimated
 * for the controller's greedy policies on the same training batches, the controller's route and the
 * routed network's prediction. Each image is placed among the checkpoint's test images: the
 * percentile of its route's table latency, and the test images whose architectures are nearest
 * (Hamming distance in the 85 options). Nothing is written to the run.
 */
public final class Router {
    private Router() {}

    /**
     * One routed image.
     *
     * @param percentile share of the checkpoint's test images with a faster route (0–100)
     * @param nearest    test-split indices of the nearest architectures (closest first)
     * @param distance   their Hamming distance (options that differ)
     */
    public record Routed(
            Path file,
            int prediction,
            float[] classProbabilities,
            String arch,
            double latencyMs,
            double percentile,
            int[] nearest,
            int[] distance,
            WhatIf whatIf) {
        /** "#12 (0 options apart), #40 (1 options apart)": the test images with the nearest architectures. */
        public String nearestText() {
            if (nearest.length == 0) {
                return "(none: the checkpoint was not evaluated)";
            }
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < nearest.length; i++) {
                sb.append(i == 0 ? "" : ", ")
                        .append('#')
                        .append(nearest[i])
                        .append(" (")
                        .append(distance[i])
                        .append(" options apart)");
            }
            return sb.toString();
        }
    }

    /**
     * The same image under another architecture (what if it took this route?): the routed network's
     * prediction with the same re-estimated statistics, its table latency, and the measured batch-1
     * time of both networks (median of 5, the controller's own route's network for comparison).
     */
    public record WhatIf(
            String arch,
            int prediction,
            float[] classProbabilities,
            double latencyMs,
            double measuredMs,
            double routedMeasuredMs) {}

    /** The routes of {@code files} through {@code checkpoint} (default: the newest evaluated one). */
    public static List<Routed> route(
            RunConfig cfg, Path runDir, String checkpoint, OwnImages own, StageListener listener) throws Exception {
        return route(cfg, runDir, checkpoint, own, null, listener);
    }

    /**
     * As {@link #route(RunConfig, Path, String, OwnImages, StageListener)}; with {@code whatIf} (see
     * {@link #architecture}) each image is also run through that architecture.
     */
    public static List<Routed> route(
            RunConfig cfg, Path runDir, String checkpoint, OwnImages own, String whatIf, StageListener listener)
            throws Exception {
        boolean[][] alternative = whatIf == null ? null : architecture(whatIf);
        try (Opened o = open(cfg, runDir, checkpoint, listener)) {
            RunContext ctx = o.ctx;
            LatencyTable table = o.table;
            MetaGraph net = o.net;
            Steps steps = o.steps;
            List<RoutingRow> test = testRoutes(ctx, o.checkpoint.name());
            DatasetSplits d = ctx.data();
            int per = own.images().imageBytes();
            List<Routed> out = new ArrayList<>();
            for (int i = 0; i < own.images().size(); i++) {
                float[] x = new float[per];
                Batcher.fill(own.images(), new int[] {i}, d.mean(), d.std(), Augment.NONE, new SplittableRandom(0), x);
                Steps.Inference inf = steps.infer(x, 1);
                boolean[][] bits = Steps.bits(inf.policy(), 0);
                String arch = Arch.format(bits);
                double lat = table.latencyOf(bits);
                WhatIf w = null;
                if (alternative != null) {
                    float[] policy = policy(alternative);
                    float[] logits = steps.inferPolicy(x, 1, policy);
                    w = new WhatIf(
                            Arch.format(alternative),
                            Steps.argmax(logits, 0, net.classes()),
                            softmax(logits),
                            table.latencyOf(alternative),
                            LatencyProfiler.time(() -> steps.inferPolicy(x, 1, policy), 1, 5),
                            LatencyProfiler.time(() -> steps.inferPolicy(x, 1, inf.policy()), 1, 5));
                }
                int[][] near = nearest(test, arch, 3);
                out.add(new Routed(
                        own.files().get(i),
                        Steps.argmax(inf.logits(), 0, net.classes()),
                        softmax(inf.logits()),
                        arch,
                        lat,
                        percentile(test, lat),
                        near[0],
                        near[1],
                        w));
            }
            return out;
        }
    }

    /** A checkpoint loaded for routing: its run, latency table, meta-graph and steps, statistics re-estimated. */
    private static final class Opened implements AutoCloseable {
        final RunContext ctx;
        final NDManager root;
        LatencyTable table;
        CheckpointInfo checkpoint;
        MetaGraph net;
        Steps steps;

        Opened(RunContext ctx, NDManager root) {
            this.ctx = ctx;
            this.root = root;
        }

        @Override
        public void close() throws Exception {
            try (RunContext c = ctx) {
                root.close();
            }
        }
    }

    /**
     * Opens {@code checkpoint} (default: the newest with a controller) as its evaluation did: the
     * BatchNorm statistics re-estimated for the controller's greedy policies on the same training batches.
     */
    private static Opened open(RunConfig cfg, Path runDir, String checkpoint, StageListener listener) throws Exception {
        Pipeline.requireRun(runDir);
        Torch.start(cfg.threads);
        RunContext ctx = new RunContext(runDir, cfg, listener, null);
        Opened o;
        try {
            o = new Opened(ctx, NDManager.newBaseManager(ctx.device));
        } catch (RuntimeException e) {
            ctx.close();
            throw e;
        }
        try {
            StageLoop loop = new StageLoop(ctx, o.root);
            o.table = loop.profile(false);
            CheckpointInfo c = Checkpoints.namedOrNewest(ctx.dir, checkpoint, Stage.FINETUNE.id(), Stage.SEARCH.id());
            if (c == null || !Checkpoints.hasController(c)) {
                throw new UserException(ctx.dir.root() + ": no checkpoint with a controller to route with; run "
                        + "'search' first (or pass --checkpoint NAME)");
            }
            o.checkpoint = c;
            o.net = loop.newNet();
            Controller ctrl = loop.newController();
            Checkpoints.load(c, ctx.preset.name(), o.net, ctrl);
            Steps steps = loop.newSteps(o.net, ctrl);
            int cb = Math.min(64, ctx.train().size());
            List<float[]> cal = ctx.calibrationBatches(RunContext.CALIBRATION_BATCHES, cb);
            steps.recalibrate(cal, cb, xb -> steps.greedy(xb, cb));
            o.steps = steps;
            return o;
        } catch (Exception | Error e) {
            o.close();
            throw e;
        }
    }

    /**
     * Runs test images (indices into the dataset's test split, as the routing tables name them) through
     * {@code arch} and through the controller's routes, with the checkpoint's statistics re-estimated
     * as its evaluation did (gathered, eval mode). Nothing is written to the run.
     */
    public static RouteTrial tryArchitecture(
            RunConfig cfg, Path runDir, String checkpoint, int[] testIndices, boolean[][] arch, StageListener listener)
            throws Exception {
        return tryArchitecture(cfg, runDir, checkpoint, testIndices, arch, false, listener);
    }

    /**
     * As {@link #tryArchitecture(RunConfig, Path, String, int[], boolean[][], StageListener)}; with
     * {@code reestimate} the edited route runs on BatchNorm statistics re-estimated for it (on the same
     * calibration batches, every image through it), as an evaluation of that fixed architecture would:
     * an option the controller never selects has no statistics of its own otherwise.
     */
    public static RouteTrial tryArchitecture(
            RunConfig cfg,
            Path runDir,
            String checkpoint,
            int[] testIndices,
            boolean[][] arch,
            boolean reestimate,
            StageListener listener)
            throws Exception {
        if (testIndices.length == 0) {
            throw new UserException("no images to try the architecture on");
        }
        try (Opened o = open(cfg, runDir, checkpoint, listener)) {
            DatasetSplits d = o.ctx.data();
            var split = d.test();
            int classes = o.net.classes();
            float[] policy = policy(arch);
            int per = split.imageBytes();
            int batch = 100;
            // the controller's routes first, on the statistics re-estimated for them
            List<float[]> xs = new ArrayList<>();
            List<Steps.Inference> owns = new ArrayList<>();
            for (int from = 0; from < testIndices.length; from += batch) {
                int n = Math.min(batch, testIndices.length - from);
                int[] idx = Arrays.copyOfRange(testIndices, from, from + n);
                for (int i : idx) {
                    if (i < 0 || i >= split.size()) {
                        throw new UserException("test image #" + i + " is not in " + cfg.data + " (it has "
                                + split.size() + " test images)");
                    }
                }
                float[] x = new float[n * per];
                Batcher.fill(split, idx, d.mean(), d.std(), Augment.NONE, new SplittableRandom(0), x);
                xs.add(x);
                owns.add(o.steps.infer(x, n));
            }
            float[] x1 = Arrays.copyOf(xs.get(0), per);
            float[] ownPolicy = Arrays.copyOf(owns.get(0).policy(), Arch.LENGTH);
            double routedMeasured = LatencyProfiler.time(() -> o.steps.inferPolicy(x1, 1, ownPolicy), 1, 5);
            if (reestimate) {
                int cb = Math.min(64, o.ctx.train().size());
                float[] fixed = new float[cb * Arch.LENGTH];
                for (int r = 0; r < cb; r++) {
                    System.arraycopy(policy, 0, fixed, r * Arch.LENGTH, Arch.LENGTH);
                }
                o.steps.recalibrate(o.ctx.calibrationBatches(RunContext.CALIBRATION_BATCHES, cb), cb, xb -> fixed);
            }
            List<RouteTrial.Image> out = new ArrayList<>();
            for (int b = 0, from = 0; from < testIndices.length; b++, from += batch) {
                int n = Math.min(batch, testIndices.length - from);
                int[] idx = Arrays.copyOfRange(testIndices, from, from + n);
                float[] x = xs.get(b);
                Steps.Inference own = owns.get(b);
                float[] tiled = new float[n * Arch.LENGTH];
                for (int r = 0; r < n; r++) {
                    System.arraycopy(policy, 0, tiled, r * Arch.LENGTH, Arch.LENGTH);
                }
                float[] logits = o.steps.inferPolicy(x, n, tiled);
                double lat = o.table.latencyOf(arch);
                for (int r = 0; r < n; r++) {
                    boolean[][] bits = Steps.bits(own.policy(), r);
                    out.add(new RouteTrial.Image(
                            idx[r],
                            split.labels()[idx[r]],
                            Steps.argmax(logits, r, classes),
                            softmax(Arrays.copyOfRange(logits, r * classes, (r + 1) * classes)),
                            lat,
                            Steps.argmax(own.logits(), r, classes),
                            softmax(Arrays.copyOfRange(own.logits(), r * classes, (r + 1) * classes)),
                            o.table.latencyOf(bits),
                            Arch.format(bits)));
                }
            }
            double measured = LatencyProfiler.time(() -> o.steps.inferPolicy(x1, 1, policy), 1, 5);
            return new RouteTrial(o.checkpoint.name(), Arch.format(arch), out, measured, routedMeasured, reestimate);
        }
    }

    /**
     * An architecture to try: "mbv2" (option 0 in every cell), "cheapest" (every cell empty: the entry
     * cells fall back to option 4, the table's min) or 85 characters 0/1.
     */
    public static boolean[][] architecture(String spec) {
        String s = spec.strip();
        if (s.equalsIgnoreCase("cheapest")) {
            return new boolean[Arch.CELLS][Arch.OPTIONS];
        }
        try {
            return Arch.fixed(s);
        } catch (IllegalArgumentException e) {
            throw new UserException("--arch: " + e.getMessage().replace("'mbv2'", "'mbv2', 'cheapest'"));
        }
    }

    private static float[] policy(boolean[][] bits) {
        float[] p = new float[Arch.LENGTH];
        for (int t = 0; t < Arch.CELLS; t++) {
            for (int a = 0; a < Arch.OPTIONS; a++) {
                p[t * Arch.OPTIONS + a] = bits[t][a] ? 1f : 0f;
            }
        }
        return p;
    }

    /** The checkpoint's routed test images (its evaluation, "final-" first); empty when it was not evaluated. */
    private static List<RoutingRow> testRoutes(RunContext ctx, String checkpoint) {
        for (String name : List.of("final-" + checkpoint, checkpoint)) {
            Path f = ctx.dir.routingCsv(name);
            if (f.toFile().isFile()) {
                return RoutingCsv.read(f);
            }
        }
        return List.of();
    }

    private static double percentile(List<RoutingRow> test, double lat) {
        if (test.isEmpty()) {
            return Double.NaN;
        }
        long faster = test.stream().filter(r -> r.latencyMs() < lat).count();
        return 100.0 * faster / test.size();
    }

    /** {indices, distances} of the k test images whose architectures differ in the fewest options. */
    static int[][] nearest(List<RoutingRow> test, String arch, int k) {
        int[] dist = new int[test.size()];
        for (int i = 0; i < dist.length; i++) {
            String a = test.get(i).arch();
            int dd = 0;
            for (int j = 0; j < Math.min(a.length(), arch.length()); j++) {
                dd += a.charAt(j) != arch.charAt(j) ? 1 : 0;
            }
            dist[i] = dd;
        }
        int[] order = IntStream.range(0, dist.length)
                .boxed()
                .sorted(Comparator.<Integer>comparingInt(i -> dist[i]).thenComparingInt(i -> i))
                .limit(k)
                .mapToInt(Integer::intValue)
                .toArray();
        return new int[][] {
            Arrays.stream(order).map(i -> test.get(i).index()).toArray(),
            Arrays.stream(order).map(i -> dist[i]).toArray()
        };
    }

    private static float[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] e = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            e[i] = Math.exp(logits[i] - max);
            sum += e[i];
        }
        float[] p = new float[logits.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) (e[i] / sum);
        }
        return p;
    }
}
