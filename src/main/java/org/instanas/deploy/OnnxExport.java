// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.instanas.engine.Preset;
import org.instanas.run.Arch;

/**
 * Builds ONNX models of a checkpoint's weights, as the engine computes them in eval mode: one static
 * network per architecture (only the options it runs, BatchNorm folded into each convolution's
 * weights and bias, residual adds, the empty cell's identity or a stage entry's option 4) and the
 * controller (image in, 85 probabilities out). Weights come as float arrays named as in the engine
 * ({@code cell13.op4.c1.w}, {@code cell13.op4.c1.bn.mean}, …), read from the checkpoint without libtorch.
 */
public final class OnnxExport {
    /** The engine's BatchNorm epsilon (Nn.BN_EPS). */
    static final float BN_EPS = 1e-5f;

    private static final int[][] OPTION_KE = {{3, 6}, {3, 3}, {5, 6}, {5, 3}};

    /** Named tensors and their shapes, as {@code Params.readTensors} returns them. */
    public record Weights(Map<String, float[]> values, Map<String, long[]> shapes) {
        float[] get(String name) {
            float[] v = values.get(name);
            if (v == null) {
                throw new IllegalArgumentException("the checkpoint has no tensor " + name);
            }
            return v;
        }

        long[] shape(String name) {
            get(name);
            return shapes.get(name);
        }
    }

    private OnnxExport() {}

    /**
     * The routed network for one architecture: input {@code image [batch, C, H, W]} (normalised as in
     * training), outputs {@code logits [batch, classes]} and {@code probabilities} (softmax).
     */
    public static byte[] network(Preset preset, Weights w, boolean[][] arch, Map<String, String> metadata) {
        OnnxGraph g = new OnnxGraph("instanas_" + Arch.format(arch));
        int[][] cells = preset.cells();
        String h = g.input("image", preset.inputChannels(), preset.inputSize(), preset.inputSize());
        h = g.node("Relu", "stem.relu", convBn(g, w, "stem", h, preset.stemStride(), 1));
        for (int t = 0; t < Arch.CELLS; t++) {
            int in = cells[t][0];
            int out = cells[t][1];
            int s = cells[t][2];
            boolean entry = cells[t][3] == 1;
            List<Integer> on = new ArrayList<>();
            for (int a = 0; a < Arch.OPTIONS; a++) {
                if (arch[t][a]) {
                    on.add(a);
                }
            }
            if (on.isEmpty()) {
                if (!entry) {
                    continue; // the identity: the cell is skipped
                }
                on.add(4); // a stage's first cell changes shape: option 4 stands in
            }
            List<String> outs = new ArrayList<>();
            for (int a : on) {
                outs.add(option(g, w, t, a, h, in, out, s));
            }
            h = outs.size() == 1 ? outs.get(0) : g.node("Sum", "cell" + t + ".sum", outs, Map.of());
        }
        h = g.node("Relu", "head.relu", convBn(g, w, "head", h, 1, 1));
        h = g.node("GlobalAveragePool", "head.pool", h);
        h = g.node("Flatten", "head.flat", List.of(h), Map.of("axis", 1L));
        long classes = w.shape("fc.w")[0];
        g.floats("fc.w", w.get("fc.w"), w.shape("fc.w"));
        g.floats("fc.b", w.get("fc.b"), classes);
        String logits = g.node("Gemm", "logits", List.of(h, "fc.w", "fc.b"), Map.of("transB", 1L));
        g.node("Softmax", "probabilities", List.of(logits), Map.of("axis", 1L));
        g.output("logits", classes);
        g.output("probabilities", classes);
        return g.model(metadata);
    }

    private static String option(OnnxGraph g, Weights w, int t, int a, String x, int in, int out, int s) {
        String n = "cell" + t + ".op" + a;
        if (a < 4) {
            String y = g.node("Relu", n + ".expand.relu", convBn(g, w, n + ".expand", x, 1, 1));
            long hidden = w.shape(n + ".dw.w")[0];
            y = g.node("Relu", n + ".dw.relu", convBn(g, w, n + ".dw", y, s, hidden));
            y = convBn(g, w, n + ".project", y, 1, 1);
            return s == 1 && in == out ? g.node("Add", n + ".residual", y, x) : y;
        }
        String y = g.node("Relu", n + ".c1.relu", convBn(g, w, n + ".c1", x, s, 1));
        return relu6(g, n + ".c2.relu6", convBn(g, w, n + ".c2", y, 1, 1));
    }

    private static String relu6(OnnxGraph g, String name, String x) {
        return g.node("Clip", name, x, g.scalar("zero", 0f), g.scalar("six", 6f));
    }

