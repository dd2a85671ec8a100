// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.instanas.run.Arch;
import org.instanas.run.LatencyTable;

/**
 * The project's performance yardstick: the same ops as {@code shared/bench/reference_step.py}, on
 * random inputs with a fixed seed, median over timed iterations after warm-ups.
 */
public final class Bench {
    public static final List<String> OPS = List.of(
            "pretrain_step",
            "pretrain_drop_step",
            "pretrain_drop_step_gathered",
            "search_step",
            "search_step_gathered",
            "finetune_step",
            "finetune_step_gathered",
            "mbv2_step",
            "infer_mbv2",
            "infer_controller",
            "infer_routed_masked",
            "infer_routed_gathered");
    /** Keep probability of the late-pretraining ops (the reference's KEEP). */
    private static final double KEEP = 0.25;

    private static final long SEED = 8888;

    private Bench() {}

    public static Map<String, Object> run(String presetName, int batch, String op, int iters, int warmup) {
        return run(presetName, batch, op, iters, warmup, new Extras(0, null, null, Controller.Size.PRESET, Double.NaN));
    }

    /**
     * What a measurement may do besides timing.
     *
     * @param rssEvery  report the resident set size every this many timed iterations (0 = never), to {@code rss}
     * @param rss       receives (iteration, resident MiB) lines
     * @param profile   a chrome-trace JSON file for libtorch's profiler over the timed iterations; null = none
     * @param controller the controller's pooling and width (every op that runs the controller uses it)
     * @param density   NaN: each op's own policy density. Otherwise the share of options on: for the
     *                  search ops, the controller is set to give every option the probability whose
     *                  bounded value p' (α 0.8) is this share, as mid-search when most p are low; for
     *                  the fine-tuning ops, the greedy architectures select this share of the options
     */
    public record Extras(
            int rssEvery,
            Consumer<Map<String, Object>> rss,
            Path profile,
            Controller.Size controller,
            double density) {}

    /** Greedy architectures of a fine-tuning batch: this many distinct ones, the rows taking turns. */
    static final int FINETUNE_ARCHS = 4;

    /** The fine-tuning ops' density without {@code --density}: 17 of 85 options, as many as the MobileNetV2 path. */
    static final double FINETUNE_DENSITY = 0.2;

