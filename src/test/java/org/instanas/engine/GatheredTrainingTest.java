// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.instanas.run.Arch;
import org.junit.jupiter.api.Test;

/**
 * Gathered (sparse) training (docs/algorithm.md §12): each option runs only on the rows that selected
 * it, and the gradients are those of masked execution wherever the two must agree.
 */
class GatheredTrainingTest extends EngineTestBase {
    private static final int B = 12;

    @Test
    void evalModeGradientsEqualMaskedExecutionAndOnlySelectedRowsRun() throws Exception {
        engine(() -> {
            try (NDManager root = NDManager.newBaseManager(Torch.device("cpu"))) {
                Preset preset = Preset.load("tiny");
                MetaGraph net = new MetaGraph(root, preset, 10, 5);
                float[] x = images(preset, new SplittableRandom(1));
                float[] policy = policy(0.3, new SplittableRandom(2));
                float[] weights = new float[B * 10];
                SplittableRandom r = new SplittableRandom(3);
                for (int i = 0; i < weights.length; i++) {
                    weights[i] = (float) r.nextGaussian();
                }
                // realistic eval-mode statistics: re-estimated on this batch with this policy
                Steps steps = new Steps(root, net, null);
                steps.recalibrate(List.of(x), B, xb -> policy);

                Map<String, float[]> masked =
                        gradients(root, net, preset, x, weights, xs -> net.forwardMasked(xs, policy, Pass.EVAL));
                long maskedRows = net.lastOptionRows();
                Map<String, float[]> gathered =
                        gradients(root, net, preset, x, weights, xs -> net.forwardGathered(xs, policy, Pass.EVAL));
                long gatheredRows = net.lastOptionRows();

                int compared = assertSameGradients(masked, gathered);
                assertTrue(compared > 20, "gradients of the stem, the selected options and the head: " + compared);

                // gathered: one row per (image, cell, selected option), plus option 4 of an empty
                // entry cell; masked: the whole batch for every option that any image selected
                long selected = 0;
                long maskedExpected = 0;
                boolean[] entry = net.stageEntries();
                for (int t = 0; t < Arch.CELLS; t++) {
                    boolean[] any = new boolean[Arch.OPTIONS];
                    for (int row = 0; row < B; row++) {
                        int on = 0;
                        for (int a = 0; a < Arch.OPTIONS; a++) {
                            if (policy[(row * Arch.CELLS + t) * Arch.OPTIONS + a] > 0.5f) {
                                on++;
                                any[a] = true;
                            }
                        }
                        selected += on == 0 && entry[t] ? 1 : on;
                    }
                    int options = 0;
                    for (boolean a : any) {
                        options += a ? 1 : 0;
                    }
                    maskedExpected += (long) B * options;
                }
                assertEquals(selected, gatheredRows, "gathered execution runs only the selected rows");
                assertTrue(
                        maskedRows >= maskedExpected && gatheredRows < maskedRows / 2,
                        "masked " + maskedRows + " rows, gathered " + gatheredRows);
            }
        });
    }

    @Test
    void trainModeEqualsMaskedWhenEveryRowSelectsTheSameOptions() throws Exception {
        engine(() -> {
            try (NDManager root = NDManager.newBaseManager(Torch.device("cpu"))) {
                Preset preset = Preset.load("tiny");
                MetaGraph net = new MetaGraph(root, preset, 10, 5);
                float[] x = images(preset, new SplittableRandom(4));
                // one architecture for the whole batch: each option's rows are the whole batch,
                // so per-option BatchNorm statistics are the batch's, as in masked execution
                float[] row = policy(0.4, new SplittableRandom(5));
                float[] policy = new float[row.length];
                for (int i = 0; i < B; i++) {
                    System.arraycopy(row, 0, policy, i * Arch.LENGTH, Arch.LENGTH);
                }
                float[] weights = new float[B * 10];
                SplittableRandom r = new SplittableRandom(6);
                for (int i = 0; i < weights.length; i++) {
                    weights[i] = (float) r.nextGaussian();
                }
                Map<String, float[]> stats = net.params().bufferValues();
                Map<String, float[]> masked =
                        gradients(root, net, preset, x, weights, xs -> net.forwardMasked(xs, policy, Pass.TRAIN));
                net.params().setBufferValues(stats);
                Map<String, float[]> gathered =
                        gradients(root, net, preset, x, weights, xs -> net.forwardGathered(xs, policy, Pass.TRAIN));
                assertSameGradients(masked, gathered);
            }
        });
    }

    /** Every gradient of {@code want} equals {@code got}'s within 2e-4 of its tensor's largest; returns their count. */
    private static int assertSameGradients(Map<String, float[]> want, Map<String, float[]> got) {
        for (String k : want.keySet()) {
            float[] a = want.get(k);
            float[] b = got.get(k);
            double scale = 1e-6;
            for (float v : a) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 2e-4 * scale, k + "[" + i + "]");
            }
        }
        return want.size();
    }

    private static float[] images(Preset p, SplittableRandom r) {
        float[] x = new float[B * p.inputChannels() * p.inputSize() * p.inputSize()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    private static float[] policy(double keep, SplittableRandom r) {
        float[] p = new float[B * Arch.LENGTH];
        for (int i = 0; i < p.length; i++) {
            p[i] = r.nextDouble() < keep ? 1f : 0f;
        }
        return p;
    }

    /** Gradients of sum(logits · weights) of every parameter that took part, by name; zeroed afterwards. */
    private static Map<String, float[]> gradients(
            NDManager root,
            MetaGraph net,
            Preset preset,
            float[] x,
            float[] weights,
            Function<NDArray, NDArray> forward) {
        Map<String, float[]> out = new LinkedHashMap<>();
        try (NDManager m = root.newSubManager()) {
            NDArray xs = m.create(x, new Shape(B, preset.inputChannels(), preset.inputSize(), preset.inputSize()));
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray logits = forward.apply(xs);
                gc.backward(logits.mul(m.create(weights, new Shape(B, 10))).sum());
            }
            List<NDArray> touched = new ArrayList<>(net.touchedParams());
            for (Map.Entry<String, NDArray> e : net.params().trainableByName().entrySet()) {
                if (touched.contains(e.getValue())) {
                    NDArray g = e.getValue().getGradient();
                    g.attach(m);
                    out.put(e.getKey(), g.toFloatArray());
                    JniUtils.zeroGrad((PtNDArray) e.getValue());
                }
            }
        }
        return out;
    }
}