    /**
     * Convolution (no bias, padding k/2) followed by eval-mode BatchNorm, folded: w' = w·γ/√(σ²+ε),
     * b = β − μ·γ/√(σ²+ε), per output channel.
     */
    static String convBn(OnnxGraph g, Weights w, String name, String x, int stride, long groups) {
        float[] wt = w.get(name + ".w");
        long[] shape = w.shape(name + ".w");
        float[] gamma = w.get(name + ".bn.gamma");
        float[] beta = w.get(name + ".bn.beta");
        float[] mean = w.get(name + ".bn.mean");
        float[] var = w.get(name + ".bn.var");
        int co = (int) shape[0];
        int per = wt.length / co;
        float[] fw = new float[wt.length];
        float[] fb = new float[co];
        for (int o = 0; o < co; o++) {
            double scale = gamma[o] / Math.sqrt(var[o] + (double) BN_EPS);
            for (int i = 0; i < per; i++) {
                fw[o * per + i] = (float) (wt[o * per + i] * scale);
            }
            fb[o] = (float) (beta[o] - mean[o] * scale);
        }
        g.floats(name + ".weight", fw, shape);
        g.floats(name + ".bias", fb, co);
        long k = shape[2];
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("kernel_shape", new long[] {k, k});
        attrs.put("strides", new long[] {stride, stride});
        attrs.put("pads", new long[] {k / 2, k / 2, k / 2, k / 2});
        attrs.put("group", groups);
        return g.node("Conv", name, List.of(x, name + ".weight", name + ".bias"), attrs);
    }

    /**
     * The controller: input {@code image [batch, C, H, W]}, output {@code probabilities [batch, 85]}
     * (cell-major: cell 0's five options first), average-pooled first by {@code pool} as the engine does.
     * The channel widths are read from the weights, so a narrowed controller exports as it was trained.
     */
    public static byte[] controller(Preset preset, Weights w, int pool, Map<String, String> metadata) {
        OnnxGraph g = new OnnxGraph("instanas_controller");
        boolean p224 = "policy224".equals(preset.controller());
        String h = g.input("image", preset.inputChannels(), preset.inputSize(), preset.inputSize());
        if (pool > 1) {
            h = avgPool(g, "c.pool", h, pool);
        }
        h = g.node("Relu", "c.stem.relu", convBn(g, w, "c.stem", h, p224 ? 2 : 1, 1));
        if (p224) {
            Map<String, Object> mp = new LinkedHashMap<>();
            mp.put("kernel_shape", new long[] {3, 3});
            mp.put("strides", new long[] {2, 2});
            mp.put("pads", new long[] {1, 1, 1, 1});
            h = g.node("MaxPool", "c.stem.maxpool", List.of(h), mp);
        }
        int units = p224 ? 4 : 3;
        int[] strides = p224 ? new int[] {1, 2, 2, 2} : new int[] {1, 2, 2};
        long c = w.shape("c.stem.w")[0];
        for (int i = 0; i < units; i++) {
            String n = "c.unit" + i;
            long width = w.shape(n + ".c1.w")[0];
            int s = strides[i];
            String y = g.node("Relu", n + ".c1.relu", convBn(g, w, n + ".c1", h, s, 1));
            y = relu6(g, n + ".c2.relu6", convBn(g, w, n + ".c2", y, 1, 1));
            String sc;
            if (w.values().containsKey(n + ".proj.w")) {
                sc = convBn(g, w, n + ".proj", h, s, 1);
            } else if (s > 1) {
                sc = avgPool(g, n + ".shortcut.pool", h, s);
                if (width > c) {
                    String pads = g.longs(n + ".shortcut.pads", 0, 0, 0, 0, 0, width - c, 0, 0);
                    sc = g.node("Pad", n + ".shortcut.pad", sc, pads);
                }
            } else {
                sc = h;
            }
            h = g.node("Relu", n + ".relu", g.node("Add", n + ".add", sc, y));
            c = width;
        }
        h = g.node("GlobalAveragePool", "c.pool.global", h);
        h = g.node("Flatten", "c.flat", List.of(h), Map.of("axis", 1L));
        g.floats("c.fc.w", w.get("c.fc.w"), w.shape("c.fc.w"));
        g.floats("c.fc.b", w.get("c.fc.b"), w.shape("c.fc.b"));
        String logits = g.node("Gemm", "c.logits", List.of(h, "c.fc.w", "c.fc.b"), Map.of("transB", 1L));
        g.node("Sigmoid", "probabilities", logits);
        g.output("probabilities", Arch.LENGTH);
        return g.model(metadata);
    }

    /** Average pooling k×k, stride k, ceil mode, padding not counted (the engine's Pool.avgPool2d). */
    private static String avgPool(OnnxGraph g, String name, String x, int k) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("kernel_shape", new long[] {k, k});
        a.put("strides", new long[] {k, k});
        a.put("ceil_mode", 1L);
        a.put("count_include_pad", 0L);
        return g.node("AveragePool", name, List.of(x), a);
    }
}
