// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.instanas.deploy.OnnxExport;
import org.instanas.deploy.OrtModel;
import org.instanas.run.Arch;
import org.junit.jupiter.api.Test;

/**
 * The exported ONNX models, run in ONNX Runtime, compute what the engine computes in eval mode: the
 * golden preset's small meta-graph (17 cells at 8 channels, 3×13×13) with BatchNorm statistics far from
 * their initial values (so folding them is tested), and its controller.
 */
class OnnxNumericsTest extends EngineTestBase {
    private static final int B = 3;
    private static final double TOLERANCE = 1e-4;

    private static Preset preset() throws Exception {
        return Preset.load(Path.of(OnnxNumericsTest.class
                        .getResource("/golden/preset.json")
                        .toURI())
                .toString());
    }

    private static OnnxExport.Weights weights(Params p) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.save(out);
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Map<String, float[]> values = Params.readTensors(new ByteArrayInputStream(out.toByteArray()), shapes);
        return new OnnxExport.Weights(values, shapes);
    }

    /** Running means and variances away from 0 and 1, as after training. */
    private static void randomStatistics(Params p, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Map<String, float[]> v = new LinkedHashMap<>();
        p.bufferValues().forEach((k, a) -> {
            float[] b = new float[a.length];
            for (int i = 0; i < b.length; i++) {
                b[i] = k.endsWith(".var") ? (float) (0.5 + r.nextDouble()) : (float) (r.nextDouble() - 0.5) * 0.4f;
            }
            v.put(k, b);
        });
        p.setBufferValues(v);
    }

    private static float[] image(SplittableRandom r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    static double maxRelative(float[] want, float[] got) {
        assertEquals(want.length, got.length);
        double scale = 0;
        double err = 0;
        for (int i = 0; i < want.length; i++) {
            scale = Math.max(scale, Math.abs(want[i]));
            err = Math.max(err, Math.abs(want[i] - got[i]));
        }
        return err / Math.max(scale, 1e-12);
    }

    private static float[] flat(float[][] a) {
        int k = a[0].length;
        float[] out = new float[a.length * k];
        for (int i = 0; i < a.length; i++) {
            System.arraycopy(a[i], 0, out, i * k, k);
        }
        return out;
    }

    /** The three routes of the issue: the MobileNetV2 path, empty cells, several options summed. */
    static Map<String, boolean[][]> routes() {
        Map<String, boolean[][]> r = new LinkedHashMap<>();
        r.put("mbv2", Arch.fixed(Arch.MBV2));
        boolean[][] empty = Arch.fixed(Arch.MBV2);
        for (int t : new int[] {2, 4, 5, 7, 8, 10, 13}) {
            empty[t] = new boolean[Arch.OPTIONS]; // 10 and 13 are stage entries: option 4 stands in
        }
        r.put("empty cells", empty);
        boolean[][] summed = Arch.fixed(Arch.MBV2);
        summed[0] = new boolean[] {true, false, true, false, true};
        summed[3] = new boolean[] {false, true, false, true, false};
        summed[9] = new boolean[] {true, true, true, true, true};
        summed[16] = new boolean[] {false, false, true, false, true};
        r.put("summed options", summed);
        return r;
    }

    private static float[] policy(boolean[][] arch) {
        float[] p = new float[B * Arch.LENGTH];
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < Arch.CELLS; t++) {
                for (int a = 0; a < Arch.OPTIONS; a++) {
                    p[b * Arch.LENGTH + t * Arch.OPTIONS + a] = arch[t][a] ? 1 : 0;
                }
            }
        }
        return p;
    }

    @Test
    void exportedNetworksAndControllerMatchTheEngineAndAPerturbedWeightDoesNot() throws Exception {
        Preset p = preset();
        int c = p.inputChannels();
        int s = p.inputSize();
        float[] x = image(new SplittableRandom(5), B * c * s * s);
        engine(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                MetaGraph net = new MetaGraph(m, p, p.classes(), 11);
                randomStatistics(net.params(), 12);
                OnnxExport.Weights w = weights(net.params());
                NDArray in = m.create(x, new Shape(B, c, s, s));
                for (var e : routes().entrySet()) {
                    float[] want = net.forwardGathered(in, policy(e.getValue())).toFloatArray();
                    float[] masked = net.forwardMasked(in, policy(e.getValue()), Pass.EVAL)
                            .toFloatArray();
                    assertTrue(maxRelative(want, masked) < 1e-5, "the engine's two executions agree");
                    try (OrtModel ort = OrtModel.load(OnnxExport.network(p, w, e.getValue(), Map.of()), 1)) {
                        float[] got = flat(ort.run(x, B, c, s, s));
                        double err = maxRelative(want, got);
                        assertTrue(err < TOLERANCE, e.getKey() + ": logits differ by " + err + " of the largest");
                    }
                }
                // the test can fail: one weight of the head's 1x1 convolution, moved by 0.5
                float[] cw = w.values().get("head.w").clone();
                cw[0] += 0.5f;
                Map<String, float[]> changed = new LinkedHashMap<>(w.values());
                changed.put("head.w", cw);
                float[] want =
                        net.forwardGathered(in, policy(Arch.fixed(Arch.MBV2))).toFloatArray();
                try (OrtModel ort = OrtModel.load(
                        OnnxExport.network(
                                p, new OnnxExport.Weights(changed, w.shapes()), Arch.fixed(Arch.MBV2), Map.of()),
                        1)) {
                    double err = maxRelative(want, flat(ort.run(x, B, c, s, s)));
                    assertTrue(err > 3 * TOLERANCE, "a perturbed weight shows: " + err);
                }

                Controller ctrl = new Controller(m, p, 13);
                randomStatistics(ctrl.params(), 14);
                float[] probs = ctrl.forward(in, Pass.EVAL).toFloatArray();
                try (OrtModel ort = OrtModel.load(OnnxExport.controller(p, weights(ctrl.params()), 1, Map.of()), 1)) {
                    double err = maxRelative(probs, flat(ort.run(x, B, c, s, s)));
                    assertTrue(err < TOLERANCE, "controller probabilities differ by " + err);
                }
                // a pooled, narrowed controller (a run's --controller-pool 2 --controller-width 0.5)
                Controller small = new Controller(m, p, 15, new Controller.Size(2, 0.5));
                randomStatistics(small.params(), 16);
                float[] sp = small.forward(in, Pass.EVAL).toFloatArray();
                try (OrtModel ort = OrtModel.load(OnnxExport.controller(p, weights(small.params()), 2, Map.of()), 1)) {
                    double err = maxRelative(sp, flat(ort.run(x, B, c, s, s)));
                    assertTrue(err < TOLERANCE, "pooled controller probabilities differ by " + err);
                }
            }
        });
    }
}
