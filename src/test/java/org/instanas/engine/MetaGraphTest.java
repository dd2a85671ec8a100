// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.instanas.run.Arch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Shapes for every preset, masked = gathered, and gathered runs only selected options. */
class MetaGraphTest extends EngineTestBase {

    static float[] randomPolicy(int b, double p, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] pol = new float[b * 85];
        for (int i = 0; i < pol.length; i++) {
            pol[i] = r.nextDouble() < p ? 1f : 0f;
        }
        return pol;
    }

    static float[] randomImages(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return x;
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny", "c10", "c100", "tiny-imagenet"})
    void maskedAndGatheredAgreeForEveryPreset(String name) throws Exception {
        engine(() -> {
            Preset p = Preset.load(name);
            int b = 3;
            try (NDManager m = NDManager.newBaseManager()) {
                MetaGraph net = new MetaGraph(m, p, p.classes(), 1);
                Controller ctrl = new Controller(m, p, 2);
                NDArray x = m.create(
                        randomImages(b * p.inputChannels() * p.inputSize() * p.inputSize(), 3),
                        new Shape(b, p.inputChannels(), p.inputSize(), p.inputSize()));
                // realistic BatchNorm statistics: one train-mode pass on all options
                net.forwardMasked(x, Steps.constantPolicy(b, -1), Pass.TRAIN);
                float[] pol = randomPolicy(b, 0.4, 5);
                // make one cell empty for the whole batch and one row empty at a stage entry
                for (int r = 0; r < b; r++) {
                    for (int a = 0; a < 5; a++) {
                        pol[(r * 17 + 4) * 5 + a] = 0f;
                        pol[(r * 17 + 6) * 5 + a] = r == 0 ? 0f : pol[(r * 17 + 6) * 5 + a];
                    }
                }
                float[] masked = net.forwardMasked(x, pol, Pass.EVAL).toFloatArray();
                float[] gathered = net.forwardGathered(x, pol).toFloatArray();
                assertEquals(b * p.classes(), masked.length, "logits shape [B, classes]");
                float scale = 0;
                for (float v : masked) {
                    scale = Math.max(scale, Math.abs(v));
                }
                for (int i = 0; i < masked.length; i++) {
                    assertEquals(masked[i], gathered[i], 1e-4 * Math.max(1, scale), "logit " + i);
                }
                NDArray probs = ctrl.forward(x, Pass.EVAL);
                assertArrayEquals(new long[] {b, 17, 5}, probs.getShape().getShape());
                for (float v : probs.toFloatArray()) {
                    assertTrue(v > 0 && v < 1);
                }
            }
        });
    }

    @Test
    void gatheredRunsOnlySelectedOptions() throws Exception {
        engine(() -> {
            Preset p = Preset.load("tiny");
            try (NDManager m = NDManager.newBaseManager()) {
                MetaGraph net = new MetaGraph(m, p, 10, 1);
                int b = 4;
                NDArray x = m.create(randomImages(b * 28 * 28, 9), new Shape(b, 1, 28, 28));
                float[] pol = randomPolicy(b, 0.15, 11);
                boolean[] entry = net.stageEntries();
                int expected = 0;
                for (int t = 0; t < 17; t++) {
                    boolean anyEmpty = false;
                    for (int a = 0; a < 5; a++) {
                        boolean any = false;
                        for (int r = 0; r < b; r++) {
                            any |= pol[(r * 17 + t) * 5 + a] > 0;
                        }
                        if (any) {
                            expected++;
                        }
                    }
                    for (int r = 0; r < b; r++) {
                        boolean rowAny = false;
                        for (int a = 0; a < 5; a++) {
                            rowAny |= pol[(r * 17 + t) * 5 + a] > 0;
                        }
                        anyEmpty |= !rowAny;
                    }
                    boolean opt4Selected = false;
                    for (int r = 0; r < b; r++) {
                        opt4Selected |= pol[(r * 17 + t) * 5 + 4] > 0;
                    }
                    if (entry[t] && anyEmpty && !opt4Selected) {
                        expected++; // an empty stage-entry cell runs option 4
                    }
                }
                net.forwardGathered(x, pol);
                assertEquals(expected, net.lastOptionRuns());
                // the MobileNetV2 path runs exactly one option per cell
                net.forwardGathered(x, Steps.constantPolicy(b, 0));
                assertEquals(17, net.lastOptionRuns());
            }
        });
    }

    @Test
    void imagenetPresetShapes() throws Exception {
        engine(() -> {
            Preset p = Preset.load("imagenet");
            try (NDManager m = NDManager.newBaseManager()) {
                MetaGraph net = new MetaGraph(m, p, p.classes(), 1);
                Controller ctrl = new Controller(m, p, 2);
                NDArray x = m.create(randomImages(3 * 224 * 224, 1), new Shape(1, 3, 224, 224));
                assertArrayEquals(
                        new long[] {1, 1000},
                        net.forwardGathered(x, Steps.constantPolicy(1, 0))
                                .getShape()
                                .getShape());
                assertArrayEquals(
                        new long[] {1, 17, 5},
                        ctrl.forward(x, Pass.EVAL).getShape().getShape());
            }
        });
    }

    @Test
    void batchNormRecalibrationIsAnExactAverageIndependentOfHistory() throws Exception {
        engine(() -> {
            Preset p = Preset.load("tiny");
            try (NDManager m = NDManager.newBaseManager()) {
                MetaGraph net = new MetaGraph(m, p, 10, 1);
                Steps steps = new Steps(m, net, null);
                int b = 8;
                List<float[]> cal = List.of(randomImages(b * 784, 1), randomImages(b * 784, 2));
                float[] mb = Steps.constantPolicy(b, 0);
                steps.recalibrate(cal, b, x -> mb);
                Map<String, float[]> first = net.params().bufferValues();
                // the stem's statistics are the average over the calibration batches of each batch's
                // channel mean and unbiased variance, computed here in plain Java from the stem's weights
                float[] w = net.params().trainableByName().get("stem.w").toFloatArray();
                KernelCheck.Case stem = new KernelCheck.Case("stem", b, 1, 8, 28, 3, 1, 1, false);
                double[] wantMean = new double[8];
                double[] wantVar = new double[8];
                for (float[] x : cal) {
                    double[] y = KernelCheck.reference(stem, x, w, new float[b * 8 * 784])
                            .y();
                    for (int c = 0; c < 8; c++) {
                        double sum = 0;
                        double sq = 0;
                        for (int n = 0; n < b; n++) {
                            for (int i = 0; i < 784; i++) {
                                double v = y[(n * 8 + c) * 784 + i];
                                sum += v;
                                sq += v * v;
                            }
                        }
                        int count = b * 784;
                        double mean = sum / count;
                        wantMean[c] += mean / cal.size();
                        wantVar[c] += (sq - count * mean * mean) / (count - 1) / cal.size();
                    }
                }
                for (int c = 0; c < 8; c++) {
                    assertEquals(
                            wantMean[c],
                            first.get("stem.bn.mean")[c],
                            1e-4 * Math.max(1, Math.abs(wantMean[c])),
                            "mean " + c);
                    assertEquals(
                            wantVar[c], first.get("stem.bn.var")[c], 1e-4 * Math.max(1, wantVar[c]), "variance " + c);
                }
                // training-mode passes on other data move the running statistics...
                for (int i = 0; i < 3; i++) {
                    net.forwardMasked(
                            m.create(randomImages(b * 784, 10 + i), new Shape(b, 1, 28, 28)),
                            Steps.constantPolicy(b, -1),
                            Pass.TRAIN);
                }
                assertFalse(Arrays.equals(
                        first.get("stem.bn.mean"), net.params().bufferValues().get("stem.bn.mean")));
                // ...and a recalibration on the same batches gives the same statistics again
                steps.recalibrate(cal, b, x -> mb);
                Map<String, float[]> again = net.params().bufferValues();
                for (String k : first.keySet()) {
                    assertArrayEquals(first.get(k), again.get(k), 1e-5f, k);
                }
            }
        });
    }

    @Test
    void tinyPresetChannels() {
        Preset p = Preset.load("tiny");
        assertEquals(8, p.stemOut());
        assertEquals(320, p.headOut());
        int[][] cells = p.cells();
        assertEquals(17, cells.length);
        assertEquals(80, cells[16][1]);
        boolean[] e = p.stageEntries();
        int[] entries = {0, 1, 3, 6, 10, 13, 16};
        int n = 0;
        for (int t = 0; t < 17; t++) {
            if (e[t]) {
                assertEquals(entries[n++], t);
            }
        }
        assertEquals(7, n);
    }

    @Test
    void recalibrationAveragesAnOptionOverTheBatchesItRanIn() throws Exception {
        engine(() -> {
            Preset p = Preset.load("tiny");
            try (NDManager m = NDManager.newBaseManager()) {
                MetaGraph net = new MetaGraph(m, p, 10, 1);
                Steps steps = new Steps(m, net, null);
                int b = 8;
                int t = 1;
                while (net.stageEntries()[t]) {
                    t++;
                }
                float[] x1 = randomImages(b * 784, 1);
                float[] x2 = randomImages(b * 784, 2);
                float[] mbv2 = Steps.constantPolicy(b, 0);
                float[] withOption1 = mbv2.clone();
                for (int r = 0; r < b; r++) {
                    withOption1[(r * Arch.CELLS + t) * Arch.OPTIONS + 1] = 1f;
                }
                // option 1 of cell t runs in the second batch only: its statistics are that batch's
                steps.recalibrate(List.of(x1, x2), b, x -> x == x1 ? mbv2 : withOption1);
                Map<String, float[]> both = net.params().bufferValues();
                steps.recalibrate(List.of(x2), b, x -> withOption1);
                Map<String, float[]> second = net.params().bufferValues();
                String prefix = "cell" + t + ".op1.";
                int checked = 0;
                for (String k : both.keySet()) {
                    if (k.startsWith(prefix)) {
                        assertArrayEquals(second.get(k), both.get(k), 1e-4f, k);
                        checked++;
                    }
                }
                assertTrue(checked >= 4, "the option's BatchNorm buffers: " + checked);
            }
        });
    }
}