    /** The ops' random images, labels and routed policy (40 % of the options on), drawn in this order. */
    private record Inputs(float[] x, int[] y, float[] rand) {
        static Inputs of(Preset preset, int batch, SplittableRandom rng) {
            int n = batch * preset.inputChannels() * preset.inputSize() * preset.inputSize();
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = (float) gaussian(rng);
            }
            int[] y = new int[batch];
            for (int i = 0; i < batch; i++) {
                y[i] = rng.nextInt(preset.classes());
            }
            float[] rand = new float[batch * Arch.LENGTH];
            for (int i = 0; i < rand.length; i++) {
                rand[i] = rng.nextDouble() < 0.4 ? 1f : 0f;
            }
            return new Inputs(x, y, rand);
        }
    }

    public static Map<String, Object> run(
            String presetName, int batch, String op, int iters, int warmup, Extras extras) {
        Preset preset = Preset.load(presetName);
        int threads = Torch.threads();
        try (NDManager root = NDManager.newBaseManager(Torch.device("cpu"))) {
            MetaGraph net = new MetaGraph(root, preset, preset.classes(), SEED);
            Controller ctrl = new Controller(root, preset, SEED + 1, extras.controller());
            Steps steps = new Steps(root, net, ctrl);
            SplittableRandom rng = new SplittableRandom(SEED + batch);
            Inputs in = Inputs.of(preset, batch, rng);
            float[] x = in.x();
            int[] y = in.y();
            float[] ones = Steps.constantPolicy(batch, -1);
            float[] mbv2 = Steps.constantPolicy(batch, 0);
            float[] rand = in.rand();
            float[] drop = new float[ones.length];
            for (int i = 0; i < drop.length; i++) {
                drop[i] = rng.nextDouble() < KEEP ? 1f : 0f;
            }
            // the reference's reward window: [0.3, 0.8] × the all-options latency (MACs table)
            LatencyTable table = LatencyProfiler.macs(preset);
            double lb = 0.3 * table.max();
            double ub = 0.8 * table.max();
            Optim netOpt = new Optim.Sgd(root, 0.01, 0.9, false, 0);
            Optim ctrlOpt = new Optim.Adam(root, 5e-4, 0);
            // calibrate BatchNorm statistics with two train-mode passes (as the reference does)
            float[] cal = op.equals("infer_mbv2") || op.equals("mbv2_step")
                    ? mbv2
                    : op.startsWith("pretrain_drop") ? drop : rand;
            Optim none = new Optim.Sgd(root, 1e-12, 0, false, 0);
            for (int i = 0; i < 2; i++) {
                steps.trainNet(x, y, cal, none);
            }
            double density = extras.density();
            if (!Double.isNaN(density) && op.startsWith("search_step")) {
                // every probability p with α·p + (1 − α)·(1 − p) = density (α = 0.8), whatever the image
                double p = (density - 0.2) / 0.6;
                if (!(p > 0 && p < 1)) {
                    throw new IllegalArgumentException(
                            "--density: the search ops sample at least 0.2 and at most 0.8 of the options (α 0.8)");
                }
                Map<String, NDArray> c = ctrl.params().trainableByName();
                c.get("c.fc.w").muli(0);
                c.get("c.fc.b").muli(0).addi((float) Math.log(p / (1 - p)));
            }
            float[] tuned = finetunePolicy(batch, Double.isNaN(density) ? FINETUNE_DENSITY : density, rng);
            Runnable fn = switch (op) {
                case "pretrain_step" -> () -> steps.trainNet(x, y, ones, netOpt);
                case "pretrain_drop_step", "pretrain_drop_step_gathered" -> () -> steps.trainNet(x, y, drop, netOpt);
                case "search_step", "search_step_gathered" ->
                    () -> {
                        Steps.ControllerResult r =
                                steps.trainController(x, y, table, lb, ub, 0.8, 0.8, 30, 0, 1, false, ctrlOpt, rng);
                        steps.trainNet(x, y, Steps.permuteRows(r.sampled(), batch, rng), netOpt);
                    };
                case "finetune_step", "finetune_step_gathered" ->
                    () -> {
                        steps.greedy(x, batch); // the frozen controller's forward (its policies are replaced)
                        steps.trainNet(x, y, tuned, netOpt);
                    };
                case "mbv2_step" -> () -> steps.trainNet(x, y, mbv2, netOpt);
                case "infer_mbv2" -> () -> steps.inferPolicy(x, batch, mbv2);
                case "infer_controller" -> () -> steps.greedy(x, batch);
                case "infer_routed_masked" ->
                    () -> {
                        try (NDManager m = root.newSubManager()) {
                            net.forwardMasked(
                                            m.create(
                                                    x,
                                                    new Shape(
                                                            batch,
                                                            preset.inputChannels(),
                                                            preset.inputSize(),
                                                            preset.inputSize())),
                                            rand,
                                            Pass.EVAL)
                                    .toFloatArray();
                        }
                    };
                case "infer_routed_gathered" -> () -> steps.inferPolicy(x, batch, rand);
                default -> throw new IllegalArgumentException("unknown op '" + op + "'; ops: " + OPS);
            };
            steps.setGatheredTraining(op.endsWith("_gathered") && !op.startsWith("infer"));
            for (int i = 0; i < warmup; i++) {
                fn.run();
            }
            double[] t = new double[iters];
            if (extras.profile() != null) {
                JniUtils.startProfile(false, false, false);
            }
            long start = System.nanoTime();
            for (int i = 0; i < iters; i++) {
                long t0 = System.nanoTime();
                fn.run();
                t[i] = (System.nanoTime() - t0) / 1e6;
                if (extras.rssEvery() > 0 && (i + 1) % extras.rssEvery() == 0 && extras.rss() != null) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("op", op);
                    m.put("iteration", i + 1);
                    m.put("rss_mb", rssMb());
                    m.put(
                            "heap_used_mb",
                            round((Runtime.getRuntime().totalMemory()
                                            - Runtime.getRuntime().freeMemory())
                                    / 1048576.0));
                    extras.rss().accept(m);
                }
            }
            double wall = (System.nanoTime() - start) / 1e6;
            if (extras.profile() != null) {
                JniUtils.stopProfile(extras.profile().toAbsolutePath().toString());
            }
            Arrays.sort(t);
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("preset", presetName);
            rec.put("batch", batch);
            rec.put("op", op);
            rec.put("threads", threads);
            if (!Double.isNaN(density) && (op.startsWith("search_step") || op.startsWith("finetune"))) {
                rec.put("density", density);
            }
            if (!extras.controller().equals(Controller.Size.PRESET)) {
                rec.put("controller_pool", extras.controller().pool());
                rec.put("controller_width", extras.controller().width());
            }
            rec.put("median_ms", round(LatencyProfiler.quantile(t, 0.5)));
            rec.put("p10_ms", round(LatencyProfiler.quantile(t, 0.1)));
            rec.put("p90_ms", round(LatencyProfiler.quantile(t, 0.9)));
            rec.put("iters", iters);
            rec.put("warmup", warmup);
            rec.put(
                    "engine",
                    "djl " + Engine.getDjlVersion() + " / pytorch "
                            + Engine.getEngine("PyTorch").getVersion());
            KernelCheck.Verdict k = KernelCheck.current();
            rec.put("kernels", k == null ? "unchecked" : k.config());
            rec.put("rss_mb", rssMb());
            if (extras.profile() != null) {
                rec.put("profile", extras.profile().toString());
                rec.put("profiled_wall_ms", round(wall));
            }
            return rec;
        }
    }

    /**
     * Greedy fine-tuning policies: {@link #FINETUNE_ARCHS} random architectures, each with
     * round(density · 85) options on (at least one per cell where possible), rows taking turns.
     */
    static float[] finetunePolicy(int batch, double density, SplittableRandom rng) {
        if (!(density > 0 && density <= 1)) {
            throw new IllegalArgumentException("--density must be in (0, 1] (was " + density + ")");
        }
        int n = Arch.CELLS * Arch.OPTIONS;
        int on = Math.max(1, (int) Math.round(density * n));
        float[][] archs = new float[FINETUNE_ARCHS][n];
        for (float[] a : archs) {
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            for (int i = n - 1; i > 0; i--) { // Fisher–Yates
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int i = 0; i < on; i++) {
                a[order[i]] = 1f;
            }
        }
        float[] p = new float[batch * n];
        for (int r = 0; r < batch; r++) {
            System.arraycopy(archs[r % FINETUNE_ARCHS], 0, p, r * n, n);
        }
        return p;
    }

    /**
     * What the deployment runtime's benchmark runs, the same as {@link #run}'s inference ops at batch
     * {@code batch}: the meta-graph's and controller's weights (random, seed {@link #SEED}, BatchNorm
     * statistics calibrated on the routed policy), the input, and the architecture {@code
     * infer_routed_gathered} gives the first image.
     */
    public record Models(
            Map<String, float[]> net,
            Map<String, long[]> netShapes,
            Map<String, float[]> controller,
            Map<String, long[]> controllerShapes,
            boolean[][] routed,
            float[] input) {}

    public static Models models(String presetName, int batch, Controller.Size size) throws java.io.IOException {
        Preset preset = Preset.load(presetName);
        try (NDManager root = NDManager.newBaseManager(Torch.device("cpu"))) {
            MetaGraph net = new MetaGraph(root, preset, preset.classes(), SEED);
            Controller ctrl = new Controller(root, preset, SEED + 1, size);
            Steps steps = new Steps(root, net, ctrl);
            Inputs in = Inputs.of(preset, batch, new SplittableRandom(SEED + batch));
            float[] x = in.x();
            int[] y = in.y();
            float[] rand = in.rand();
            Optim none = new Optim.Sgd(root, 1e-12, 0, false, 0);
            for (int i = 0; i < 2; i++) {
                steps.trainNet(x, y, rand, none);
            }
            boolean[][] arch = new boolean[Arch.CELLS][Arch.OPTIONS];
            for (int t = 0; t < Arch.CELLS; t++) {
                for (int a = 0; a < Arch.OPTIONS; a++) {
                    arch[t][a] = rand[t * Arch.OPTIONS + a] > 0.5f;
                }
            }
            java.io.ByteArrayOutputStream nb = new java.io.ByteArrayOutputStream();
            net.params().save(nb);
            java.io.ByteArrayOutputStream cb = new java.io.ByteArrayOutputStream();
            ctrl.params().save(cb);
            Map<String, long[]> ns = new LinkedHashMap<>();
            Map<String, long[]> cs = new LinkedHashMap<>();
            Map<String, float[]> nv = Params.readTensors(new java.io.ByteArrayInputStream(nb.toByteArray()), ns);
            Map<String, float[]> cv = Params.readTensors(new java.io.ByteArrayInputStream(cb.toByteArray()), cs);
            return new Models(nv, ns, cv, cs, arch, x);
        }
    }

    public static List<Map<String, Object>> all(
            String preset, int batch, int iters, int warmup, Consumer<Map<String, Object>> each) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String op : OPS) {
            Map<String, Object> r = run(preset, batch, op, iters, warmup);
            each.accept(r);
            out.add(r);
        }
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(Math.max(r.nextDouble(), 1e-300))) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /** Resident set size of this process in MiB (Linux), or −1. */
    public static double rssMb() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
